#include "evaluation/ModuleMultitrackWriter.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "audio/AudioEncoder.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace emotrace {

namespace {

/// A CSV field, quoted when it holds a comma, quote or line break.
std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// Module names and titles come in any 8-bit code page; JSON needs UTF-8, so bytes
/// outside printable ASCII become '?'.
std::string printable(const std::string& s)
{
    std::string out = s;
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    return out;
}

nlohmann::json toJson(const ModuleMultitrack& m, const std::string& package)
{
    nlohmann::json j;
    j["format"] = "emotrace-multitrack";
    j["format_version"] = 1;
    j["source_file"] = m.source.string();
    j["source_package"] = package;
    j["module_type"] = m.format;
    j["module_title"] = printable(m.title);
    j["song_duration_s"] = m.songSeconds;
    j["duration_s"] = m.mix.durationSeconds();
    j["sample_rate"] = m.mix.sampleRate;
    j["render"] = {{"library", "libopenmpt"},
                   {"max_seconds", m.settings.maxSeconds},
                   {"interpolation_taps", m.settings.render.interpolationTaps},
                   {"stereo_separation_percent", m.settings.render.stereoSeparationPercent},
                   {"master_gain_millibel", 0},
                   {"volume_ramping", "default"},
                   {"amiga_resampler", false},
                   {"repeat_count", 0},
                   {"muted_by", m.instrumentMode ? "instrument" : "sample"}};
    j["mix_rule"] = m.mixIsStemSum ? "sum of the stem renders (the full render differed by more than the limit)"
                                   : "full render (the stem renders sum to it within the limit)";
    j["mix_residual_db"] = m.mixResidualDb;
    j["mix_residual_limit_db"] = m.settings.maxResidualDb;
    j["output_gain"] = m.outputGain;
    j["grouping_rule"] = "StemGroupingRule: name keywords, else sound (centroid >= 3 kHz, or a short dying hit at <= 2 notes -> "
                         "drums; >= 50 % of power below 200 Hz -> bass; else other); vocals and piano by name only";
    nlohmann::json stems = nlohmann::json::object();
    for (Stem stem : allStems()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& in : m.instruments)
            if (in.used && in.stem == stem) list.push_back(in.index);
        stems[stemName(stem)] = list;
    }
    j["stems"] = stems;
    j["files"] = {{"mix", "mix.flac"}, {"stems", "stems/<stem>.flac"}, {"grouping", "grouping.csv"}};
    nlohmann::json instruments = nlohmann::json::array();
    for (const auto& in : m.instruments) {
        nlohmann::json i{{"index", in.index},
                         {"name", printable(in.name)},
                         {"stem", in.used ? stemName(in.stem) : "unused"},
                         {"reason", in.reason},
                         {"distinct_notes", in.distinctNotes},
                         {"energy_share", in.energyShare}};
        if (in.used)
            i["sound"] = {{"centroid_hz", in.sound.centroidHz},
                          {"low_share", in.sound.lowShare},
                          {"onsets", in.sound.onsets},
                          {"decay_ms", in.sound.decayMs},
                          {"decayed_share", in.sound.decayedShare}};
        instruments.push_back(i);
    }
    j["instruments"] = instruments;
    return j;
}

} // namespace

std::string ModuleMultitrackWriter::groupingCsv(const std::string& name, const ModuleMultitrack& m)
{
    std::string out = "module,instrument,name,stem,reason,energy_share_percent,distinct_notes,centroid_hz,low_share,decay_ms,onsets,decayed_share\n";
    for (const auto& in : m.instruments) {
        char numbers[160];
        if (in.used)
            std::snprintf(numbers, sizeof numbers, "%.2f,%d,%.0f,%.2f,%.0f,%d,%.2f", 100.0 * in.energyShare, in.distinctNotes,
                          in.sound.centroidHz, in.sound.lowShare, in.sound.decayMs, in.sound.onsets, in.sound.decayedShare);
        else
            std::snprintf(numbers, sizeof numbers, "%.2f,%d,,,,,", 100.0 * in.energyShare, in.distinctNotes);
        out += csvField(name) + "," + std::to_string(in.index) + "," + csvField(printable(in.name)) + "," +
               (in.used ? stemName(in.stem) : "unused") + "," + csvField(in.reason) + "," + numbers + "\n";
    }
    return out;
}

std::filesystem::path ModuleMultitrackWriter::write(const std::filesystem::path& outDir, const std::string& name,
                                                    const ModuleMultitrack& m, const std::string& package)
{
    if (name.empty() || name.find('/') != std::string::npos || name.front() == '.')
        throw Error(outDir.string() + ": '" + name + "' is not a usable multitrack folder name");
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw Error(outDir.string() + ": cannot create folder (" + ec.message() + ")");
    const auto folder = outDir / name;
    const auto partial = outDir / ("." + name + ".partial");
    std::filesystem::remove_all(partial, ec);
    std::filesystem::create_directories(partial / "stems", ec);
    if (ec) throw Error(partial.string() + ": cannot create folder (" + ec.message() + ")");
    try {
        AudioEncoder::write(partial / "mix.flac", m.mix, AudioEncoder::Format::Flac, 24);
        for (Stem stem : allStems())
            AudioEncoder::write(partial / "stems" / (std::string(stemName(stem)) + ".flac"), m.stems.at(stem),
                                AudioEncoder::Format::Flac, 24);
        AtomicFile::writeJson(partial / "multitrack.json", toJson(m, package));
        {
            AtomicFile csv(partial / "grouping.csv");
            csv.stream() << groupingCsv(name, m);
            csv.commit();
        }
        std::filesystem::remove_all(folder, ec);
        std::filesystem::rename(partial, folder, ec);
        if (ec) throw Error(folder.string() + ": cannot move multitrack into place (" + ec.message() + ")");
    } catch (...) {
        std::filesystem::remove_all(partial, ec);
        throw;
    }
    return folder;
}

} // namespace emotrace
