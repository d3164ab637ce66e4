#include "separation/MaskNetwork.h"

#include <torch/torch.h>

#include "util/Error.h"

namespace emotrace {

MaskNetworkImpl::MaskNetworkImpl(const MaskNetworkConfig& config) : m_config(config)
{
    using namespace torch::nn;
    m_config.validate("separator network");
    const int f = m_config.bins();
    const int h = m_config.hidden;
    const int s = int(m_config.stems.size());
    m_inputMean = register_buffer("input_mean", torch::zeros({2 * f}));
    m_inputScale = register_buffer("input_scale", torch::ones({2 * f}));
    m_fc1 = register_module("fc1", Linear(LinearOptions(2 * f, h)));
    m_ln1 = register_module("ln1", LayerNorm(LayerNormOptions({h})));
    m_lstm = register_module("lstm", LSTM(LSTMOptions(h, h / 2).num_layers(m_config.recurrentLayers).batch_first(true).bidirectional(true)));
    m_fc2 = register_module("fc2", Linear(LinearOptions(2 * h, h)));
    m_ln2 = register_module("ln2", LayerNorm(LayerNormOptions({h})));
    m_fc3 = register_module("fc3", Linear(LinearOptions(h, s * f)));
    // Start from equal shares: every stem gets 1/S of every bin.
    torch::NoGradGuard noGrad;
    m_fc3->bias.zero_();
}

torch::Tensor MaskNetworkImpl::forward(const torch::Tensor& features)
{
    const int f = m_config.bins();
    if (features.dim() != 3 || features.size(2) != 2 * f)
        throw Error("separator network: input must be [B, T, " + std::to_string(2 * f) + "], got " + StateDict::shapeText(features));
    const auto x = (features - m_inputMean) / m_inputScale;
    const auto h = torch::tanh(m_ln1->forward(m_fc1->forward(x)));
    const auto r = std::get<0>(m_lstm->forward(h));
    const auto z = torch::relu(m_ln2->forward(m_fc2->forward(torch::cat({h, r}, 2))));
    const auto logits = m_fc3->forward(z).view({features.size(0), features.size(1), std::int64_t(m_config.stems.size()), f});
    return torch::softmax(logits, 2);
}

void MaskNetworkImpl::setInputNormalisation(const torch::Tensor& mean, const torch::Tensor& scale)
{
    const int f = m_config.bins();
    if (mean.numel() != 2 * f || scale.numel() != 2 * f)
        throw Error("separator network: input normalisation needs " + std::to_string(2 * f) + " values");
    torch::NoGradGuard noGrad;
    m_inputMean.copy_(mean.reshape({2 * f}));
    m_inputScale.copy_(scale.reshape({2 * f}).clamp_min(1e-3));
}

StateDict MaskNetworkImpl::stateDict() const
{
    StateDict out = StateDict::of(*this);
    for (auto& [key, tensor] : out.entries) tensor = tensor.detach().contiguous();
    return out;
}

void MaskNetworkImpl::loadStateDict(const StateDict& state, const std::string& source)
{
    const StateDict own = stateDict();
    for (const auto& [key, value] : state.entries)
        if (!own.find(key)) throw Error(source + ": unexpected key '" + key + "' (not a parameter of this separator network)");
    torch::NoGradGuard noGrad;
    for (const auto& [key, target] : own.entries) {
        const torch::Tensor* value = state.find(key);
        if (!value) throw Error(source + ": missing key '" + key + "'");
        if (value->sizes() != target.sizes())
            throw Error(source + ": '" + key + "' has shape " + StateDict::shapeText(*value) + ", expected " + StateDict::shapeText(target));
        const auto converted = value->to(torch::kFloat);
        if (!torch::isfinite(converted).all().item<bool>()) throw Error(source + ": '" + key + "' holds NaN or infinite values");
        const_cast<torch::Tensor&>(target).copy_(converted);
    }
    if ((m_inputScale <= 0).any().item<bool>()) throw Error(source + ": 'input_scale' must be positive");
}

std::map<std::string, int> MaskNetworkImpl::moduleVersions() const
{
    std::map<std::string, int> versions;
    for (const auto& m : named_modules("", true)) versions[m.key()] = 1;
    return versions;
}

} // namespace emotrace
