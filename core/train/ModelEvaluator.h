#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "model/ExplainableResNet.h"
#include "train/EvaluationReport.h"
#include "train/SpectrogramCache.h"
#include "train/TrainingExample.h"
#include "util/Progress.h"

namespace emotrace {

/// Evaluates a network on whole songs as SongAnalyzer does: windows of windowFrames
/// every windowFrames / 2 (WindowPlan: one more aligned to the end, loop padding for a
/// short song), the song's prediction the mean over its windows. Runs in eval mode
/// without gradients and restores the network's training mode afterwards. Lives on the
/// thread that owns the network.
class ModelEvaluator {
public:
    /// indices: the items to evaluate (e.g. the validation split). Stage "evaluate",
    /// honours the cancel flag between songs. device: where the network lives.
    static EvaluationReport evaluate(ExplainableResNet& network, const std::vector<TrainingExample>& items,
                                     const std::vector<std::size_t>& indices, SpectrogramCache& cache, std::int64_t windowFrames,
                                     torch::Device device = torch::kCPU, const Progress& progress = {});
};

} // namespace emotrace
