#include "production/RoomReverb.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "production/DenormalGuard.h"
#include "production/SettingsCheck.h"

namespace emotrace {

namespace {

constexpr int N = RoomReverb::kLines;

/// Line lengths of the largest room in ms; spread so that no two are close to a ratio of
/// small integers.
constexpr double kBaseDelaysMs[N] = {24.1, 28.9, 33.7, 39.1, 45.3, 52.7, 61.3, 71.9};

bool isPrime(int n)
{
    if (n < 2) return false;
    for (int d = 2; d * d <= n; ++d)
        if (n % d == 0) return false;
    return true;
}

/// Sign of entry `i` of row `row` of the Sylvester Hadamard matrix: (−1)^popcount(i & row).
float hadamardSign(int row, int i)
{
    return (std::popcount(unsigned(row & i)) & 1) ? -1.0f : 1.0f;
}

} // namespace

void RoomReverb::Settings::validate() const
{
    SettingsCheck::inRange("reverb", "rt60_s", rt60Seconds, 0.2, 6.0);
    SettingsCheck::inRange("reverb", "pre_delay_ms", preDelayMs, 0.0, 250.0);
    SettingsCheck::inRange("reverb", "damping", damping, 0.0, 1.0);
}

RoomReverb::RoomReverb(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

std::array<int, RoomReverb::kLines> RoomReverb::delaysSamples(int sampleRate) const
{
    // smaller rooms (short decays) have shorter lines: 0.6 × at 0.2 s .. 1 × from 4 s
    const double size = 0.6 + 0.4 * std::min(m_settings.rt60Seconds, 4.0) / 4.0;
    std::array<int, kLines> delays{};
    int previous = 0;
    for (int i = 0; i < N; ++i) {
        int d = std::max(int(std::lround(kBaseDelaysMs[i] * 1e-3 * size * sampleRate)), previous + 1);
        while (!isPrime(d)) ++d;
        delays[std::size_t(i)] = d;
        previous = d;
    }
    return delays;
}

AudioBuffer RoomReverb::process(const AudioBuffer& input) const
{
    SettingsCheck::buffer("reverb", input.sampleRate, input.channels, input.samples.size(), 2);
    AudioBuffer wet;
    wet.sampleRate = input.sampleRate;
    wet.channels = 2;
    wet.samples.assign(input.samples.size(), 0.0f);
    if (input.isSilent()) return wet;
    const DenormalGuard flush;

    const double rate = input.sampleRate;
    const auto delays = delaysSamples(input.sampleRate);
    const double rt60High = m_settings.rt60Seconds * (1.0 - 0.8 * m_settings.damping);

    // absorbent one-pole per line: y = g₀(1 − p)·x + p·y₋₁, DC gain g₀, Nyquist gain
    // g₀(1 − p)/(1 + p) = g_π  ⇒  p = (1 − r)/(1 + r), r = g_π/g₀
    float feed[N], pole[N];
    double meanSquareGain = 0.0;
    for (int i = 0; i < N; ++i) {
        const double d = delays[std::size_t(i)];
        const double g0 = std::pow(10.0, -3.0 * d / (m_settings.rt60Seconds * rate));
        const double gPi = std::pow(10.0, -3.0 * d / (rt60High * rate));
        const double r = gPi / g0;
        const double p = (1.0 - r) / (1.0 + r);
        feed[i] = float(g0 * (1.0 - p));
        pole[i] = float(p);
        meanSquareGain += g0 * g0 / N;
    }
    const float inScale = float(1.0 / std::sqrt(double(N)));
    // an impulse's energy leaves the lines as ḡ² + ḡ⁴ + … = ḡ²/(1 − ḡ²), shared by two outputs
    const float outScale = float(std::sqrt((1.0 - meanSquareGain) / (2.0 * meanSquareGain)));
    const float hadamardNorm = float(1.0 / std::sqrt(double(N)));
    // the input rows, pre-multiplied by the 1/√8 of their scale; the output rows (5 and 6)
    // need no taps: H·v is computed anyway, and its entries 5 and 6 are those dot products
    float inLeft[N], inRight[N];
    for (int i = 0; i < N; ++i) {
        inLeft[i] = inScale * hadamardSign(1, i);
        inRight[i] = inScale * hadamardSign(2, i);
    }

    const int minDelay = *std::min_element(delays.begin(), delays.end());
    const int maxDelay = *std::max_element(delays.begin(), delays.end());
    const std::size_t size = std::bit_ceil(std::size_t(maxDelay) + 1);
    const std::size_t mask = size - 1;
    std::vector<float> lines(size * N, 0.0f); // line i: [i·size, (i+1)·size), a ring
    float lowpass[N] = {};

    // Blocks no longer than the shortest line: every read of a block was written before
    // it, so each step runs over the whole block (line by line, or frame by frame with the
    // eight lines side by side) and vectorises.
    const int block = std::min(256, minDelay);
    std::vector<float> v(std::size_t(block) * N); // v[i·block + b]: line i, frame b of the block
    std::vector<float> xl(static_cast<std::size_t>(block)), xr(static_cast<std::size_t>(block));

    const std::int64_t frames = input.frameCount();
    const std::int64_t preDelay = std::llround(m_settings.preDelayMs * 1e-3 * rate);
    const float* in = input.samples.data();
    float* out = wet.samples.data();
    for (std::int64_t start = 0; start < frames; start += block) {
        const int count = int(std::min<std::int64_t>(block, frames - start));
        const std::size_t write = std::size_t(start); // ring position of the block's first frame
        // 1. the lines' outputs, d samples ago
        for (int i = 0; i < N; ++i) {
            const float* ring = lines.data() + std::size_t(i) * size;
            float* dst = v.data() + std::size_t(i) * block;
            const std::size_t from = (write - std::size_t(delays[std::size_t(i)])) & mask;
            const std::size_t first = std::min<std::size_t>(std::size_t(count), size - from); // up to the ring's end
            std::copy_n(ring + from, first, dst);
            std::copy_n(ring, std::size_t(count) - first, dst + first);
        }
        // 2. absorbent low-pass per line, the eight recursions side by side
        for (int b = 0; b < count; ++b)
            for (int i = 0; i < N; ++i) {
                float& x = v[std::size_t(i) * block + std::size_t(b)];
                lowpass[i] = feed[i] * x + pole[i] * lowpass[i];
                x = lowpass[i];
            }
        // 3. H·v (fast Walsh–Hadamard transform across the lines, three butterfly stages)
        for (int h = 1; h < N; h *= 2)
            for (int i = 0; i < N; i += 2 * h)
                for (int j = i; j < i + h; ++j) {
                    float* a = v.data() + std::size_t(j) * block;
                    float* c = v.data() + std::size_t(j + h) * block;
                    for (int b = 0; b < count; ++b) {
                        const float p = a[b], q = c[b];
                        a[b] = p + q;
                        c[b] = p - q;
                    }
                }
        // 4. the output taps: rows 5 and 6 of H·v
        const float* left = v.data() + std::size_t(5) * block;
        const float* right = v.data() + std::size_t(6) * block;
        for (int b = 0; b < count; ++b) {
            out[2 * (start + b)] = outScale * left[b];
            out[2 * (start + b) + 1] = outScale * right[b];
        }
        // 5. the input after the pre-delay
        for (int b = 0; b < count; ++b) {
            const std::int64_t src = start + b - preDelay;
            xl[std::size_t(b)] = src >= 0 ? in[2 * src] : 0.0f;
            xr[std::size_t(b)] = src >= 0 ? in[2 * src + 1] : 0.0f;
        }
        // 6. back into the lines: H·v/√8 (lossless) plus the input
        const std::size_t at = write & mask;
        const std::size_t first = std::min<std::size_t>(std::size_t(count), size - at); // up to the ring's end
        for (int i = 0; i < N; ++i) {
            float* ring = lines.data() + std::size_t(i) * size;
            const float* src = v.data() + std::size_t(i) * block;
            const float gl = inLeft[i], gr = inRight[i];
            for (std::size_t b = 0; b < first; ++b) ring[at + b] = hadamardNorm * src[b] + gl * xl[b] + gr * xr[b];
            for (std::size_t b = first; b < std::size_t(count); ++b) ring[b - first] = hadamardNorm * src[b] + gl * xl[b] + gr * xr[b];
        }
    }
    return wet;
}

} // namespace emotrace
