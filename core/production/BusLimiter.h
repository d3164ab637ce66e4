#pragma once

#include <vector>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// A look-ahead peak limiter for the mix bus that computes a gain curve (one gain per
/// frame) instead of processing the signal, so that the same curve can be applied to
/// every stem: stems × gains still sum to the limited mix.
///
/// The curve, for a mix with peak P (largest |sample|), ceiling c = 10^(ceilingDb/20) and
/// drive D = 10^(driveDb/20):
///  1. input gain G = c·D/P: the mix is scaled so that its peak sits driveDb above the
///     ceiling (with drive 0 the limiter only normalises the peak to the ceiling);
///  2. per frame the gain needed, r[n] = min(1, c / (G·p[n])), p[n] the frame's largest
///     |sample| (stereo-linked);
///  3. look-ahead hold: m[n] = min r[n .. n+L−1], L = lookahead in frames;
///  4. release: e[n] = m[n] when it falls, else e[n] = a·e[n−1] + (1 − a)·m[n] with
///     a = exp(−1/(release·rate)) (e starts at 1);
///  5. attack: s[n] = mean of e[n−L+1 .. n] (a linear fade over the look-ahead; every
///     e in that window is ≤ r[n], so s[n] ≤ r[n]);
///  6. gain[n] = G · min(s[n], r[n]).
/// The limited mix therefore peaks at the ceiling exactly (up to float rounding): no frame
/// goes above it, and the loudest one lands on it. All-zero input gives gains of 1.
/// A value type; runs on the calling thread.
class BusLimiter {
public:
    struct Settings {
        double driveDb = 0.0;     ///< dB, 0..18: how far the mix's peak is pushed over the ceiling
        double ceilingDb = -1.0;  ///< dBFS, -12..0: the limited mix's peak
        double releaseMs = 80.0;  ///< ms, 1..1000: recovery time constant
        double lookaheadMs = 3.0; ///< ms, 0.1..20: attack (a linear fade this long)

        /// Throws emotrace::Error naming the field ("limiter: drive_db must be in …").
        void validate() const;
    };

    /// Throws Error on bad settings.
    explicit BusLimiter(const Settings& settings);

    /// One gain per frame of mix (any channel count, all linked), as described above.
    std::vector<float> gainCurve(const AudioBuffer& mix) const;

    /// Multiplies every channel of frame n by gains[n] (float). Throws Error when the
    /// curve's length is not the buffer's frame count.
    static void apply(const std::vector<float>& gains, AudioBuffer& buffer);

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
