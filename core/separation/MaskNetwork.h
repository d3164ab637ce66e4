#pragma once

#include <map>
#include <string>

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include "model/StateDict.h"
#include "separation/MaskNetworkConfig.h"

namespace emotrace {

/// The learned separator's network: a recurrent mask estimator on the magnitude STFT in
/// the manner of Open-Unmix, one network for all stems, with masks that sum to one.
///
///   features [B, T, 2F]  (SeparatorSpectrum::features: log |mid|, log |side|)
///   x  = (features - input_mean) / input_scale                       [B, T, 2F]
///   h  = tanh(ln1(fc1(x)))                                            [B, T, H]
///   r  = lstm(h)   bidirectional, H/2 per direction, L layers         [B, T, H]
///   z  = relu(ln2(fc2([h, r])))                                       [B, T, H]
///   masks = softmax over stems of fc3(z) viewed as [B, T, S, F]       [B, T, S, F]
///
/// Why masks with a softmax over stems: every bin of the mix is shared out among the stems,
/// so the stems' spectra sum to the mix's and, the inverse STFT being linear, the stems
/// sum to the mix (the mixture-consistency this project needs for audioLIME, without a
/// residual stem or a Wiener step). Why a recurrent network rather than a U-Net: measured
/// on the 2-core machine, a 2-layer BiLSTM with H = 128 separates 30 s of stereo audio in
/// about 1 s (Open-Unmix-size H = 512 is 10x slower to train), and context over seconds is
/// what tells a held piano chord from a pad.
///
/// Parameter names follow PyTorch (fc1.weight, lstm.weight_ih_l0_reverse, ...), so the
/// state dict loads into the equivalent Python module. Lives on the thread that runs it.
class MaskNetworkImpl : public torch::nn::Module {
public:
    explicit MaskNetworkImpl(const MaskNetworkConfig& config);

    /// features [B, T, 2F] -> masks [B, T, S, F]; throws emotrace::Error on another shape.
    torch::Tensor forward(const torch::Tensor& features);

    /// Sets the input standardisation (per feature, [2F] each; scale > 0).
    void setInputNormalisation(const torch::Tensor& mean, const torch::Tensor& scale);

    const MaskNetworkConfig& config() const { return m_config; }
    StateDict stateDict() const;
    /// Every key of this architecture must be present with its shape; throws
    /// emotrace::Error naming `source` and the key otherwise.
    void loadStateDict(const StateDict& state, const std::string& source);
    /// Module prefix -> the version PyTorch's state_dict metadata records (1 for all here).
    std::map<std::string, int> moduleVersions() const;

private:
    MaskNetworkConfig m_config;
    torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr}, m_fc3{nullptr};
    torch::nn::LayerNorm m_ln1{nullptr}, m_ln2{nullptr};
    torch::nn::LSTM m_lstm{nullptr};
    torch::Tensor m_inputMean, m_inputScale;
};
TORCH_MODULE(MaskNetwork);

} // namespace emotrace
