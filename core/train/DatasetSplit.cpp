#include "train/DatasetSplit.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "util/Error.h"
#include "util/FileHash.h"

namespace emotrace {

bool DatasetSplit::heldOutByRule(const TrainingExample& item, const TrainingConfig::Holdout& holdout)
{
    if (std::find(holdout.soundfonts.begin(), holdout.soundfonts.end(), item.soundfont) != holdout.soundfonts.end()) return true;
    if (holdout.seedsMod && item.seed) return *item.seed % holdout.seedsMod->first == holdout.seedsMod->second;
    return false;
}

SplitIndices DatasetSplit::split(const std::vector<TrainingExample>& items, const std::vector<TrainingConfig::Source>& sources,
                                 std::uint64_t seed)
{
    std::map<std::string, const TrainingConfig::Source*> byName;
    for (const auto& s : sources) byName[s.name] = &s;
    std::map<std::string, std::vector<std::size_t>> bySource;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!byName.count(items[i].source)) throw Error("split: item \"" + items[i].id + "\" has unknown source \"" + items[i].source + "\"");
        bySource[items[i].source].push_back(i);
    }
    enum class Part { Training, Validation, Test };
    std::vector<Part> part(items.size(), Part::Training);
    for (const auto& [name, all] : bySource) {
        const TrainingConfig::Source& source = *byName.at(name);
        std::vector<std::size_t> indices;
        for (const auto i : all) {
            if (heldOutByRule(items[i], source.holdout))
                part[i] = Part::Test;
            else
                indices.push_back(i);
        }
        if (!(source.validationFraction > 0.0) || indices.empty()) continue;
        std::vector<std::pair<std::uint64_t, std::size_t>> order;
        const std::uint64_t base = fnv1a("/" + name + "/", fnv1a(std::to_string(seed)));
        for (const auto i : indices) order.emplace_back(fnv1a(items[i].id, base), i);
        std::sort(order.begin(), order.end());
        std::size_t count = std::size_t(std::lround(source.validationFraction * double(indices.size())));
        if (count == 0 && indices.size() >= 2) count = 1;
        count = std::min(count, indices.size() - 1); // always keep something to train on
        for (std::size_t k = 0; k < count; ++k) part[order[k].second] = Part::Validation;
    }
    SplitIndices out;
    for (std::size_t i = 0; i < items.size(); ++i)
        (part[i] == Part::Test ? out.test : part[i] == Part::Validation ? out.validation : out.training).push_back(i);
    return out;
}

} // namespace emotrace
