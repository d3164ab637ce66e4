#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// The SDR of three estimates of a true stem s that need no separator, made from the mix
/// x alone: floors that a separator must clear before its SDR means anything.
///  - halfMixSdrDb:  estimate x / 2 (what an even split of the mix gives);
///  - bestGainSdrDb: estimate g* x with the gain that minimises the error, in closed form
///    g* = <s, x> / <x, x> (sums over every sample of every channel; 0 for a silent mix);
///  - silenceSdrDb:  estimate 0, which is 10 log10((S + ε) / (S + ε)) = 0 dB by
///    definition.
/// All with SeparationQuality::sdr()'s definition (the Music Demixing Challenge SDR,
/// 10 log10((Σ s² + ε) / (Σ (s − e)² + ε)), ε = 1e-9), computed here in one pass without
/// building the estimates. Since g* minimises the error over every gain, 0.5 and 0
/// included, bestGainSdrDb ≥ max(halfMixSdrDb, silenceSdrDb) always: best() is the
/// best-gain figure (equal to the mix ÷ 2 one when g* = 0.5, to silence when s ⟂ x).
/// A value type; of() runs on the calling thread.
struct TrivialEstimates {
    double halfMixSdrDb = 0.0;  ///< dB
    double bestGain = 0.0;      ///< g*, linear
    double bestGainSdrDb = 0.0; ///< dB
    double silenceSdrDb = 0.0;  ///< dB (0 by definition)

    /// The best of the three, in dB.
    double best() const;

    /// reference and mix must have the same channel count and length; throws
    /// emotrace::Error otherwise.
    static TrivialEstimates of(const AudioBuffer& reference, const AudioBuffer& mix);
};

} // namespace emotrace
