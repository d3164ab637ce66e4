#pragma once

#include <algorithm>

namespace emotrace {

/// A fast tanh for waveshaping: Lambert's continued fraction of tanh cut after the x⁶
/// terms,
///   tanh x ≈ x(135135 + 17325x² + 378x⁴ + x⁶) / (135135 + 62370x² + 3150x⁴ + 28x⁶),
/// with x clamped to ±4.97179, where the fraction reaches ±1. Odd, monotonic, within 1e-4
/// of tanh everywhere (1e-8 for |x| ≤ 2), bounded by ±1, 0 at 0; a few multiplies instead
/// of a library call, so shaping loops vectorise. Pure functions; any thread.
class SoftClip {
public:
    static constexpr float kLimit = 4.97179f;

    static float tanh(float x)
    {
        x = std::clamp(x, -kLimit, kLimit);
        const float x2 = x * x;
        const float numerator = x * (135135.0f + x2 * (17325.0f + x2 * (378.0f + x2)));
        const float denominator = 135135.0f + x2 * (62370.0f + x2 * (3150.0f + 28.0f * x2));
        return std::clamp(numerator / denominator, -1.0f, 1.0f);
    }
};

} // namespace emotrace
