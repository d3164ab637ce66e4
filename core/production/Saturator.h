#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Soft clipping: wet = k · tanh(g·x) with g = 10^(drive/20) (tanh by SoftClip), mixed
/// with the dry signal as out = (1 − mix)·x + mix·wet. Symmetric, so it adds odd harmonics only (no DC).
/// Level compensation: k = rms(x) / rms(tanh(g·x)) over the whole signal, so the wet
/// part has the input's RMS and more drive changes the timbre (flatter peaks, more
/// harmonics) rather than the level. Each sample is shaped on its own (no memory); the
/// compensation is one gain for the signal. A value type; process() runs on the calling
/// thread.
class Saturator {
public:
    struct Settings {
        double driveDb = 0.0; ///< dB, 0..36: gain into tanh (0 dB still rounds full-scale peaks)
        double mix = 0.0;     ///< 0..1: share of the shaped signal (0 = off)

        /// Throws emotrace::Error naming the field ("saturator: drive_db must be in …").
        void validate() const;
        /// True when process() would leave a buffer unchanged (mix 0).
        bool isNeutral() const;
    };

    /// Throws Error on bad settings.
    explicit Saturator(const Settings& settings);

    /// Saturates the whole signal in place (any channel count).
    void process(AudioBuffer& buffer) const;

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
