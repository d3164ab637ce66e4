#include "train/BalancedSampler.h"

#include <algorithm>
#include <map>
#include <random>

#include "util/Error.h"

namespace emotrace {

BalancedSampler::BalancedSampler(const std::vector<TrainingExample>& items, std::vector<std::size_t> indices, bool balanceByTag)
    : m_indices(std::move(indices)), m_balance(balanceByTag)
{
    if (m_indices.empty()) throw Error("sampler: no training items");
    std::map<std::string, std::vector<std::size_t>> byTag;
    for (const auto i : m_indices) byTag[items.at(i).tag].push_back(i);
    for (auto& [tag, list] : byTag) {
        m_tags.push_back(tag);
        m_byTag.push_back(std::move(list));
    }
}

std::vector<std::size_t> BalancedSampler::draw(std::size_t count, std::uint64_t seed) const
{
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> out;
    out.reserve(count);
    if (!m_balance) {
        std::vector<std::size_t> order;
        while (out.size() < count) {
            if (order.empty()) {
                order = m_indices;
                std::shuffle(order.begin(), order.end(), rng);
            }
            out.push_back(order.back());
            order.pop_back();
        }
        return out;
    }
    std::vector<std::vector<std::size_t>> queues(m_byTag.size());
    std::vector<std::size_t> block;
    while (out.size() < count) {
        if (block.empty()) {
            for (std::size_t t = 0; t < m_tags.size(); ++t) block.push_back(t);
            std::shuffle(block.begin(), block.end(), rng);
        }
        const std::size_t tag = block.back();
        block.pop_back();
        auto& queue = queues[tag];
        if (queue.empty()) {
            queue = m_byTag[tag];
            std::shuffle(queue.begin(), queue.end(), rng);
        }
        out.push_back(queue.back());
        queue.pop_back();
    }
    return out;
}

} // namespace emotrace
