#include "dsp/LogFilterbank.h"

#include <algorithm>
#include <cmath>

#include "util/Error.h"

namespace emotrace {

namespace {

/// numpy's float32 pairwise summation for n <= 128 (all filters here are shorter).
float numpyPairwiseSum(const std::vector<float>& v)
{
    const std::size_t n = v.size();
    if (n < 8) {
        float s = 0.0f;
        for (float x : v) s += x;
        return s;
    }
    if (n > 128) throw Error("LogFilterbank: filter longer than 128 bins is not supported");
    float r[8];
    for (int m = 0; m < 8; ++m) r[m] = v[m];
    std::size_t i = 8;
    for (; i + 8 <= n; i += 8)
        for (int m = 0; m < 8; ++m) r[m] += v[i + m];
    float s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) s += v[i];
    return s;
}

} // namespace

LogFilterbank::LogFilterbank(const FrontEndParameters& p) : m_bins(p.frameSize / 2)
{
    // FFT bin centre frequencies (exact in binary for the paper's parameters).
    std::vector<double> binFrequency(m_bins);
    for (int b = 0; b < m_bins; ++b) binFrequency[b] = double(b) * (double(p.sampleRate) / double(p.frameSize));

    // Log-spaced frequencies, bandsPerOctave per octave, referenced to A4.
    const double bpo = p.bandsPerOctave;
    const double left = std::floor(std::log2(p.minFrequency / p.referenceFrequency) * bpo);
    const double right = std::ceil(std::log2(p.maxFrequency / p.referenceFrequency) * bpo);
    std::vector<int> bins;
    for (double j = left; j < right; j += 1.0) {
        const double f = p.referenceFrequency * std::pow(2.0, j / bpo);
        if (f < p.minFrequency || f > p.maxFrequency) continue;
        // nearest FFT bin: first bin >= f, clamped to [1, bins-1], ties go up
        auto it = std::lower_bound(binFrequency.begin(), binFrequency.end(), f);
        int i = std::clamp(static_cast<int>(it - binFrequency.begin()), 1, m_bins - 1);
        if (f - binFrequency[i - 1] < binFrequency[i] - f) --i;
        bins.push_back(i);
    }
    std::sort(bins.begin(), bins.end());
    bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
    if (bins.size() < 3) throw Error("LogFilterbank: fewer than 3 distinct bins; check the frequency range");

    for (std::size_t k = 0; k + 2 < bins.size(); ++k) {
        const int a = bins[k], c = bins[k + 1], e = bins[k + 2];
        std::vector<float> filter(e - a);
        const int n1 = c - a, n2 = e - c;
        const double up = 1.0 / n1, down = -1.0 / n2;
        for (int t = 0; t < n1; ++t) filter[t] = static_cast<float>(double(t) * up);
        for (int t = 0; t < n2; ++t) filter[n1 + t] = static_cast<float>(1.0 + double(t) * down);
        const float sum = numpyPairwiseSum(filter);
        for (float& w : filter) w = w / sum;
        // keep the non-zero part: weight at the start bin a is exactly 0
        int first = 0;
        while (first < int(filter.size()) && filter[first] == 0.0f) ++first;
        int last = int(filter.size());
        while (last > first && filter[last - 1] == 0.0f) --last;
        m_bands.push_back({a + first, std::vector<float>(filter.begin() + first, filter.begin() + last)});
    }
}

std::vector<float> LogFilterbank::denseMatrix() const
{
    std::vector<float> m(std::size_t(m_bins) * m_bands.size(), 0.0f);
    for (std::size_t k = 0; k < m_bands.size(); ++k)
        for (std::size_t i = 0; i < m_bands[k].weights.size(); ++i)
            m[(m_bands[k].firstBin + i) * m_bands.size() + k] = m_bands[k].weights[i];
    return m;
}

void LogFilterbank::apply(const float* magnitude, float* bandsOut) const
{
    for (std::size_t k = 0; k < m_bands.size(); ++k) {
        const Band& band = m_bands[k];
        const float* mag = magnitude + band.firstBin;
        float acc = 0.0f;
        for (std::size_t i = 0; i < band.weights.size(); ++i) {
            const float product = mag[i] * band.weights[i]; // rounded before the add: no FMA
            acc = acc + product;
        }
        bandsOut[k] = acc;
    }
}

} // namespace emotrace
