#include "lab/ProducedSongRenderer.h"

#include <algorithm>
#include <cmath>

#include "audio/LossyCodec.h"
#include "lab/VoiceSynth.h"
#include "production/MixMeasures.h"
#include "production/ProductionChain.h"
#include "util/Error.h"

namespace emotrace {

namespace {

AudioBuffer silence(int rate, std::int64_t frames)
{
    return AudioBuffer{rate, 2, std::vector<float>(std::size_t(frames) * 2, 0.0f)};
}

/// Adds `from` into `into` (stereo, `from` may be shorter).
void addInto(AudioBuffer& into, const AudioBuffer& from)
{
    const std::size_t n = std::min(into.samples.size(), from.samples.size());
    for (std::size_t i = 0; i < n; ++i) into.samples[i] += from.samples[i];
}

float peakOf(const AudioBuffer& b)
{
    float peak = 0.0f;
    for (float s : b.samples) peak = std::max(peak, std::abs(s));
    return peak;
}

void scale(std::map<Stem, AudioBuffer>& stems, float gain)
{
    for (auto& [stem, buffer] : stems)
        for (float& s : buffer.samples) s *= gain;
}

} // namespace

ProducedSong ProducedSongRenderer::render(const Score& score, const RenderSettings& settings, const ProductionPlan& plan,
                                          PartRenderer& main, PartRenderer& drums, std::uint64_t seed, const Progress& progress)
{
    if (main.sampleRate() != drums.sampleRate()) throw Error("produced render: the drum font renders at another sample rate");
    const int rate = main.sampleRate();
    Score rest, percussion, amped;
    for (Score* s : {&rest, &percussion, &amped}) {
        s->durationSeconds = score.durationSeconds;
        s->nominalTempo = score.nominalTempo;
        s->beatsPerBar = score.beatsPerBar;
    }
    std::vector<const Part*> sung;
    for (const Part& part : score.parts) {
        if (part.notes.empty()) continue;
        if (part.percussion) percussion.parts.push_back(part);
        else if (plan.sungLead && part.stem == Stem::Vocals) sung.push_back(&part);
        else if (plan.ampGuitars && isAmpGuitar(part.program)) {
            amped.parts.push_back(part);
            amped.parts.back().program = kCleanGuitarProgram;
        } else rest.parts.push_back(part);
    }
    RenderSettings dry = settings;
    dry.normalize = false;
    dry.tiltDb = 0.0;

    std::vector<RenderedSong> groups;
    if (!rest.parts.empty()) groups.push_back(main.render(rest, dry, progress));
    if (!percussion.parts.empty()) groups.push_back(drums.render(percussion, dry, progress));
    if (!amped.parts.empty()) {
        groups.push_back(main.render(amped, dry, progress));
        const AmpSimulator amp(plan.amp);
        for (auto& [stem, buffer] : groups.back().stems)
            if (!buffer.isSilent()) amp.process(buffer);
    }
    // Every group lasts at least the score; the longest tail sets the song's length.
    std::int64_t frames = std::int64_t(std::ceil(score.durationSeconds * rate));
    for (const RenderedSong& g : groups) frames = std::max(frames, g.frameCount());
    frames = std::max<std::int64_t>(frames, 1);

    ProducedSong out;
    RenderedSong& song = out.song;
    song.sampleRate = rate;
    for (Stem stem : allStems()) song.stems[stem] = silence(rate, frames);
    for (const RenderedSong& g : groups)
        for (const auto& [stem, buffer] : g.stems)
            if (!buffer.isSilent()) addInto(song.stems[stem], buffer);
    std::uint64_t voiceSeed = seed;
    for (const Part* part : sung) {
        progress.checkCancelled();
        addInto(song.stems[part->stem], VoiceSynth::render(*part, plan.voice, frames, rate, voiceSeed++, progress));
    }

    progress.checkCancelled();
    song.mix = ProductionChain::apply(song.stems, plan.production, progress);

    const float peak = peakOf(song.mix);
    song.masteringGain = 1.0;
    if (peak > 0.0f) {
        song.masteringGain = std::pow(10.0, plan.masterPeakDb / 20.0) / double(peak);
        scale(song.stems, float(song.masteringGain));
    }
    if (!plan.codec.empty()) {
        const LossyFormat format = LossyCodec::fromName(plan.codec);
        for (auto& [stem, buffer] : song.stems) {
            progress.checkCancelled();
            if (!buffer.isSilent()) buffer = LossyCodec::roundTrip(buffer, format, plan.codecKbps);
        }
    }
    song.mix = ProductionChain::sum(song.stems);
    const float decodedPeak = peakOf(song.mix);
    if (decodedPeak > 0.999f) {
        const float gain = 0.999f / decodedPeak;
        scale(song.stems, gain);
        song.masteringGain *= gain;
        song.mix = ProductionChain::sum(song.stems);
    }

    const MixMeasures measures = MixMeasures::measure(song.mix);
    out.heard = HeardCues::from(measures.rmsDbAfterPeakNormalisation, measures.spectralCentroidHz,
                                MixMeasures::stemEnergyShares(song.stems).at(Stem::Drums));
    return out;
}

} // namespace emotrace
