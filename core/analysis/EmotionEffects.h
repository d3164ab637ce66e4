#pragma once

#include <vector>

namespace emotrace {

/// Level one of the explanation: because no bias follows the pooling, target k is
/// exactly sum_j W[k][j] m[j], and E[k][j] = W[k][j] m[j] is the effect of mid-level
/// feature j on target k. relative[k][j] = E[k][j] / sum_i |E[k][i]| keeps the sign, so
/// the magnitudes of a row add up to 1 (all zero when every effect is zero). A value type.
struct EmotionEffects {
    std::vector<std::vector<double>> effects;  ///< [targets][features]
    std::vector<std::vector<double>> relative; ///< [targets][features], signed

    /// weights: W [targets][features]; concepts: m [features]. Throws emotrace::Error on
    /// mismatched sizes.
    static EmotionEffects compute(const std::vector<std::vector<double>>& weights, const std::vector<double>& concepts);
};

} // namespace emotrace
