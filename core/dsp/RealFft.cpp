#include "dsp/RealFft.h"

#include <cmath>
#include <numbers>

#include "util/Error.h"

namespace emotrace {

RealFft::RealFft(int size) : m_size(size)
{
    if (size < 2 || (size & (size - 1)) != 0) throw Error("RealFft: size " + std::to_string(size) + " is not a power of two");
    int bits = 0;
    while ((1 << bits) < size) ++bits;
    m_bitReverse.resize(size);
    for (int i = 0; i < size; ++i) {
        int r = 0;
        for (int b = 0; b < bits; ++b)
            if (i & (1 << b)) r |= 1 << (bits - 1 - b);
        m_bitReverse[i] = r;
    }
    m_twiddles.resize(size / 2);
    for (int k = 0; k < size / 2; ++k) {
        const double angle = -2.0 * std::numbers::pi * double(k) / double(size);
        m_twiddles[k] = {std::cos(angle), std::sin(angle)};
    }
    m_work.resize(size);
}

void RealFft::forward(const double* input, std::complex<double>* output)
{
    const int n = m_size;
    for (int i = 0; i < n; ++i) m_work[m_bitReverse[i]] = {input[i], 0.0};
    for (int half = 1; half < n; half *= 2) {
        const int step = n / (2 * half);
        for (int start = 0; start < n; start += 2 * half) {
            for (int j = 0; j < half; ++j) {
                const std::complex<double> w = m_twiddles[j * step];
                const std::complex<double> a = m_work[start + j];
                const std::complex<double> b = m_work[start + j + half];
                // explicit complex product: std::complex operator* may take a slow NaN path
                const std::complex<double> t(w.real() * b.real() - w.imag() * b.imag(),
                                             w.real() * b.imag() + w.imag() * b.real());
                m_work[start + j] = a + t;
                m_work[start + j + half] = a - t;
            }
        }
    }
    for (int b = 0; b <= n / 2; ++b) output[b] = m_work[b];
}

} // namespace emotrace
