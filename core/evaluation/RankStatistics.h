#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace emotrace {

/// Small, dependency-free statistics for the real-recordings check: ranks with ties,
/// Spearman's rho, a seeded percentile bootstrap interval for rho, the area under the ROC
/// curve (Mann-Whitney) and the sample standard deviation. Undefined values (a constant
/// input, an empty class) come back as NaN rather than throwing, so a report can print
/// "n/a" for them. Stateless; thread: any.
class RankStatistics {
public:
    /// A two-sided interval [low, high].
    struct Interval {
        double low = 0.0;
        double high = 0.0;
    };

    /// 1-based ranks; tied values share the mean of the ranks they span (1, 2.5, 2.5, 4).
    static std::vector<double> ranks(std::span<const double> values);

    /// Pearson correlation of the ranks (ties averaged). NaN for fewer than 3 values, a
    /// constant input, or x and y of different lengths.
    static double spearman(std::span<const double> x, std::span<const double> y);

    /// Percentile bootstrap interval of spearman(x, y): `replicates` resamples of the
    /// pairs with replacement, drawn by a std::mt19937_64 seeded with `seed` (the same
    /// inputs and seed give the same interval on every platform); resamples whose rho is
    /// undefined are skipped. level = 0.95 gives the 2.5 and 97.5 percentiles. NaN bounds
    /// when rho is undefined on every resample.
    static Interval bootstrapSpearman(std::span<const double> x, std::span<const double> y, int replicates = 2000,
                                      std::uint64_t seed = 1, double level = 0.95);

    /// Probability that a random positive scores higher than a random negative, ties
    /// counting one half (Mann-Whitney U / (positives x negatives)). NaN when either class
    /// is empty or the lengths differ.
    static double auc(std::span<const double> scores, const std::vector<bool>& positive);

    /// Mean; NaN for no values.
    static double mean(std::span<const double> values);
    /// Sample standard deviation (n - 1 in the denominator); NaN for fewer than 2 values.
    static double standardDeviation(std::span<const double> values);
};

} // namespace emotrace
