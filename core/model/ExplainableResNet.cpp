#include "model/ExplainableResNet.h"

#include <cmath>

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/torch.h>

#include "util/Error.h"

namespace emotrace {

ExplainableResNetImpl::ExplainableResNetImpl(const ModelConfig& config) : m_config(config)
{
    using namespace torch::nn;
    m_config.validate();
    const auto channels = m_config.stageChannels();
    m_inConv = register_module("in_c", Sequential(Conv2d(Conv2dOptions(m_config.inputChannels, channels[0], 5).stride(2).padding(1).bias(false)),
                                                  BatchNorm2d(channels[0]), ReLU(ReLUOptions(true))));
    m_stage1 = register_module("stage1", ResNetStage(channels[0], channels[0], m_config.blocksPerStage[0], m_config.stages[0]));
    m_stage2 = register_module("stage2", ResNetStage(channels[0], channels[1], m_config.blocksPerStage[1], m_config.stages[1]));
    m_stage3 = register_module("stage3", ResNetStage(channels[1], channels[2], m_config.blocksPerStage[2], m_config.stages[2]));
    // Registration order as in the reference (pool and feed_forward come from the base class).
    m_pool = register_module("pool", AdaptiveAvgPool2d(AdaptiveAvgPool2dOptions({1, 1})));
    m_feedForward = register_module("feed_forward", Linear(LinearOptions(m_config.concepts, m_config.targets).bias(false)));
    m_conceptsLayer = register_module("concepts_layer", Sequential(m_pool, Flatten(), Linear(LinearOptions(channels[2], m_config.concepts).bias(false))));
}

ModelOutput ExplainableResNetImpl::forward(const torch::Tensor& spectrogram)
{
    if (spectrogram.dim() != 4 || spectrogram.size(1) != m_config.inputChannels)
        throw Error("model: input must be [B," + std::to_string(m_config.inputChannels) + ",bands,frames], got " + StateDict::shapeText(spectrogram));
    auto x = m_inConv->forward(spectrogram);
    x = m_stage1->forward(x);
    x = m_stage2->forward(x);
    x = m_stage3->forward(x);
    ModelOutput out;
    out.concepts = m_conceptsLayer->forward(x);
    if (m_featureMeans.defined()) {
        const auto options = out.concepts.options();
        out.emotions = m_feedForward->forward(out.concepts - m_featureMeans.to(options)) + m_emotionMeans.to(options);
    } else {
        out.emotions = m_feedForward->forward(out.concepts);
    }
    return out;
}

void ExplainableResNetImpl::setEmotionBaseline(const EmotionBaseline& baseline)
{
    if (baseline.empty()) {
        m_baseline = {};
        m_featureMeans = torch::Tensor();
        m_emotionMeans = torch::Tensor();
        return;
    }
    if (int(baseline.featureMeans.size()) != m_config.concepts || int(baseline.emotionMeans.size()) != m_config.targets)
        throw Error("model: emotion baseline has " + std::to_string(baseline.featureMeans.size()) + " feature and "
                    + std::to_string(baseline.emotionMeans.size()) + " emotion means, the architecture "
                    + std::to_string(m_config.concepts) + " concepts and " + std::to_string(m_config.targets) + " targets");
    for (const auto* values : {&baseline.featureMeans, &baseline.emotionMeans})
        for (double v : *values)
            if (!std::isfinite(v)) throw Error("model: emotion baseline has a mean that is not finite");
    m_baseline = baseline;
    m_featureMeans = torch::tensor(std::vector<float>(baseline.featureMeans.begin(), baseline.featureMeans.end()));
    m_emotionMeans = torch::tensor(std::vector<float>(baseline.emotionMeans.begin(), baseline.emotionMeans.end()));
}

StateDict ExplainableResNetImpl::stateDict() const
{
    return StateDict::of(*this);
}

std::map<std::string, int> ExplainableResNetImpl::moduleVersions() const
{
    std::map<std::string, int> versions;
    for (const auto& m : named_modules("", true))
        versions[m.key()] = dynamic_cast<const torch::nn::BatchNorm2dImpl*>(m.value().get()) ? 2 : 1;
    return versions;
}

void ExplainableResNetImpl::loadStateDict(const StateDict& state, const std::string& source)
{
    const StateDict own = stateDict();
    for (const auto& [key, value] : state.entries)
        if (!own.find(key)) throw Error(source + ": unexpected key '" + key + "' (not a parameter of this architecture)");
    torch::NoGradGuard noGrad;
    for (const auto& [key, target] : own.entries) {
        const torch::Tensor* value = state.find(key);
        if (!value) throw Error(source + ": missing key '" + key + "'");
        if (!value->sizes().equals(target.sizes()))
            throw Error(source + ": key '" + key + "' has shape " + StateDict::shapeText(*value) + ", this model expects " + StateDict::shapeText(target));
        auto t = target; // shares storage with the module's tensor
        t.copy_(value->to(target.scalar_type()));
    }
}

} // namespace emotrace
