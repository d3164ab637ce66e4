#pragma once

#include <nlohmann/json_fwd.hpp>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// A distorted guitar amplifier and its cabinet, for rock and metal guitar parts. Each
/// channel runs through, in order:
///  1. input filter: high-pass at inputHighPassHz (tightens the low end before the gain)
///     and a low-pass at 6.5 kHz (the pickup and input stage; also limits aliasing);
///  2. two gain stages, each g = 10^(gainDb/40) into an asymmetric tanh (SoftClip),
///     y = tanh(g·x + b) − tanh(b) with bias b = asymmetry (0 in gives 0 out; the
///     asymmetry adds even harmonics), a 25 Hz DC blocker after each;
///  3. the tone stack: low shelf 120 Hz (bassDb), peaking 650 Hz Q 0.7 (midDb), high shelf
///     3 kHz (trebleDb);
///  4. the cabinet: high-pass 80 Hz, low-pass at cabinetHz with resonance
///     (Q = 0.7071 · 10^(cabinetResonanceDb/20)), two Butterworth low-passes at 1.25 ×
///     cabinetHz: a 6th-order roll-off, so little is left above ~8 kHz;
///  5. the output: one gain that gives the result the input's RMS, times 10^(outputDb/20).
/// No oversampling: the input low-pass and the cabinet keep aliasing low enough for
/// training data. A value type; process() runs on the calling thread.
class AmpSimulator {
public:
    struct Settings {
        double inputHighPassHz = 100.0; ///< Hz, 20..600
        double gainDb = 30.0;           ///< dB, 0..60, total over both gain stages
        double asymmetry = 0.3;         ///< 0..0.9: bias of the tanh stages (0 = symmetric)
        double bassDb = 0.0;            ///< dB, -12..12 (low shelf 120 Hz)
        double midDb = 0.0;             ///< dB, -12..12 (peaking 650 Hz)
        double trebleDb = 0.0;          ///< dB, -12..12 (high shelf 3 kHz)
        double cabinetHz = 4500.0;      ///< Hz, 2000..8000: the cabinet's roll-off corner
        double cabinetResonanceDb = 3.0; ///< dB, 0..12: resonance at the corner
        double outputDb = 0.0;          ///< dB, -24..12: output RMS relative to the input's

        /// Throws emotrace::Error naming the field ("amp: gain_db must be in …").
        void validate() const;
        /// Keys input_high_pass_hz, gain_db, asymmetry, bass_db, mid_db, treble_db,
        /// cabinet_hz, cabinet_resonance_db, output_db (other keys are left to the caller).
        nlohmann::json toJson() const;
        /// Missing keys keep their defaults; a value that is not a number throws Error
        /// naming the key. Does not validate (the caller does, with its context).
        static Settings fromJson(const nlohmann::json& json);
    };

    /// Throws Error on bad settings.
    explicit AmpSimulator(const Settings& settings);

    /// Runs the whole signal through the amp in place (any channel count, each on its own).
    void process(AudioBuffer& buffer) const;

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
