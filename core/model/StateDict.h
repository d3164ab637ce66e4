#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

namespace emotrace {

/// Named tensors in the order PyTorch's Module.state_dict() lists them
/// ("in_c.0.weight", "stage1.block1.bn1.running_mean", ...). A value type; tensors are
/// CPU and contiguous.
struct StateDict {
    std::vector<std::pair<std::string, torch::Tensor>> entries;

    /// nullptr when the key is absent.
    const torch::Tensor* find(const std::string& key) const
    {
        for (const auto& [name, tensor] : entries)
            if (name == key) return &tensor;
        return nullptr;
    }
};

} // namespace emotrace
