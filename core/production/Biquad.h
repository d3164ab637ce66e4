#pragma once

#include <vector>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// One second-order IIR section designed with the formulas of R. Bristow-Johnson's
/// "Cookbook formulae for audio EQ biquad filter coefficients": low shelf, high shelf,
/// peaking, low-pass and high-pass. Coefficients and state are double; the state is kept
/// per channel between process() calls (a stream), so one object filters one signal.
/// Transposed direct form II. Not thread-safe for one object; any thread may own one.
class Biquad {
public:
    enum class Type { LowShelf, HighShelf, Peaking, LowPass, HighPass };

    struct Settings {
        Type type = Type::Peaking;
        /// Hz, 10..24000: corner (shelves: the half-gain point; pass filters: the -3 dB
        /// point at q 0.7071) or centre (peaking). Designed at min(frequency, 0.45 × rate).
        double frequencyHz = 1000.0;
        /// 0.1..24, dimensionless. Peaking: bandwidth (higher = narrower). Pass filters:
        /// resonance (0.7071 = Butterworth). Shelves: the cookbook's shelf Q
        /// (0.7071 = slope S 1, the steepest without overshoot).
        double q = 0.7071067811865476;
        /// dB, -24..24: gain of the band (shelves, peaking); ignored by pass filters.
        double gainDb = 0.0;

        /// Throws emotrace::Error naming the field ("biquad: frequency_hz must be in …").
        void validate() const;
    };

    /// Designs the section for sampleRate (Hz, 1000..768000). Throws Error on bad settings.
    Biquad(const Settings& settings, int sampleRate);

    /// Filters every channel in place, continuing from the state the last call left. The
    /// buffer's rate must be the design rate; a different channel count resets the state.
    void process(AudioBuffer& buffer);
    /// Forgets the state (the next call starts from rest).
    void reset();

    /// Magnitude response in dB at hz (from the coefficients; for tests and documentation).
    double magnitudeDb(double hz) const;

    const Settings& settings() const { return m_settings; }
    int sampleRate() const { return m_sampleRate; }

private:
    struct State {
        double z1 = 0.0;
        double z2 = 0.0;
    };

    Settings m_settings;
    int m_sampleRate = 0;
    double m_b0 = 1.0, m_b1 = 0.0, m_b2 = 0.0, m_a1 = 0.0, m_a2 = 0.0; ///< normalised by a0
    std::vector<State> m_state;                                       ///< one per channel
};

} // namespace emotrace
