#pragma once

#include <algorithm>
#include <cmath>

namespace emotrace {

/// clamp(x) = min(1, max(0, x)) of the score analyses' formulas; non-finite values give 0
/// so that a degenerate score (no notes, zero spans) yields a label, not a NaN.
inline double clamp01(double v)
{
    return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
}

} // namespace emotrace
