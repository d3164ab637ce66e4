#pragma once

#include <complex>
#include <vector>

namespace emotrace {

/// Forward DFT of a real signal, X[b] = sum_k x[k] exp(-2 pi i b k / N), unscaled, in
/// double precision (the reference computes its FFT in double). Radix-2, N a power of
/// two; twiddles evaluated directly (no recurrence) so that the error stays at a few ulp.
/// Holds its tables and a work buffer: one instance per thread.
class RealFft {
public:
    explicit RealFft(int size);

    int size() const { return m_size; }

    /// input: N samples; output: bins 0..N/2 (N/2 + 1 values).
    void forward(const double* input, std::complex<double>* output);

private:
    int m_size;
    std::vector<int> m_bitReverse;
    std::vector<std::complex<double>> m_twiddles; ///< exp(-2 pi i k / N), k < N/2
    std::vector<std::complex<double>> m_work;
};

} // namespace emotrace
