#include "production/Compressor.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "production/BufferLevels.h"
#include "production/DenormalGuard.h"
#include "production/FastLog2.h"
#include "production/SettingsCheck.h"

namespace emotrace {

void Compressor::Settings::validate() const
{
    SettingsCheck::inRange("compressor", "threshold_db", thresholdDb, -60.0, 0.0);
    SettingsCheck::inRange("compressor", "ratio", ratio, 1.0, 20.0);
    SettingsCheck::inRange("compressor", "knee_db", kneeDb, 0.0, 24.0);
    SettingsCheck::inRange("compressor", "attack_ms", attackMs, 0.05, 200.0);
    SettingsCheck::inRange("compressor", "release_ms", releaseMs, 5.0, 3000.0);
    SettingsCheck::inRange("compressor", "makeup_db", makeupDb, 0.0, 30.0);
}

bool Compressor::Settings::isNeutral() const
{
    return ratio == 1.0 && makeupDb == 0.0;
}

Compressor::Compressor(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

double Compressor::staticGainDb(double levelDb) const
{
    const double T = m_settings.thresholdDb;
    const double W = m_settings.kneeDb;
    const double slope = 1.0 / m_settings.ratio - 1.0; // ≤ 0
    const double over = levelDb - T;
    if (2.0 * over < -W) return 0.0;
    if (2.0 * over <= W && W > 0.0) {
        const double d = over + W / 2.0;
        return slope * d * d / (2.0 * W);
    }
    return slope * over;
}

void Compressor::process(AudioBuffer& buffer) const
{
    SettingsCheck::buffer("compressor", buffer.sampleRate, buffer.channels, buffer.samples.size());
    if (m_settings.isNeutral() || buffer.samples.empty()) return;
    const DenormalGuard flush;

    const int channels = buffer.channels;
    const std::size_t frames = std::size_t(buffer.frameCount());
    const double rate = buffer.sampleRate;
    float* data = buffer.samples.data();
    const double energyIn = BufferLevels::sumOfSquares(data, buffer.samples.size());

    // 1. per frame, the static curve's gain reduction c = x − y in dB (0 under the knee;
    //    no logarithm there), from the frame's largest |sample|
    constexpr float kDbPerOctave = 6.02059991f; // 20·log10(2): dB = 6.02·log₂
    const float threshold = float(m_settings.thresholdDb);
    const float knee = float(m_settings.kneeDb);
    const float slope = float(1.0 / m_settings.ratio - 1.0); // ≤ 0
    const float kneeStart = float(BufferLevels::fromDb(m_settings.thresholdDb - m_settings.kneeDb / 2.0));
    std::vector<float> reduction(frames);
    for (std::size_t n = 0; n < frames; ++n) {
        float peak = 0.0f;
        for (int c = 0; c < channels; ++c) peak = std::max(peak, std::abs(data[n * std::size_t(channels) + std::size_t(c)]));
        const float over = kDbPerOctave * FastLog2::log2(std::max(peak, 1e-30f)) - threshold;
        const float inKnee = over + 0.5f * knee;
        const float gain = 2.0f * over > knee ? slope * over : knee > 0.0f ? slope * inKnee * inKnee / (2.0f * knee) : 0.0f;
        reduction[n] = peak > kneeStart ? -gain : 0.0f;
    }

    // 2. the detector: attack while the reduction rises, release while it falls
    const double attack = std::exp(-1.0 / (m_settings.attackMs * 1e-3 * rate));
    const double release = std::exp(-1.0 / (m_settings.releaseMs * 1e-3 * rate));
    double d = 0.0;
    for (std::size_t n = 0; n < frames; ++n) {
        const double target = reduction[n];
        const double a = target > d ? attack : release;
        d = target + a * (d - target);
        if (d < 1e-7) d = 0.0; // fully released: exact unity gain
        reduction[n] = float(d);
    }

    // 3. the gains
    if (channels == 2) {
        for (std::size_t n = 0; n < frames; ++n) {
            const float g = reduction[n] > 0.0f ? FastLog2::exp2(-reduction[n] / kDbPerOctave) : 1.0f;
            data[2 * n] *= g;
            data[2 * n + 1] *= g;
        }
    } else {
        for (std::size_t n = 0; n < frames; ++n) {
            const float g = reduction[n] > 0.0f ? FastLog2::exp2(-reduction[n] / kDbPerOctave) : 1.0f;
            for (int c = 0; c < channels; ++c) data[n * std::size_t(channels) + std::size_t(c)] *= g;
        }
    }

    double makeup = BufferLevels::fromDb(m_settings.makeupDb);
    if (m_settings.autoMakeup) {
        const double energyOut = BufferLevels::sumOfSquares(data, buffer.samples.size());
        if (energyOut > 0.0) makeup *= std::min(std::sqrt(energyIn / energyOut), 100.0);
    }
    if (makeup != 1.0) BufferLevels::scale(buffer, makeup);
}

} // namespace emotrace
