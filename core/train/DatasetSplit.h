#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "train/TrainingConfig.h"
#include "train/TrainingExample.h"

namespace emotrace {

/// Indices into a list of examples: which train and which validate. A value type.
struct SplitIndices {
    std::vector<std::size_t> training;
    std::vector<std::size_t> validation;
};

/// The deterministic hold-out rule. Per source: a lab source with a "holdout" rule
/// validates on exactly the songs it names (rendered with one of the listed soundfonts,
/// or whose composer seed s has s % m == r) and trains on the rest, so no soundfont or
/// composition leaks across the split. Any other source validates on a seeded fraction:
/// its items ordered by a hash of (seed, source name, id), the first round(fraction * n)
/// (at least one when the fraction is positive and n >= 2). The split depends only on the
/// config and the ids, never on listing order. Thread: any.
class DatasetSplit {
public:
    /// True when a lab hold-out rule holds this item out.
    static bool heldOutByRule(const TrainingExample& item, const TrainingConfig::Holdout& holdout);
    /// items[i].source must name one of sources. Throws emotrace::Error when one does not.
    static SplitIndices split(const std::vector<TrainingExample>& items, const std::vector<TrainingConfig::Source>& sources,
                              std::uint64_t seed);
};

} // namespace emotrace
