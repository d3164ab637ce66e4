#pragma once

#include <array>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// A room: a feedback delay network (Jot & Chaigne 1991; Jot's absorbent filters) of 8
/// delay lines, 14..72 ms long (different primes; 0.6 × for the shortest rooms, full from
/// rt60 4 s), mixed through the orthonormal 8×8 Hadamard matrix (lossless), each line then
/// through a one-pole low-pass whose gain is g₀ = 10^(−3·d/(rt60·rate)) at 0 Hz and
/// g_π = 10^(−3·d/(rt60_high·rate)) at the Nyquist frequency (d: the line's delay in
/// samples): whichever line a sound travels through, it loses 60 dB per rt60 at low
/// frequencies and per rt60_high = rt60 · (1 − 0.8·damping) at the top, so the decay time
/// falls with frequency.
///
/// Input: the left and right channels (after the pre-delay) enter every line with the
/// signs of two different Hadamard rows, scaled 1/√8; output: two further rows tap the
/// lines, so left and right are decorrelated. The output is scaled by √((1 − ḡ²)/(2ḡ²)),
/// ḡ² the mean of g₀² (an impulse's energy leaves the lines as ḡ² + ḡ⁴ + … and is shared
/// by two outputs), so that the wet signal carries about the input's energy whatever the
/// decay time (less with damping). The wet signal only, no dry part: meant for a send.
/// A value type; process() runs on the calling thread.
class RoomReverb {
public:
    struct Settings {
        double rt60Seconds = 1.8; ///< s, 0.2..6: time to decay by 60 dB at low frequencies
        double preDelayMs = 20.0; ///< ms, 0..250: delay before the first reflection
        double damping = 0.5;     ///< 0..1: high-frequency loss (rt60 at the top = rt60 · (1 − 0.8·damping))

        /// Throws emotrace::Error naming the field ("reverb: rt60_s must be in …").
        void validate() const;
    };

    static constexpr int kLines = 8;

    /// Throws Error on bad settings.
    explicit RoomReverb(const Settings& settings);

    /// The wet signal of a stereo input: stereo, same rate and length (the tail past the
    /// input's end is cut). Starts from an empty room; all-zero input gives all zeros.
    AudioBuffer process(const AudioBuffer& input) const;

    /// The delay lines' lengths in samples at sampleRate.
    std::array<int, kLines> delaysSamples(int sampleRate) const;

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
