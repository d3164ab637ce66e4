#pragma once

#include <vector>

#include "explain/PerturbationSet.h"

namespace emotrace {

/// Exact Shapley values of the components from the 2^n evaluations of an exhaustive
/// PerturbationSet (the game: v(S) = f(mask with exactly S kept)):
///   phi_i = sum over S not containing i of |S|! (n-|S|-1)! / n! (f(S u {i}) - f(S)).
/// They satisfy efficiency: sum_i phi_i = f(all) - f(none). Pure, safe from any thread;
/// O(n 2^n) per target.
class ShapleyValues {
public:
    /// predictions [rows][targets], row r the predictor's output for set.rows[r], in any
    /// row order. Returns phi [targets][components]. Throws Error when the set is not
    /// exhaustive (flag unset, or a mask missing or repeated) or the shapes disagree.
    static std::vector<std::vector<double>> compute(const PerturbationSet& set, const std::vector<std::vector<double>>& predictions);
};

} // namespace emotrace
