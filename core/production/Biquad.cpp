#include "production/Biquad.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "production/DenormalGuard.h"
#include "production/SettingsCheck.h"

namespace emotrace {

void Biquad::Settings::validate() const
{
    SettingsCheck::inRange("biquad", "frequency_hz", frequencyHz, 10.0, 24000.0);
    SettingsCheck::inRange("biquad", "q", q, 0.1, 24.0);
    SettingsCheck::inRange("biquad", "gain_db", gainDb, -24.0, 24.0);
}

Biquad::Biquad(const Settings& settings, int sampleRate) : m_settings(settings), m_sampleRate(sampleRate)
{
    settings.validate();
    SettingsCheck::buffer("biquad", sampleRate, 1, 0);

    // RBJ cookbook: A = 10^(dBgain/40), w0 = 2π f0 / Fs, alpha = sin(w0) / (2 Q).
    const double f0 = std::min(settings.frequencyHz, 0.45 * sampleRate);
    const double w0 = 2.0 * std::numbers::pi * f0 / sampleRate;
    const double cw = std::cos(w0);
    const double alpha = std::sin(w0) / (2.0 * settings.q);
    const double A = std::pow(10.0, settings.gainDb / 40.0);
    const double twoSqrtAAlpha = 2.0 * std::sqrt(A) * alpha;

    double b0 = 1.0, b1 = 0.0, b2 = 0.0, a0 = 1.0, a1 = 0.0, a2 = 0.0;
    switch (settings.type) {
    case Type::LowPass:
        b0 = (1.0 - cw) / 2.0;
        b1 = 1.0 - cw;
        b2 = (1.0 - cw) / 2.0;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
    case Type::HighPass:
        b0 = (1.0 + cw) / 2.0;
        b1 = -(1.0 + cw);
        b2 = (1.0 + cw) / 2.0;
        a0 = 1.0 + alpha;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha;
        break;
    case Type::Peaking:
        b0 = 1.0 + alpha * A;
        b1 = -2.0 * cw;
        b2 = 1.0 - alpha * A;
        a0 = 1.0 + alpha / A;
        a1 = -2.0 * cw;
        a2 = 1.0 - alpha / A;
        break;
    case Type::LowShelf:
        b0 = A * ((A + 1.0) - (A - 1.0) * cw + twoSqrtAAlpha);
        b1 = 2.0 * A * ((A - 1.0) - (A + 1.0) * cw);
        b2 = A * ((A + 1.0) - (A - 1.0) * cw - twoSqrtAAlpha);
        a0 = (A + 1.0) + (A - 1.0) * cw + twoSqrtAAlpha;
        a1 = -2.0 * ((A - 1.0) + (A + 1.0) * cw);
        a2 = (A + 1.0) + (A - 1.0) * cw - twoSqrtAAlpha;
        break;
    case Type::HighShelf:
        b0 = A * ((A + 1.0) + (A - 1.0) * cw + twoSqrtAAlpha);
        b1 = -2.0 * A * ((A - 1.0) + (A + 1.0) * cw);
        b2 = A * ((A + 1.0) + (A - 1.0) * cw - twoSqrtAAlpha);
        a0 = (A + 1.0) - (A - 1.0) * cw + twoSqrtAAlpha;
        a1 = 2.0 * ((A - 1.0) - (A + 1.0) * cw);
        a2 = (A + 1.0) - (A - 1.0) * cw - twoSqrtAAlpha;
        break;
    }
    m_b0 = b0 / a0;
    m_b1 = b1 / a0;
    m_b2 = b2 / a0;
    m_a1 = a1 / a0;
    m_a2 = a2 / a0;
}

void Biquad::reset()
{
    std::fill(m_state.begin(), m_state.end(), State{});
}

void Biquad::process(AudioBuffer& buffer)
{
    SettingsCheck::buffer("biquad", buffer.sampleRate, buffer.channels, buffer.samples.size());
    if (buffer.sampleRate != m_sampleRate)
        throw Error("biquad: buffer at " + std::to_string(buffer.sampleRate) + " Hz, filter designed for " +
                    std::to_string(m_sampleRate) + " Hz");
    const int channels = buffer.channels;
    if (int(m_state.size()) != channels) m_state.assign(std::size_t(channels), State{});

    const DenormalGuard flush;
    const double b0 = m_b0, b1 = m_b1, b2 = m_b2, a1 = m_a1, a2 = m_a2;
    const std::int64_t frames = buffer.frameCount();
    float* data = buffer.samples.data();
    if (channels == 2) {
        // the common case, both channels in one pass (two independent recursions)
        double l1 = m_state[0].z1, l2 = m_state[0].z2, r1 = m_state[1].z1, r2 = m_state[1].z2;
        for (std::int64_t i = 0; i < frames; ++i) {
            const double xl = data[2 * i];
            const double xr = data[2 * i + 1];
            const double yl = b0 * xl + l1;
            const double yr = b0 * xr + r1;
            l1 = b1 * xl - a1 * yl + l2;
            r1 = b1 * xr - a1 * yr + r2;
            l2 = b2 * xl - a2 * yl;
            r2 = b2 * xr - a2 * yr;
            data[2 * i] = float(yl);
            data[2 * i + 1] = float(yr);
        }
        m_state[0] = {l1, l2};
        m_state[1] = {r1, r2};
        return;
    }
    for (int c = 0; c < channels; ++c) {
        double z1 = m_state[std::size_t(c)].z1, z2 = m_state[std::size_t(c)].z2;
        for (std::int64_t i = 0; i < frames; ++i) {
            float& s = data[i * channels + c];
            const double x = s;
            const double y = b0 * x + z1;
            z1 = b1 * x - a1 * y + z2;
            z2 = b2 * x - a2 * y;
            s = float(y);
        }
        m_state[std::size_t(c)] = {z1, z2};
    }
}

double Biquad::magnitudeDb(double hz) const
{
    const double w = 2.0 * std::numbers::pi * hz / m_sampleRate;
    const std::complex<double> z1 = std::polar(1.0, -w);
    const std::complex<double> z2 = z1 * z1;
    const std::complex<double> h = (m_b0 + m_b1 * z1 + m_b2 * z2) / (1.0 + m_a1 * z1 + m_a2 * z2);
    return 20.0 * std::log10(std::max(std::abs(h), 1e-300));
}

} // namespace emotrace
