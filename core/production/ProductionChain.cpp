#include "production/ProductionChain.h"

#include "production/AmpSimulator.h"
#include "production/BufferLevels.h"
#include "production/BusLimiter.h"
#include "production/Compressor.h"
#include "production/RoomReverb.h"
#include "production/Saturator.h"
#include "production/SettingsCheck.h"
#include "production/StemEqualizer.h"
#include "production/StereoPlacer.h"

namespace emotrace {

namespace {

void checkStems(const std::map<Stem, AudioBuffer>& stems)
{
    if (stems.empty()) throw Error("production: no stems");
    const AudioBuffer& first = stems.begin()->second;
    for (const auto& [stem, buffer] : stems) {
        const std::string name = std::string("production: stem '") + stemName(stem) + "'";
        SettingsCheck::buffer(name, buffer.sampleRate, buffer.channels, buffer.samples.size(), 2);
        if (buffer.sampleRate != first.sampleRate) throw Error(name + " has a different sample rate from the others");
        if (buffer.frameCount() != first.frameCount()) throw Error(name + " has a different length from the others");
    }
}

void produceStem(AudioBuffer& buffer, const StemProduction& p, const RoomReverb::Settings& room, const Progress& progress)
{
    if (buffer.isSilent()) return; // nothing in, nothing out

    StemEqualizer(p.eq).process(buffer);
    progress.checkCancelled();

    const bool nonlinear = !p.compressor.isNeutral() || !p.saturator.isNeutral() || p.ampEnabled;
    double gain = BufferLevels::fromDb(p.gainDb);
    if (nonlinear) {
        const double peak = BufferLevels::peak(buffer);
        if (peak > 0.0) {
            BufferLevels::scale(buffer, 1.0 / peak);
            Compressor(p.compressor).process(buffer);
            progress.checkCancelled();
            Saturator(p.saturator).process(buffer);
            progress.checkCancelled();
            if (p.ampEnabled) {
                AmpSimulator(p.amp).process(buffer);
                progress.checkCancelled();
            }
            gain *= peak;
        }
    }
    if (gain != 1.0) BufferLevels::scale(buffer, gain);

    StereoPlacer({p.pan, p.width}).process(buffer);
    progress.checkCancelled();

    if (p.reverbSend > 0.0) {
        const AudioBuffer wet = RoomReverb(room).process(buffer);
        const float send = float(p.reverbSend);
        for (std::size_t i = 0; i < buffer.samples.size(); ++i) buffer.samples[i] += send * wet.samples[i];
        progress.checkCancelled();
    }
}

} // namespace

AudioBuffer ProductionChain::sum(const std::map<Stem, AudioBuffer>& stems)
{
    checkStems(stems);
    AudioBuffer mix;
    mix.sampleRate = stems.begin()->second.sampleRate;
    mix.channels = stems.begin()->second.channels;
    mix.samples.assign(stems.begin()->second.samples.size(), 0.0f);
    for (Stem stem : allStems()) {
        const auto it = stems.find(stem);
        if (it == stems.end()) continue;
        const std::vector<float>& s = it->second.samples;
        for (std::size_t i = 0; i < s.size(); ++i) mix.samples[i] += s[i];
    }
    return mix;
}

AudioBuffer ProductionChain::apply(std::map<Stem, AudioBuffer>& stems, const ProductionSettings& settings, const Progress& progress)
{
    settings.validate();
    checkStems(stems);
    const int steps = int(stems.size()) + 1;
    int done = 0;
    progress.report("production", 0);
    for (Stem stem : allStems()) {
        const auto it = stems.find(stem);
        if (it == stems.end()) continue;
        progress.checkCancelled();
        produceStem(it->second, settings.stem(stem), settings.room, progress);
        progress.report("production", 100 * ++done / steps);
    }

    progress.checkCancelled();
    const std::vector<float> gains = BusLimiter(settings.bus).gainCurve(sum(stems));
    for (auto& [stem, buffer] : stems) BusLimiter::apply(gains, buffer);
    AudioBuffer mix = sum(stems);
    progress.report("production", 100);
    return mix;
}

} // namespace emotrace
