#pragma once

#include <map>
#include <string>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>
#include <torch/nn/pimpl.h>

#include "model/EmotionBaseline.h"
#include "model/ModelConfig.h"
#include "model/ResNetStage.h"
#include "model/StateDict.h"

namespace emotrace {

/// Output of one forward pass.
struct ModelOutput {
    torch::Tensor concepts; ///< [B, concepts] mid-level values m
    torch::Tensor emotions; ///< [B, targets] = b + (m - m_bar) W^T (EmotionBaseline; without one m W^T)
};

/// RFResnetExplainable (Chowdhury et al. 2021): in_c (5x5 conv stride 2 pad 1, BN,
/// ReLU) -> stage1..3 -> global average pool -> concepts_layer Linear(4 base -> 7, no
/// bias) -> feed_forward Linear(7 -> 2, no bias). Input [B,1,149,T] log spectrogram.
/// The emotions are e = b + W (m - m_bar) with the model's EmotionBaseline (model.json;
/// empty = the paper's e = W m): the baseline is not a parameter or buffer, so the state
/// dict stays the paper's.
/// Parameter and buffer names equal PyTorch's (in_c.0.weight, stage2.block1.shortcut.bn.
/// running_var, concepts_layer.2.weight, feed_forward.weight, ...). Lives on the thread
/// that runs it; not for concurrent forward calls.
class ExplainableResNetImpl : public torch::nn::Module {
public:
    explicit ExplainableResNetImpl(const ModelConfig& config = {});

    ModelOutput forward(const torch::Tensor& spectrogram);

    const ModelConfig& config() const { return m_config; }
    /// [targets, concepts]: effect of feature j on target k is W[k][j] * (m[j] - m_bar[j]).
    torch::Tensor emotionWeights() const { return m_feedForward->weight; }

    /// The baseline forward() applies (empty: none). Throws emotrace::Error when a
    /// non-empty baseline does not have one mean per concept and per target, or one is
    /// not finite. Not part of stateDict(); loadStateDict() leaves it as it is.
    void setEmotionBaseline(const EmotionBaseline& baseline);
    const EmotionBaseline& emotionBaseline() const { return m_baseline; }

    /// Parameters and buffers in PyTorch's state_dict() order.
    StateDict stateDict() const;
    /// Strict load: every key present with the same shape, no extra key. Throws
    /// emotrace::Error naming the source, the key and the shapes.
    void loadStateDict(const StateDict& state, const std::string& source);
    /// Module prefix -> version, as PyTorch records in state_dict()._metadata.
    std::map<std::string, int> moduleVersions() const;

private:
    ModelConfig m_config;
    torch::nn::Sequential m_inConv{nullptr};
    ResNetStage m_stage1{nullptr}, m_stage2{nullptr}, m_stage3{nullptr};
    torch::nn::AdaptiveAvgPool2d m_pool{nullptr};
    torch::nn::Linear m_feedForward{nullptr};
    torch::nn::Sequential m_conceptsLayer{nullptr};
    EmotionBaseline m_baseline;
    torch::Tensor m_featureMeans; ///< [concepts] float32 on the CPU; undefined without a baseline
    torch::Tensor m_emotionMeans; ///< [targets] float32 on the CPU; undefined without a baseline
};
TORCH_MODULE(ExplainableResNet);

} // namespace emotrace
