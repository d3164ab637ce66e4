#pragma once

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/types.h>

namespace emotrace {

/// Named tensors in the order PyTorch's Module.state_dict() lists them
/// ("in_c.0.weight", "stage1.block1.bn1.running_mean", ...). A value type; tensors are
/// CPU and contiguous.
struct StateDict {
    std::vector<std::pair<std::string, torch::Tensor>> entries;

    /// A module's parameters and buffers, recursively, named as PyTorch's state_dict()
    /// names them ("fc1.weight", "lstm.weight_ih_l0_reverse", ...). The tensors share
    /// storage with the module's.
    static StateDict of(const torch::nn::Module& module)
    {
        StateDict out;
        out.collect(module, "");
        return out;
    }

    /// "[2, 3, 4]", for error messages.
    static std::string shapeText(const torch::Tensor& t)
    {
        std::ostringstream s;
        s << t.sizes();
        return s.str();
    }

    /// nullptr when the key is absent.
    const torch::Tensor* find(const std::string& key) const
    {
        for (const auto& [name, tensor] : entries)
            if (name == key) return &tensor;
        return nullptr;
    }

private:
    void collect(const torch::nn::Module& module, const std::string& prefix)
    {
        for (const auto& p : module.named_parameters(false)) entries.emplace_back(prefix + p.key(), p.value());
        for (const auto& b : module.named_buffers(false)) entries.emplace_back(prefix + b.key(), b.value());
        for (const auto& child : module.named_children()) collect(*child.value(), prefix + child.key() + ".");
    }
};

} // namespace emotrace
