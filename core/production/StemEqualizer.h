#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// A stem's equaliser: high-pass (optional), low shelf, one peaking band, high shelf, in
/// that order, each a cookbook Biquad. A band at 0 dB (or a high-pass at 0 Hz) is left out,
/// so neutral settings leave the buffer bit-identical. Corners above 0.45 × the sample
/// rate are designed at 0.45 × the rate. A value type; process() runs on the calling thread.
class StemEqualizer {
public:
    struct Settings {
        double highPassHz = 0.0;     ///< Hz, 0 = off, else 20..1000 (12 dB/octave Butterworth)
        double lowShelfHz = 120.0;   ///< Hz, 20..1000
        double lowShelfDb = 0.0;     ///< dB, -15..15
        double peakHz = 1000.0;      ///< Hz, 40..16000
        double peakQ = 1.0;          ///< 0.2..10 (higher = narrower)
        double peakDb = 0.0;         ///< dB, -15..15
        double highShelfHz = 8000.0; ///< Hz, 1000..20000
        double highShelfDb = 0.0;    ///< dB, -15..15

        /// Throws emotrace::Error naming the field ("equalizer: peak_q must be in …").
        void validate() const;
        /// True when process() would leave a buffer unchanged.
        bool isNeutral() const;
    };

    /// Throws Error on bad settings.
    explicit StemEqualizer(const Settings& settings);

    /// Equalises the whole signal in place, starting from rest (any channel count).
    void process(AudioBuffer& buffer) const;

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
