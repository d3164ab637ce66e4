#include "production/MixMeasures.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "production/BufferLevels.h"
#include "production/PowerSpectrum.h"
#include "production/SettingsCheck.h"

namespace emotrace {

namespace {

double spectralCentroid(const AudioBuffer& mix)
{
    const std::int64_t frames = mix.frameCount();
    const int channels = mix.channels;
    const int size = 1 << std::clamp(int(std::lround(std::log2(0.046 * mix.sampleRate))), 4, 16);
    const std::int64_t hop = size / 2;

    std::vector<float> mono(static_cast<std::size_t>(frames));
    for (std::int64_t n = 0; n < frames; ++n) {
        double s = 0.0;
        for (int c = 0; c < channels; ++c) s += mix.samples[std::size_t(n * channels + c)];
        mono[std::size_t(n)] = float(s / channels);
    }

    PowerSpectrum spectrum(size);
    std::vector<float> frame(static_cast<std::size_t>(size));
    std::vector<double> power;
    double weighted = 0.0, total = 0.0;
    const double binHz = double(mix.sampleRate) / size;
    for (std::int64_t start = 0; start < frames; start += hop) {
        const std::int64_t available = std::min<std::int64_t>(size, frames - start);
        std::fill(frame.begin(), frame.end(), 0.0f);
        std::copy_n(mono.begin() + start, available, frame.begin());
        spectrum.compute(frame.data(), power);
        for (int k = 0; k < spectrum.bins(); ++k) {
            weighted += k * binHz * power[std::size_t(k)];
            total += power[std::size_t(k)];
        }
        if (start + size >= frames) break;
    }
    return total > 0.0 ? weighted / total : 0.0;
}

} // namespace

MixMeasures MixMeasures::measure(const AudioBuffer& mix)
{
    SettingsCheck::buffer("mix measures", mix.sampleRate, mix.channels, mix.samples.size());
    MixMeasures m;
    const double peak = BufferLevels::peak(mix);
    const double rms = BufferLevels::rms(mix);
    if (peak == 0.0 || rms == 0.0) return m;
    m.crestFactorDb = 20.0 * std::log10(peak / rms);
    m.rmsDbAfterPeakNormalisation = 20.0 * std::log10(rms / peak);
    m.spectralCentroidHz = spectralCentroid(mix);
    return m;
}

std::map<Stem, double> MixMeasures::stemEnergyShares(const std::map<Stem, AudioBuffer>& stems)
{
    std::map<Stem, double> shares;
    double total = 0.0;
    for (const auto& [stem, buffer] : stems) {
        double e = 0.0;
        for (float s : buffer.samples) e += double(s) * s;
        shares[stem] = e;
        total += e;
    }
    for (auto& [stem, share] : shares) share = total > 0.0 ? share / total : 0.0;
    return shares;
}

} // namespace emotrace
