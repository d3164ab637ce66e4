#include "model/BasicBlock.h"

#include <torch/nn/functional/activation.h>
#include <torch/torch.h>

namespace emotrace {

torch::Tensor frequencyPositionPlane(std::int64_t batch, std::int64_t bands, std::int64_t frames, const torch::TensorOptions& options)
{
    return (torch::arange(bands, options) * 2 / bands - 1.0).view({1, 1, bands, 1}).expand({batch, 1, bands, frames});
}

torch::Tensor withFrequencyPosition(const torch::Tensor& x)
{
    return torch::cat({x, frequencyPositionPlane(x.size(0), x.size(2), x.size(3), x.options())}, 1);
}

BasicBlockImpl::BasicBlockImpl(int inChannels, int outChannels, int stride, int k1, int k2)
{
    using namespace torch::nn;
    m_conv1 = register_module("conv1", Conv2d(Conv2dOptions(inChannels + 1, outChannels, k1).stride(stride).padding(k1 / 3).bias(false)));
    m_bn1 = register_module("bn1", BatchNorm2d(outChannels));
    m_conv2 = register_module("conv2", Conv2d(Conv2dOptions(outChannels + 1, outChannels, k2).stride(1).padding(k2 / 3).bias(false)));
    m_bn2 = register_module("bn2", BatchNorm2d(outChannels));
    if (inChannels != outChannels) {
        m_shortcut = register_module(
            "shortcut", Sequential({{"conv", Conv2d(Conv2dOptions(inChannels, outChannels, 1).stride(stride).padding(0).bias(false))},
                                    {"bn", BatchNorm2d(outChannels)}}));
    }
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x)
{
    auto y = torch::relu(m_bn1(m_conv1(withFrequencyPosition(x))));
    y = m_bn2(m_conv2(withFrequencyPosition(y)));
    y = y + (m_shortcut ? m_shortcut->forward(x) : x);
    return torch::relu(y);
}

} // namespace emotrace
