#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "train/TrainingExample.h"

namespace emotrace {

/// Draws the training items of an epoch. Balanced by tag (the paper's retraining on
/// combined, balanced data): tags are drawn uniformly, in blocks that hold every tag
/// once in a random order (so over k blocks every tag appears exactly k times), and
/// within a tag items are drawn without replacement from a shuffled queue that is
/// refilled when empty. Unbalanced: the items in a fresh random order, repeated as
/// needed. Deterministic for a seed. A value type; thread: any.
class BalancedSampler {
public:
    /// indices: into items (the training split). Throws emotrace::Error when empty.
    BalancedSampler(const std::vector<TrainingExample>& items, std::vector<std::size_t> indices, bool balanceByTag);

    /// count indices into items.
    std::vector<std::size_t> draw(std::size_t count, std::uint64_t seed) const;

    /// Tags in sorted order with their item indices.
    const std::vector<std::string>& tags() const { return m_tags; }

private:
    std::vector<std::size_t> m_indices;
    std::vector<std::string> m_tags;
    std::vector<std::vector<std::size_t>> m_byTag;
    bool m_balance;
};

} // namespace emotrace
