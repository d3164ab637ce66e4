#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "train/DatasetSplit.h"
#include "train/TrainingConfig.h"
#include "train/TrainingExample.h"

namespace emotrace {

/// Every example of every configured source, with the source's weight and tags applied,
/// split into training, validation and test by DatasetSplit. A value type; thread: any.
struct TrainingSet {
    std::vector<TrainingExample> items;
    SplitIndices split;
    /// Per source: type, path, weight, raw label range and scale, item and split counts
    /// (model.json's "training_data").
    nlohmann::json description;

    /// Reads all sources (LabCorpusSource, MidLevelDatasetSource, PmemoSource,
    /// DeamSource). A "tags" CSV (first column the id, a column "tag") replaces the tag
    /// of the items it lists. Throws emotrace::Error from the readers, or when the
    /// training split is empty.
    static TrainingSet load(const TrainingConfig& config);
};

} // namespace emotrace
