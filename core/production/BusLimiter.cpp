#include "production/BusLimiter.h"

#include <algorithm>
#include <cmath>

#include "production/BufferLevels.h"
#include "production/SettingsCheck.h"

namespace emotrace {

void BusLimiter::Settings::validate() const
{
    SettingsCheck::inRange("limiter", "drive_db", driveDb, 0.0, 18.0);
    SettingsCheck::inRange("limiter", "ceiling_db", ceilingDb, -12.0, 0.0);
    SettingsCheck::inRange("limiter", "release_ms", releaseMs, 1.0, 1000.0);
    SettingsCheck::inRange("limiter", "lookahead_ms", lookaheadMs, 0.1, 20.0);
}

BusLimiter::BusLimiter(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

std::vector<float> BusLimiter::gainCurve(const AudioBuffer& mix) const
{
    SettingsCheck::buffer("limiter", mix.sampleRate, mix.channels, mix.samples.size());
    const std::int64_t frames = mix.frameCount();
    const int channels = mix.channels;
    std::vector<float> gains(std::size_t(frames), 1.0f);
    const double peak = BufferLevels::peak(mix);
    if (peak == 0.0) return gains;

    const double ceiling = BufferLevels::fromDb(m_settings.ceilingDb);
    const double inputGain = ceiling * BufferLevels::fromDb(m_settings.driveDb) / peak;

    // 2. the gain each frame needs
    std::vector<double> need(static_cast<std::size_t>(frames));
    for (std::int64_t n = 0; n < frames; ++n) {
        float p = 0.0f;
        for (int c = 0; c < channels; ++c) p = std::max(p, std::abs(mix.samples[std::size_t(n * channels + c)]));
        const double level = inputGain * p;
        need[std::size_t(n)] = level > ceiling ? ceiling / level : 1.0;
    }

    // 3. hold: the minimum over the next L frames (monotonic deque, right to left)
    const std::int64_t L = std::max<std::int64_t>(1, std::llround(m_settings.lookaheadMs * 1e-3 * mix.sampleRate));
    // (the deque lives in a vector: indices pushed at the back, taken from the front)
    std::vector<double> held(static_cast<std::size_t>(frames));
    std::vector<std::int64_t> window(static_cast<std::size_t>(frames));
    std::size_t front = 0, back = 0; // window[front, back)
    for (std::int64_t n = frames - 1; n >= 0; --n) {
        const double value = need[std::size_t(n)];
        while (back > front && need[std::size_t(window[back - 1])] >= value) --back;
        window[back++] = n;
        while (window[front] > n + L - 1) ++front;
        held[std::size_t(n)] = need[std::size_t(window[front])];
    }

    // 4. release, 5. attack (moving average over L frames, e = 1 before the start), 6.
    const double release = std::exp(-1.0 / (m_settings.releaseMs * 1e-3 * mix.sampleRate));
    std::vector<double> envelope(std::size_t(L), 1.0); // ring of the last L values of e
    double e = 1.0;
    double sum = double(L);
    std::size_t slotIndex = 0;
    for (std::int64_t n = 0; n < frames; ++n) {
        const double m = held[std::size_t(n)];
        e = m < e ? m : release * e + (1.0 - release) * m;
        double& slot = envelope[slotIndex];
        if (++slotIndex == std::size_t(L)) slotIndex = 0;
        sum += e - slot;
        slot = e;
        const double smooth = sum / double(L);
        gains[std::size_t(n)] = float(inputGain * std::min(smooth, need[std::size_t(n)]));
    }
    return gains;
}

void BusLimiter::apply(const std::vector<float>& gains, AudioBuffer& buffer)
{
    if (std::int64_t(gains.size()) != buffer.frameCount())
        throw Error("limiter: gain curve has " + std::to_string(gains.size()) + " frames, buffer " +
                    std::to_string(buffer.frameCount()));
    const int channels = buffer.channels;
    float* data = buffer.samples.data();
    for (std::size_t n = 0; n < gains.size(); ++n)
        for (int c = 0; c < channels; ++c) data[n * std::size_t(channels) + std::size_t(c)] *= gains[n];
}

} // namespace emotrace
