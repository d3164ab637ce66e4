#include "lab/LabSongWriter.h"

#include <chrono>
#include <optional>

#include <nlohmann/json.hpp>

#include "audio/AudioEncoder.h"
#include "lab/Composer.h"
#include "lab/MidiFile.h"
#include "lab/PerceivedEmotion.h"
#include "lab/ProducedSongRenderer.h"
#include "lab/ScoreLabeler.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace emotrace {

LabSongWriter::LabSongWriter(SoundfontCatalog catalog) : LabSongWriter(std::move(catalog), Options{}) {}

LabSongWriter::LabSongWriter(SoundfontCatalog catalog, Options options) : m_catalog(std::move(catalog)), m_options(options) {}

LabSongWriter::~LabSongWriter() = default;

PartRenderer& LabSongWriter::rendererFor(const std::filesystem::path& font)
{
    auto& renderer = m_renderers[font];
    if (!renderer) renderer = std::make_unique<PartRenderer>(font);
    return *renderer;
}

LabSongWriter::Written LabSongWriter::write(const std::filesystem::path& outDir, const LabSongSpec& spec, const Progress& progress)
{
    const auto started = std::chrono::steady_clock::now();
    const std::filesystem::path font = m_catalog.resolve(spec.soundfont);
    PartRenderer& renderer = rendererFor(font);

    const Score composed = Composer::compose(spec.controls, spec.seed);
    const std::vector<std::uint8_t> midi = MidiFile::encode(composed);
    // Label (and render) the score as the MIDI file holds it: what anyone reading
    // score.mid gets, to the tick.
    const Score score = MidiFile::decode(midi, spec.id + "/score.mid");
    progress.checkCancelled();
    MidLevelLabels labels;
    RenderedSong song;
    std::optional<HeardCues> heard;
    std::filesystem::path drumFont = font;
    if (spec.production) {
        if (!spec.production->drumFont.empty()) drumFont = m_catalog.resolve(spec.production->drumFont);
        ProducedSong produced = ProducedSongRenderer::render(score, spec.render, *spec.production, renderer, rendererFor(drumFont),
                                                             spec.seed, progress);
        song = std::move(produced.song);
        heard = produced.heard;
        labels = PerceivedEmotion::label(score, *heard);
    } else {
        labels = ScoreLabeler::label(score);
        song = renderer.render(score, spec.render, progress);
    }

    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error(outDir.string() + ": cannot create folder (" + ec.message() + ")");
    const auto folder = outDir / spec.id;
    const auto partial = outDir / ("." + spec.id + ".partial");
    std::filesystem::remove_all(partial, ec);
    std::filesystem::create_directories(m_options.writeStems ? partial / "stems" : partial, ec);
    if (ec) throw Error(partial.string() + ": cannot create folder (" + ec.message() + ")");
    try {
        AudioEncoder::write(partial / "mix.flac", song.mix, AudioEncoder::Format::Flac, 24);
        if (m_options.writeStems)
            for (Stem stem : allStems())
                AudioEncoder::write(partial / "stems" / (std::string(stemName(stem)) + ".flac"), song.stems.at(stem), AudioEncoder::Format::Flac, 24);
        {
            AtomicFile file(partial / "score.mid");
            file.stream().write(reinterpret_cast<const char*>(midi.data()), std::streamsize(midi.size()));
            file.commit();
        }
        nlohmann::json j = spec.toJson();
        j["format"] = "emotrace-lab-song";
        j["format_version"] = spec.production ? 2 : 1;
        j["soundfont_file"] = font.string();
        j["labels"] = labels.toJson();
        if (heard) {
            j["drum_font_file"] = drumFont.string();
            j["heard"] = heard->toJson();
            j["label_rule"] = "perceived: mid-level from the score (ScoreLabeler), arousal/valence by PerceivedEmotion";
        } else {
            j["label_rule"] = "score: ScoreLabeler";
        }
        j["duration_s"] = double(song.frameCount()) / song.sampleRate;
        j["sample_rate"] = song.sampleRate;
        j["mastering_gain"] = song.masteringGain;
        j["stems"] = nlohmann::json::array();
        if (m_options.writeStems) {
            for (Stem stem : allStems()) j["stems"].push_back(stemName(stem));
            j["files"] = {{"mix", "mix.flac"}, {"stems", "stems/<stem>.flac"}, {"score", "score.mid"}};
        } else {
            j["files"] = {{"mix", "mix.flac"}, {"score", "score.mid"}};
        }
        AtomicFile::writeJson(partial / "labels.json", j);
        std::filesystem::remove_all(folder, ec);
        std::filesystem::rename(partial, folder, ec);
        if (ec) throw Error(folder.string() + ": cannot move song into place (" + ec.message() + ")");
    } catch (...) {
        std::filesystem::remove_all(partial, ec);
        throw;
    }
    Written w;
    w.folder = folder;
    w.labels = labels;
    w.durationSeconds = double(song.frameCount()) / song.sampleRate;
    w.renderSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return w;
}

} // namespace emotrace
