#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include <torch/torch.h>

#include "model/ExplainableResNet.h"

namespace emotrace {

/// An inference-only copy of an ExplainableResNet with every batch norm folded into the
/// convolution before it (w' = w * g / sqrt(var + eps), b' = beta - mean * g / sqrt(var + eps)),
/// run with functional convolutions. Same outputs as the network in eval mode to float
/// rounding (tested to 1e-4); fewer passes over the activations, so faster on the CPU.
/// The weights are copied when constructed: a later change of the network is not seen.
/// Thread: one forward at a time; any thread.
///
/// Backend::Mkldnn (where libtorch has oneDNN) keeps the activations in oneDNN's blocked
/// layout from the first convolution to the pooling, with weights reordered once, and
/// replaces the frequency-position channel that every block concatenates by its
/// contribution to the convolution (a fixed map per input shape, cached), so no
/// activation is copied for a concatenation or a layout change.
class FoldedResNet {
public:
    enum class Backend { Dense, Mkldnn };
    /// The fastest backend this libtorch has.
    static Backend defaultBackend();

    explicit FoldedResNet(const ExplainableResNet& network, Backend backend = defaultBackend());
    Backend backend() const { return m_backend; }

    /// spectrogram [B,1,bands,frames] -> concepts [B,7], emotions [B,2] = b + (m - m_bar) W^T
    /// (the network's EmotionBaseline, copied when constructed; without one m W^T, the
    /// same operations as before it existed); under inference mode.
    ModelOutput forward(const torch::Tensor& spectrogram) const;

private:
    struct Conv {
        torch::Tensor weight, bias;
        int stride = 1, padding = 0;
        bool position = false;        ///< the input gets the frequency-position channel
        torch::Tensor packed;         ///< Mkldnn: weight (without the position input) reordered for oneDNN
        torch::Tensor positionWeight; ///< Mkldnn: [out, 1, k, k], the position input's weights
        /// Mkldnn: (batch, bands, frames) -> position term + bias, in oneDNN layout.
        mutable std::map<std::array<std::int64_t, 3>, torch::Tensor> positionTerms;
        torch::Tensor apply(const torch::Tensor& x) const;
        torch::Tensor applyMkldnn(const torch::Tensor& x) const;
        void pack();
    };
    struct Block {
        Conv conv1, conv2;
        bool hasShortcut = false;
        Conv shortcut;
        int poolsAfter = 0; ///< 2x2 max-pools after this block
    };

    ModelOutput forwardDense(const torch::Tensor& spectrogram) const;
    ModelOutput forwardMkldnn(const torch::Tensor& spectrogram) const;
    /// concepts [B,7] -> emotions [B,2] through the emotion layer and its baseline.
    torch::Tensor emotionsOf(const torch::Tensor& concepts) const;

    Backend m_backend;
    int m_inputChannels = 1;
    Conv m_in;
    std::vector<int> m_poolsBefore; ///< per stage: max-pools before its first block
    std::vector<std::vector<Block>> m_stages;
    torch::Tensor m_concepts; ///< [7, C]
    torch::Tensor m_emotions; ///< [2, 7]
    torch::Tensor m_featureMeans; ///< [7] m_bar; undefined without a baseline
    torch::Tensor m_emotionMeans; ///< [2] b; undefined without a baseline
};

} // namespace emotrace
