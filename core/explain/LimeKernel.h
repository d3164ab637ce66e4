#pragma once

#include <cstdint>
#include <vector>

#include "explain/PerturbationSet.h"

namespace emotrace {

/// audioLIME's sample weights: the cosine distance d of a mask z to the original (all
/// ones), as sklearn.metrics.pairwise_distances(metric='cosine') computes it, through the
/// kernel sqrt(exp(-d^2 / width^2)). Pure functions, safe from any thread.
class LimeKernel {
public:
    static constexpr double defaultWidth = 0.25; ///< audioLIME's kernel_width

    /// 1 - z.1 / (|z| |1|), clipped to [0, 2] like sklearn. The all-zero mask has distance
    /// 1.0: sklearn leaves a zero row unnormalised (its norm counts as 1), so its cosine
    /// similarity is 0. Throws Error for an empty mask.
    static double cosineDistanceToOriginal(const std::vector<uint8_t>& z);

    /// sqrt(exp(-distance^2 / width^2)). Throws Error unless width is positive and finite.
    static double weight(double distance, double width = defaultWidth);

    /// One weight per row of `set`: [rows].
    static std::vector<double> weights(const PerturbationSet& set, double width = defaultWidth);
};

} // namespace emotrace
