#include "model/BatchPredictor.h"

#include <torch/torch.h>

#include "util/Error.h"

namespace emotrace {

BatchPredictor::BatchPredictor(const ExplainableResNet& network, int batchSize)
    : m_folded(network), m_batchSize(std::max(1, batchSize))
{
}

ModelOutput BatchPredictor::forward(const torch::Tensor& input)
{
    return m_folded.forward(input);
}

std::vector<WindowOutput> BatchPredictor::predict(const Spectrogram& spec, const std::vector<std::int64_t>& starts,
                                                  std::int64_t windowFrames, const Progress& progress, Padding padding)
{
    if (spec.frames < 1) throw Error("model: the spectrogram has no frames");
    if (windowFrames < 1) throw Error("model: window length must be at least one frame");
    c10::InferenceMode inference;
    std::vector<WindowOutput> out;
    out.reserve(starts.size());
    for (std::size_t first = 0; first < starts.size(); first += std::size_t(m_batchSize)) {
        progress.checkCancelled();
        const std::size_t count = std::min(std::size_t(m_batchSize), starts.size() - first);
        torch::Tensor batch = torch::empty({std::int64_t(count), 1, spec.bands, windowFrames});
        float* dst = batch.data_ptr<float>();
        for (std::size_t w = 0; w < count; ++w) {
            const std::int64_t start = starts[first + w];
            for (int b = 0; b < spec.bands; ++b) {
                const float* row = spec.values.data() + std::size_t(b) * std::size_t(spec.frames);
                float* to = dst + (w * std::size_t(spec.bands) + std::size_t(b)) * std::size_t(windowFrames);
                for (std::int64_t t = 0; t < windowFrames; ++t) {
                    const std::int64_t frame = start + t;
                    to[t] = frame < spec.frames ? row[frame] : padding == Padding::Loop ? row[frame % spec.frames] : 0.0f;
                }
            }
        }
        const ModelOutput result = m_folded.forward(batch);
        const auto concepts = result.concepts.contiguous();
        const auto emotions = result.emotions.contiguous();
        for (std::size_t w = 0; w < count; ++w) {
            const float* c = concepts.data_ptr<float>() + w * std::size_t(concepts.size(1));
            const float* e = emotions.data_ptr<float>() + w * std::size_t(emotions.size(1));
            out.push_back({std::vector<float>(c, c + concepts.size(1)), std::vector<float>(e, e + emotions.size(1))});
        }
        progress.report("model", int(100 * (first + count) / starts.size()));
    }
    return out;
}

} // namespace emotrace
