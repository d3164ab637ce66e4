#pragma once

#include <complex>
#include <vector>

namespace emotrace {

/// Power spectrum of Hann-windowed frames of a fixed power-of-two size, by an iterative
/// radix-2 FFT in double (our own: bit-reversal permutation, then log₂N butterfly
/// stages with precomputed twiddles e^(−2πik/N)). A value type; not thread-safe for one
/// object (it keeps a work buffer), any thread may own one.
class PowerSpectrum {
public:
    /// size: frame length, a power of two, 4..65536. Throws Error otherwise.
    explicit PowerSpectrum(int size);

    int size() const { return m_size; }
    /// size/2 + 1
    int bins() const { return m_size / 2 + 1; }

    /// power[k] = |Σ_n w[n]·frame[n]·e^(−2πikn/N)|², k = 0..N/2, w the periodic Hann
    /// window 0.5 − 0.5·cos(2πn/N). frame holds size() samples; power is resized.
    void compute(const float* frame, std::vector<double>& power);

private:
    int m_size = 0;
    std::vector<double> m_window;
    std::vector<std::complex<double>> m_twiddles; ///< N/2
    std::vector<int> m_reversed;                  ///< bit-reversal permutation
    std::vector<std::complex<double>> m_work;
};

} // namespace emotrace
