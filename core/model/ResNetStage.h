#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/pimpl.h>

#include "model/ModelConfig.h"

namespace emotrace {

/// One stage of RFResnet: basic blocks "block1".."blockN" with 2x2 max-pools
/// "maxpool<p>_<i>" after block p (the i-th pool position of the stage), registered in
/// the reference's order so that parameter names match. x: [B,in,H,W] -> [B,out,H',W'].
class ResNetStageImpl : public torch::nn::Module {
public:
    ResNetStageImpl(int inChannels, int outChannels, int blocks, const StageConfig& config);
    torch::Tensor forward(torch::Tensor x);

private:
    std::vector<torch::nn::AnyModule> m_sequence;
};
TORCH_MODULE(ResNetStage);

} // namespace emotrace
