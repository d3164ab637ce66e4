#include "train/ModelEvaluator.h"

#include <cmath>

#include <torch/torch.h>

#include "analysis/WindowPlan.h"
#include "util/InputFile.h"
#include "util/Error.h"

namespace emotrace {

EvaluationReport ModelEvaluator::evaluate(ExplainableResNet& network, const std::vector<TrainingExample>& items,
                                          const std::vector<std::size_t>& indices, SpectrogramCache& cache, std::int64_t windowFrames,
                                          torch::Device device, const Progress& progress)
{
    constexpr std::size_t kBatch = 8; // windows per forward pass (memory ~ batch x window)
    const bool wasTraining = network->is_training();
    network->eval();
    torch::NoGradGuard noGrad;
    std::vector<TrainingExample> selected;
    std::vector<EvaluationReport::Prediction> predictions;
    for (std::size_t n = 0; n < indices.size(); ++n) {
        progress.checkCancelled();
        const TrainingExample& item = items.at(indices[n]);
        const auto spec = cache.get(item.audio, progress);
        SpectrogramCache::requireShape(*spec, cache.bands(), item.audio, "the cache's front end");
        const WindowPlan plan = WindowPlan::make(spec->frames, windowFrames, std::max<std::int64_t>(1, windowFrames / 2));
        EvaluationReport::Prediction sum{};
        for (std::size_t first = 0; first < plan.starts.size(); first += kBatch) {
            const std::size_t count = std::min(kBatch, plan.starts.size() - first);
            torch::Tensor batch = torch::empty({std::int64_t(count), 1, spec->bands, windowFrames});
            for (std::size_t w = 0; w < count; ++w)
                SpectrogramCache::excerpt(*spec, plan.starts[first + w], windowFrames,
                                          batch.data_ptr<float>() + w * std::size_t(spec->bands) * std::size_t(windowFrames));
            const ModelOutput out = network->forward(batch.to(device));
            const torch::Tensor both = torch::cat({out.concepts, out.emotions}, 1).to(torch::kCPU).contiguous();
            const float* p = both.data_ptr<float>();
            for (std::size_t w = 0; w < count; ++w)
                for (std::size_t k = 0; k < 9; ++k) sum[k] += p[w * 9 + k];
        }
        for (auto& v : sum) v /= float(plan.starts.size());
        for (const float v : sum)
            if (!std::isfinite(v))
                throw Error(InputFile::printable(item.audio) + ": the model predicts NaN or infinite values for it (check the model's "
                            "weights)");
        predictions.push_back(sum);
        selected.push_back(item);
        progress.report("evaluate", int(100 * (n + 1) / indices.size()));
    }
    if (wasTraining) network->train();
    return EvaluationReport::compute(selected, predictions);
}

} // namespace emotrace
