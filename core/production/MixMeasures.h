#pragma once

#include <map>

#include "audio/AudioBuffer.h"
#include "vocab/Stem.h"

namespace emotrace {

/// Production measures of a mix, for the labels. With x the mix's samples (every channel
/// of every frame), peak = max |x|, rms = √(mean x²):
///  - crestFactorDb = 20·log10(peak / rms): peak over RMS of the whole mix, in dB. A
///    ratio, so it is the same before and after any normalisation (brick-walled
///    masters ~6..9 dB, dynamic ones 15..20 dB);
///  - rmsDbAfterPeakNormalisation = 20·log10(rms / peak): the RMS in dBFS once the mix is
///    peak-normalised to 0 dBFS (so it equals −crestFactorDb; its own field because the
///    labels read it as a loudness);
///  - spectralCentroidHz: the mix averaged over channels, cut into frames of
///    N = 2^round(log₂(0.046 s · rate)) samples (2048 at 44.1 kHz) every N/2 (the last
///    partial frame zero-padded), each Hann-windowed with power spectrum P_f(k) at
///    f_k = k·rate/N (PowerSpectrum); the frame centroids c_f = Σ_k f_k P_f(k) / Σ_k P_f(k)
///    averaged with weights E_f = Σ_k P_f(k) (the frame's energy), i.e.
///    Σ_f Σ_k f_k P_f(k) / Σ_f Σ_k P_f(k).
/// A silent (or empty) mix gives 0 dB, -240 dB and 0 Hz. A value type; runs on the
/// calling thread.
struct MixMeasures {
    double crestFactorDb = 0.0;        ///< dB
    double rmsDbAfterPeakNormalisation = -240.0; ///< dBFS after peak normalisation to 0 dBFS
    double spectralCentroidHz = 0.0;   ///< Hz

    /// Throws Error for a buffer without channels or rate.
    static MixMeasures measure(const AudioBuffer& mix);

    /// The energy share of each stem: share(s) = E(s) / Σ_t E(t), E = Σ x² over every
    /// sample of the stem; in [0, 1] and summing to 1 (all 0 when every stem is silent).
    /// Shares of energies rather than of the mix's energy, so that correlated stems (which
    /// add more or less than their energies) still give shares that sum to 1.
    static std::map<Stem, double> stemEnergyShares(const std::map<Stem, AudioBuffer>& stems);
};

} // namespace emotrace
