#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace emotrace {

/// Appends the frequency-position channel that every conv inside a block sees: value
/// 2*i/H - 1 (float32, as the reference's getpad) for row i of H, equal along time.
/// x: [B,C,H,W] -> [B,C+1,H,W].
torch::Tensor withFrequencyPosition(const torch::Tensor& x);
/// The position channel alone: [batch, 1, bands, frames], row h = 2 h / bands - 1.
torch::Tensor frequencyPositionPlane(std::int64_t batch, std::int64_t bands, std::int64_t frames, const torch::TensorOptions& options);

/// The reference's ResNet basic block: conv1 (k1, stride, pad k1//3) -> BN -> ReLU ->
/// conv2 (k2, pad k2//3) -> BN, plus the input (through a 1x1 conv + BN shortcut when the
/// channel count changes), then ReLU. Each conv gets one extra input channel from
/// withFrequencyPosition. Parameter names: conv1, bn1, conv2, bn2, shortcut.conv,
/// shortcut.bn.
class BasicBlockImpl : public torch::nn::Module {
public:
    BasicBlockImpl(int inChannels, int outChannels, int stride, int k1, int k2);

    /// x: [B,in,H,W] -> [B,out,H',W'].
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr};
    torch::nn::Sequential m_shortcut{nullptr};
};
TORCH_MODULE(BasicBlock);

} // namespace emotrace
