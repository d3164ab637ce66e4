#pragma once

#include <vector>

#include "dsp/FrontEndParameters.h"

namespace emotrace {

/// madmom's LogarithmicFilterbank (unique filters, normalised triangles) over the
/// frameSize/2 FFT bins below Nyquist: 149 bands for the paper's parameters, bit-exact
/// with the reference matrix (fixtures/madmom/filterbank_1024x149.f32). Stored sparse:
/// each band keeps its non-zero weights from its first non-zero bin upward. Immutable
/// after construction; safe to share between threads.
class LogFilterbank {
public:
    explicit LogFilterbank(const FrontEndParameters& parameters);

    struct Band {
        int firstBin;               ///< FFT bin of weights[0]
        std::vector<float> weights; ///< non-zero weights in increasing bin order
    };

    int binCount() const { return m_bins; }
    int bandCount() const { return static_cast<int>(m_bands.size()); }
    const std::vector<Band>& bands() const { return m_bands; }

    /// Dense [binCount, bandCount] row-major matrix, as madmom holds it.
    std::vector<float> denseMatrix() const;

    /// band[k] = sum over its bins of magnitude[bin] * weight, accumulated in float32 in
    /// increasing bin order without fused multiply-add (what the reference sgemm does).
    /// magnitude: binCount values; bandsOut: bandCount values.
    void apply(const float* magnitude, float* bandsOut) const;

private:
    int m_bins;
    std::vector<Band> m_bands;
};

} // namespace emotrace
