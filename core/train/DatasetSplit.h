#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "train/TrainingConfig.h"
#include "train/TrainingExample.h"

namespace emotrace {

/// Indices into a list of examples: which train, which choose the epoch (validation,
/// early stopping) and which only measure the final model (test). A value type.
struct SplitIndices {
    std::vector<std::size_t> training;
    std::vector<std::size_t> validation;
    std::vector<std::size_t> test;
};

/// The deterministic hold-out rule. Per source: a lab source with a "holdout" rule puts
/// exactly the songs it names (rendered with one of the listed soundfonts, or whose
/// composer seed s has s % m == r) in the test split, so no soundfont or composition leaks
/// from training into the reported metrics, and the test split never chooses the epoch.
/// Of every source's remaining items a seeded fraction validates: the items ordered by a
/// hash of (seed, source name, id), the first round(fraction * n) (at least one when the
/// fraction is positive and n >= 2, never all). The split depends only on the config and
/// the ids, never on listing order. Thread: any.
class DatasetSplit {
public:
    /// True when a lab hold-out rule holds this item out.
    static bool heldOutByRule(const TrainingExample& item, const TrainingConfig::Holdout& holdout);
    /// items[i].source must name one of sources. Throws emotrace::Error when one does not.
    static SplitIndices split(const std::vector<TrainingExample>& items, const std::vector<TrainingConfig::Source>& sources,
                              std::uint64_t seed);
};

} // namespace emotrace
