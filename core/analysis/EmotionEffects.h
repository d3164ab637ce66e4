#pragma once

#include <vector>

#include "model/EmotionBaseline.h"

namespace emotrace {

/// Level one of the explanation. The emotion layer is e = b + W (m - m_bar)
/// (EmotionBaseline: b and m_bar the training split's label means; both 0 for a model
/// without one, the paper's e = W m), so target k is exactly
///     baseline[k] + sum_j effects[k][j],   effects[k][j] = W[k][j] (m[j] - m_bar[j]):
/// the effect of feature j is how far the song's value of it moves the prediction away
/// from the baseline, the prediction for a song whose features all sit at the training
/// means. relative[k][j] = effects[k][j] / sum_i |effects[k][i]| keeps the sign, so the
/// magnitudes of a row add up to 1 (all zero when every effect is zero); the baseline is
/// not a share. A value type.
struct EmotionEffects {
    std::vector<std::vector<double>> effects;  ///< [targets][features], target units
    std::vector<std::vector<double>> relative; ///< [targets][features], signed
    std::vector<double> baseline;              ///< b [targets], target units (0 without a baseline)
    std::vector<double> featureMeans;          ///< m_bar [features], the effects' reference (0 without a baseline)

    /// baseline[k] + sum_j effects[k][j]: the prediction they add up to.
    double total(std::size_t target) const;

    /// weights: W [targets][features]; concepts: m [features]; baseline: b and m_bar
    /// (empty: zeros). Throws emotrace::Error on mismatched sizes.
    static EmotionEffects compute(const std::vector<std::vector<double>>& weights, const std::vector<double>& concepts,
                                  const EmotionBaseline& baseline = {});
};

} // namespace emotrace
