#include "model/FoldedResNet.h"

#include <algorithm>

#include <ATen/ops/mkldnn_convolution.h>
#include <ATen/ops/mkldnn_reorder_conv2d_weight.h>

#include "model/BasicBlock.h"
#include "util/Error.h"

namespace emotrace {

namespace {

torch::Tensor tensorAt(const StateDict& state, const std::string& key)
{
    const torch::Tensor* t = state.find(key);
    if (!t) throw Error("folded model: missing tensor \"" + key + "\"");
    return t->detach().to(torch::kFloat32).contiguous();
}

/// Folds batch norm `bn` (prefix of its tensors) into a bias-free convolution weight.
std::pair<torch::Tensor, torch::Tensor> fold(const StateDict& state, const std::string& conv, const std::string& bn)
{
    constexpr double kEps = 1e-5; // BatchNorm2d's default, as in the reference
    const torch::Tensor w = tensorAt(state, conv + ".weight");
    const torch::Tensor scale = tensorAt(state, bn + ".weight") / torch::sqrt(tensorAt(state, bn + ".running_var") + kEps);
    const torch::Tensor bias = tensorAt(state, bn + ".bias") - tensorAt(state, bn + ".running_mean") * scale;
    return {(w * scale.view({-1, 1, 1, 1})).contiguous(), bias.contiguous()};
}

} // namespace

torch::Tensor FoldedResNet::Conv::apply(const torch::Tensor& x) const
{
    return torch::conv2d(position ? withFrequencyPosition(x) : x, weight, bias, stride, padding);
}

void FoldedResNet::Conv::pack()
{
    const std::int64_t in = weight.size(1) - (position ? 1 : 0);
    const torch::Tensor w = weight.narrow(1, 0, in).contiguous();
    packed = at::mkldnn_reorder_conv2d_weight(w.to_mkldnn(), {padding, padding}, {stride, stride}, {1, 1}, 1);
    if (position) positionWeight = weight.narrow(1, in, 1).contiguous();
}

torch::Tensor FoldedResNet::Conv::applyMkldnn(const torch::Tensor& x) const
{
    if (!position) return at::mkldnn_convolution(x, packed, bias, {padding, padding}, {stride, stride}, {1, 1}, 1);
    // conv([x, p], [Wx, Wp]) + b = conv(x, Wx) + (conv(p, Wp) + b): the second term depends
    // only on the shape (blocks keep the spatial size: stride 1, padding k / 3).
    const std::array<std::int64_t, 3> key{x.size(0), x.size(2), x.size(3)};
    auto it = positionTerms.find(key);
    if (it == positionTerms.end()) {
        const auto plane = frequencyPositionPlane(key[0], key[1], key[2], torch::kFloat32).contiguous();
        it = positionTerms.emplace(key, torch::conv2d(plane, positionWeight, bias, stride, padding).to_mkldnn()).first;
    }
    return at::mkldnn_convolution(x, packed, c10::nullopt, {padding, padding}, {stride, stride}, {1, 1}, 1).add_(it->second);
}

FoldedResNet::Backend FoldedResNet::defaultBackend()
{
    return at::hasMKLDNN() ? Backend::Mkldnn : Backend::Dense;
}

FoldedResNet::FoldedResNet(const ExplainableResNet& network, Backend backend) : m_backend(backend)
{
    if (m_backend == Backend::Mkldnn && !at::hasMKLDNN()) m_backend = Backend::Dense;
    torch::NoGradGuard noGrad;
    const ModelConfig& config = network->config();
    const StateDict state = network->stateDict();
    m_inputChannels = config.inputChannels;
    std::tie(m_in.weight, m_in.bias) = fold(state, "in_c.0", "in_c.1");
    m_in.stride = 2;
    m_in.padding = 1;
    const auto channels = config.stageChannels();
    int in = channels[0];
    for (int s = 0; s < 3; ++s) {
        const StageConfig& stage = config.stages[s];
        const int out = channels[std::size_t(s)];
        m_poolsBefore.push_back(std::count(stage.maxpool.begin(), stage.maxpool.end(), 0) > 0 ? 1 : 0); // one, as ResNetStage adds
        std::vector<Block> blocks;
        for (int b = 0; b < config.blocksPerStage[std::size_t(s)]; ++b) {
            const std::string prefix = "stage" + std::to_string(s + 1) + ".block" + std::to_string(b + 1) + ".";
            Block block;
            std::tie(block.conv1.weight, block.conv1.bias) = fold(state, prefix + "conv1", prefix + "bn1");
            block.conv1.padding = stage.k1s[std::size_t(b)] / 3;
            block.conv1.position = true;
            std::tie(block.conv2.weight, block.conv2.bias) = fold(state, prefix + "conv2", prefix + "bn2");
            block.conv2.padding = stage.k2s[std::size_t(b)] / 3;
            block.conv2.position = true;
            block.hasShortcut = in != out;
            if (block.hasShortcut) std::tie(block.shortcut.weight, block.shortcut.bias) = fold(state, prefix + "shortcut.conv", prefix + "shortcut.bn");
            block.poolsAfter = int(std::count(stage.maxpool.begin(), stage.maxpool.end(), b + 1));
            blocks.push_back(std::move(block));
            in = out;
        }
        m_stages.push_back(std::move(blocks));
    }
    m_concepts = tensorAt(state, "concepts_layer.2.weight");
    m_emotions = tensorAt(state, "feed_forward.weight");
    if (const EmotionBaseline& baseline = network->emotionBaseline(); !baseline.empty()) {
        m_featureMeans = torch::tensor(std::vector<float>(baseline.featureMeans.begin(), baseline.featureMeans.end()));
        m_emotionMeans = torch::tensor(std::vector<float>(baseline.emotionMeans.begin(), baseline.emotionMeans.end()));
    }
    if (m_backend == Backend::Mkldnn) {
        m_in.pack();
        for (auto& stage : m_stages)
            for (Block& b : stage) {
                b.conv1.pack();
                b.conv2.pack();
                if (b.hasShortcut) b.shortcut.pack();
            }
    }
}

ModelOutput FoldedResNet::forward(const torch::Tensor& spectrogram) const
{
    if (spectrogram.dim() != 4 || spectrogram.size(1) != m_inputChannels)
        throw Error("model: input must be [B," + std::to_string(m_inputChannels) + ",bands,frames]");
    c10::InferenceMode inference;
    return m_backend == Backend::Mkldnn ? forwardMkldnn(spectrogram.to(torch::kFloat32).contiguous()) : forwardDense(spectrogram);
}

torch::Tensor FoldedResNet::emotionsOf(const torch::Tensor& concepts) const
{
    if (!m_featureMeans.defined()) return torch::linear(concepts, m_emotions);
    return torch::linear(concepts - m_featureMeans, m_emotions) + m_emotionMeans;
}

ModelOutput FoldedResNet::forwardMkldnn(const torch::Tensor& spectrogram) const
{
    auto x = m_in.applyMkldnn(spectrogram.to_mkldnn());
    x = torch::relu(x);
    for (std::size_t s = 0; s < m_stages.size(); ++s) {
        for (int p = 0; p < m_poolsBefore[s]; ++p) x = torch::max_pool2d(x, 2, 2);
        for (const Block& b : m_stages[s]) {
            auto y = torch::relu(b.conv1.applyMkldnn(x));
            y = b.conv2.applyMkldnn(y);
            y = y.add_(b.hasShortcut ? b.shortcut.applyMkldnn(x) : x);
            x = torch::relu(y);
            for (int p = 0; p < b.poolsAfter; ++p) x = torch::max_pool2d(x, 2, 2);
        }
    }
    ModelOutput out;
    out.concepts = torch::linear(x.to_dense().mean({2, 3}), m_concepts);
    out.emotions = emotionsOf(out.concepts);
    return out;
}

ModelOutput FoldedResNet::forwardDense(const torch::Tensor& spectrogram) const
{
    auto x = m_in.apply(spectrogram);
    x.relu_();
    for (std::size_t s = 0; s < m_stages.size(); ++s) {
        for (int p = 0; p < m_poolsBefore[s]; ++p) x = torch::max_pool2d(x, 2, 2);
        for (const Block& b : m_stages[s]) {
            auto y = b.conv1.apply(x);
            y.relu_();
            y = b.conv2.apply(y);
            y.add_(b.hasShortcut ? b.shortcut.apply(x) : x);
            x = y.relu_();
            for (int p = 0; p < b.poolsAfter; ++p) x = torch::max_pool2d(x, 2, 2);
        }
    }
    ModelOutput out;
    out.concepts = torch::linear(x.mean({2, 3}), m_concepts);
    out.emotions = emotionsOf(out.concepts);
    return out;
}

} // namespace emotrace
