#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Separation quality against known sources.
///
/// sdr(): the signal-to-distortion ratio as the Music Demixing Challenge 2021 defines it
/// (Mitsufuji et al. 2022, "new SDR"): 10 log10( sum s^2 / sum (s - e)^2 ) over all
/// samples and channels, with a small epsilon (1e-9) in numerator and denominator so that
/// silence gives finite values. No projection and no allowed filtering (unlike BSS Eval
/// v4), so gain errors count as distortion. In dB; higher is better. Stateless.
class SeparationQuality {
public:
    /// reference and estimate must have the same channel count and length; throws
    /// emotrace::Error otherwise.
    static double sdr(const AudioBuffer& reference, const AudioBuffer& estimate);
};

} // namespace emotrace
