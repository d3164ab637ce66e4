#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Places a stereo stem: width, then pan.
///
/// Width by mid/side: M = (L + R)/2, S = (L − R)/2 · width; 0 = mono, 1 = unchanged,
/// above 1 wider. Pan by a constant-power law on the mid, θ = (pan + 1)·π/4:
///   L' = √2·cos θ · M + (1 − |pan|) · S
///   R' = √2·sin θ · M − (1 − |pan|) · S
/// so pan 0 with width 1 is the identity, a centred mono source keeps its power anywhere
/// (+3 dB in one channel at the sides), pan −1 puts everything left (R' = 0), and the side
/// part narrows as the stem moves off centre. A value type; process() runs on the calling
/// thread.
class StereoPlacer {
public:
    struct Settings {
        double pan = 0.0;   ///< -1 (left) .. 0 (centre) .. 1 (right)
        double width = 1.0; ///< 0 (mono) .. 1 (unchanged) .. 1.5 (wider)

        /// Throws emotrace::Error naming the field ("placer: pan must be in …").
        void validate() const;
        /// True when process() would leave a buffer unchanged (pan 0, width 1).
        bool isNeutral() const;
    };

    /// Throws Error on bad settings.
    explicit StereoPlacer(const Settings& settings);

    /// Places the whole stereo signal in place (throws Error unless it has 2 channels).
    void process(AudioBuffer& buffer) const;

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
