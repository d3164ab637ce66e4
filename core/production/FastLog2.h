#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

namespace emotrace {

/// log₂ and 2^x in float for per-frame level detection, from textbook range reductions:
///  - log₂ x: x = m·2^e with m in [√½, √2), then log₂ m = (2/ln 2)·atanh t with
///    t = (m − 1)/(m + 1) (|t| < 0.172), the atanh series to t⁷: error < 2e-6;
///  - 2^y: y = n + f, n = floor(y), 2^f = e^(f·ln 2) by its Taylor series to the 7th power
///    (relative error < 2e-6), scaled by 2^n through the exponent bits.
/// Pure arithmetic (inline, no library calls): deterministic, and loops using it
/// vectorise. Any thread.
class FastLog2 {
public:
    /// log₂ x for a positive, normal x (no checks).
    static float log2(float x)
    {
        std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
        int exponent = int((bits >> 23) & 0xffu) - 127;
        bits = (bits & 0x007fffffu) | 0x3f800000u; // mantissa in [1, 2)
        float m = std::bit_cast<float>(bits);
        if (m > 1.41421356f) {
            m *= 0.5f;
            exponent += 1;
        }
        const float t = (m - 1.0f) / (m + 1.0f);
        const float t2 = t * t;
        return float(exponent) + t * (2.88539008f + t2 * (0.961796694f + t2 * (0.577078016f + t2 * 0.412198583f)));
    }

    /// 2^y for y in [-126, 126] (clamped there).
    static float exp2(float y)
    {
        y = std::clamp(y, -126.0f, 126.0f);
        const float n = y < 0.0f ? float(int(y)) - (float(int(y)) != y ? 1.0f : 0.0f) : float(int(y)); // floor
        const float f = (y - n) * 0.693147181f;
        const float p =
            1.0f + f * (1.0f + f * (0.5f + f * (0.166666667f + f * (0.0416666667f + f * (0.00833333333f + f * (0.00138888889f + f * 0.000198412698f))))));
        const std::uint32_t scale = std::uint32_t(int(n) + 127) << 23;
        return p * std::bit_cast<float>(scale);
    }
};

} // namespace emotrace
