#include "model/ResNetStage.h"

#include <torch/nn/modules/pooling.h>

#include "model/BasicBlock.h"

namespace emotrace {

ResNetStageImpl::ResNetStageImpl(int inChannels, int outChannels, int blocks, const StageConfig& config)
{
    auto addPool = [this](const std::string& name) {
        auto pool = register_module(name, torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2).stride(2).padding(0)));
        m_sequence.emplace_back(pool);
    };
    if (std::find(config.maxpool.begin(), config.maxpool.end(), 0) != config.maxpool.end()) addPool("maxpool0_0");
    for (int index = 0; index < blocks; ++index) {
        auto block = register_module("block" + std::to_string(index + 1),
                                     BasicBlock(inChannels, outChannels, 1, config.k1s[index], config.k2s[index]));
        m_sequence.emplace_back(block);
        inChannels = outChannels;
        for (std::size_t i = 0; i < config.maxpool.size(); ++i)
            if (config.maxpool[i] == index + 1) addPool("maxpool" + std::to_string(index + 1) + "_" + std::to_string(i));
    }
}

torch::Tensor ResNetStageImpl::forward(torch::Tensor x)
{
    for (auto& module : m_sequence) x = module.forward<torch::Tensor>(x);
    return x;
}

} // namespace emotrace
