#include "production/PowerSpectrum.h"

#include <cmath>
#include <numbers>

#include "util/Error.h"

namespace emotrace {

PowerSpectrum::PowerSpectrum(int size) : m_size(size)
{
    if (size < 4 || size > 65536 || (size & (size - 1)) != 0)
        throw Error("power spectrum: size must be a power of two in 4..65536 (got " + std::to_string(size) + ")");
    const double twoPi = 2.0 * std::numbers::pi;
    m_window.resize(std::size_t(size));
    for (int n = 0; n < size; ++n) m_window[std::size_t(n)] = 0.5 - 0.5 * std::cos(twoPi * n / size);
    m_twiddles.resize(std::size_t(size / 2));
    for (int k = 0; k < size / 2; ++k) m_twiddles[std::size_t(k)] = std::polar(1.0, -twoPi * k / size);
    int bits = 0;
    while ((1 << bits) < size) ++bits;
    m_reversed.resize(std::size_t(size));
    for (int n = 0; n < size; ++n) {
        int r = 0;
        for (int b = 0; b < bits; ++b)
            if (n & (1 << b)) r |= 1 << (bits - 1 - b);
        m_reversed[std::size_t(n)] = r;
    }
    m_work.resize(std::size_t(size));
}

void PowerSpectrum::compute(const float* frame, std::vector<double>& power)
{
    const int N = m_size;
    for (int n = 0; n < N; ++n) m_work[std::size_t(m_reversed[std::size_t(n)])] = {m_window[std::size_t(n)] * frame[n], 0.0};
    for (int half = 1; half < N; half *= 2) {
        const int stride = N / (2 * half); // twiddle step for this stage
        for (int start = 0; start < N; start += 2 * half)
            for (int j = 0; j < half; ++j) {
                const std::complex<double> t = m_twiddles[std::size_t(j * stride)] * m_work[std::size_t(start + j + half)];
                const std::complex<double> a = m_work[std::size_t(start + j)];
                m_work[std::size_t(start + j)] = a + t;
                m_work[std::size_t(start + j + half)] = a - t;
            }
    }
    power.resize(std::size_t(bins()));
    for (int k = 0; k < bins(); ++k) power[std::size_t(k)] = std::norm(m_work[std::size_t(k)]);
}

} // namespace emotrace
