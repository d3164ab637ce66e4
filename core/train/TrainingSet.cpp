#include "train/TrainingSet.h"

#include <array>
#include <map>

#include "train/CsvTable.h"
#include "train/DeamSource.h"
#include "train/LabCorpusSource.h"
#include "train/MidLevelDatasetSource.h"
#include "train/PmemoSource.h"
#include "util/Error.h"

namespace emotrace {

TrainingSet TrainingSet::load(const TrainingConfig& config)
{
    TrainingSet set;
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& source : config.sources) {
        std::vector<TrainingExample> items;
        std::pair<double, double> range{0.0, 1.0};
        std::string labels;
        if (source.type == "lab") {
            items = LabCorpusSource::read(source.path, source.name);
            labels = "mid-level + emotion (music lab, [0,1])";
        } else if (source.type == "midlevel") {
            range = source.range.value_or(MidLevelDatasetSource::kRawRange);
            items = MidLevelDatasetSource::read(source.path, source.name, range);
            labels = "mid-level";
        } else if (source.type == "pmemo") {
            range = source.range.value_or(PmemoSource::kRawRange);
            items = PmemoSource::read(source.path, source.name, range);
            labels = "emotion";
        } else if (source.type == "deam") {
            range = source.range.value_or(DeamSource::kRawRange);
            items = DeamSource::read(source.path, source.name, range);
            labels = "emotion";
        } else {
            throw Error("sources: unknown type \"" + source.type + "\"");
        }
        if (!source.tags.empty()) {
            const CsvTable tags = CsvTable::read(source.tags);
            const int tagColumn = tags.column("tag");
            std::map<std::string, std::string> byId;
            for (const auto& row : tags.rows()) byId[tags.text(row, 0)] = tags.text(row, tagColumn);
            for (auto& item : items)
                if (auto it = byId.find(item.id); it != byId.end() && !it->second.empty()) item.tag = it->second;
        }
        for (auto& item : items) item.weight = float(source.weight);
        sources.push_back({{"name", source.name}, {"type", source.type}, {"path", source.path.string()}, {"weight", source.weight},
                           {"labels", labels}, {"raw_label_range", {range.first, range.second}},
                           {"normalised_to", {0.0, 1.0}}, {"items", items.size()}});
        set.items.insert(set.items.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
    }
    set.split = DatasetSplit::split(set.items, config.sources, config.seed);
    if (set.split.training.empty()) throw Error("training split is empty: every item is held out for validation or test");
    double trainingWeight = 0.0;
    for (const auto i : set.split.training) trainingWeight += set.items[i].weight;
    if (!(trainingWeight > 0.0))
        throw Error("training split: every training item comes from a source of weight 0 (nothing to train on)");
    std::map<std::string, std::array<int, 3>> counts;
    for (const auto i : set.split.training) ++counts[set.items[i].source][0];
    for (const auto i : set.split.validation) ++counts[set.items[i].source][1];
    for (const auto i : set.split.test) ++counts[set.items[i].source][2];
    for (auto& s : sources) {
        const auto& c = counts[s["name"].get<std::string>()];
        s["training_items"] = c[0];
        s["validation_items"] = c[1];
        s["test_items"] = c[2];
    }
    set.description = {{"sources", sources},
                       {"training_items", set.split.training.size()},
                       {"validation_items", set.split.validation.size()},
                       {"test_items", set.split.test.size()},
                       {"loss", "L = L_m + L_e: per batch, source-weighted MSE on the mid-level features over items that have "
                                "them plus source-weighted MSE on arousal/valence over items that have them"}};
    return set;
}

} // namespace emotrace
