#pragma once

#include "separation/Separator.h"

namespace emotrace {

/// A classical separator that needs no weights: vocals, drums, bass and other from
/// masks on the short-time Fourier transform (at the mix's own rate, per channel, with
/// the same masks on every channel).
///
///  - harmonic/percussive soft masks from median filtering (Fitzgerald 2010): H = median
///    of |X| over 17 frames (time), P = median over 17 bins (frequency), mask H^2 / (H^2 + P^2);
///  - drums = percussive part with a separation margin (Driedger et al. 2014, beta 2):
///    P^2 / (P^2 + 4 H^2), so that ringing kit pieces and piano attacks mostly stay out;
///  - bass = harmonic part below 150 Hz, fading out by 300 Hz (raised cosine);
///  - vocals = harmonic part of the 180 Hz - 6 kHz band that sits in the centre of the
///    stereo image: centre = (1 - |L - R| / (|L| + |R|))^4, so only near-identical
///    channels pass (a mono file has no centre cue; its vocals stem stays silent and a
///    warning says so);
///  - other = the mix minus the three, in the time domain, so the four stems add up to
///    the mix exactly (to float rounding).
/// STFT: Hann window of about 93 ms (4096 samples at 44.1 kHz, a power of two), hop of a
/// quarter window. Cost: a few times faster than real time on one core. Lives on the
/// calling thread; stateless between calls.
class BuiltinSeparator : public Separator {
public:
    BuiltinSeparator() = default;
    std::string name() const override { return "builtin"; }
    StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress = {}) override;
};

} // namespace emotrace
