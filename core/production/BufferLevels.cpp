#include "production/BufferLevels.h"

#include <cmath>

namespace emotrace {

double BufferLevels::peak(const AudioBuffer& buffer)
{
    float p = 0.0f;
    for (float s : buffer.samples) p = std::max(p, std::abs(s));
    return double(p);
}

double BufferLevels::sumOfSquares(const float* x, std::size_t count)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    std::size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        s0 += double(x[i]) * x[i];
        s1 += double(x[i + 1]) * x[i + 1];
        s2 += double(x[i + 2]) * x[i + 2];
        s3 += double(x[i + 3]) * x[i + 3];
    }
    for (; i < count; ++i) s0 += double(x[i]) * x[i];
    return (s0 + s1) + (s2 + s3);
}

double BufferLevels::rms(const AudioBuffer& buffer)
{
    if (buffer.samples.empty()) return 0.0;
    return std::sqrt(sumOfSquares(buffer.samples.data(), buffer.samples.size()) / double(buffer.samples.size()));
}

void BufferLevels::scale(AudioBuffer& buffer, double gain)
{
    const float g = float(gain);
    for (float& s : buffer.samples) s *= g;
}

double BufferLevels::toDb(double amplitude)
{
    return amplitude > 1e-12 ? 20.0 * std::log10(amplitude) : -240.0;
}

double BufferLevels::fromDb(double db)
{
    return std::pow(10.0, db / 20.0);
}

} // namespace emotrace
