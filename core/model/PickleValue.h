#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <torch/types.h>

namespace emotrace {

class PickleValue;

/// A Python global referenced by a pickle (module and qualified name), e.g.
/// ("collections", "OrderedDict") or ("torch", "FloatStorage").
struct PickleGlobal {
    std::string module;
    std::string name;
    std::string qualified() const { return module + "." + name; }
};

/// A storage reference from torch.save's persistent id ('storage', type, key, location,
/// numel), already resolved to a flat 1-D tensor of numel elements.
struct PickleStorage {
    torch::Tensor data;
    std::string key;
};

/// A dict (ordinary or OrderedDict) in insertion order. `attributes` holds what a
/// BUILD opcode set on it (for a state dict: {'_metadata': ...}).
struct PickleDict {
    std::vector<std::pair<PickleValue, PickleValue>> items;
    std::shared_ptr<PickleDict> attributes;
};

using PickleSequence = std::vector<PickleValue>;

/// One value of the subset of Python's pickle format that torch.save writes for state
/// dicts and checkpoints. Containers are shared (pickle memo semantics: one object can
/// be referenced twice and mutated after it was memoised).
class PickleValue {
public:
    struct Tuple { std::shared_ptr<PickleSequence> items; };
    struct List { std::shared_ptr<PickleSequence> items; };
    struct Dict { std::shared_ptr<PickleDict> dict; };
    struct Mark {};

    using Variant = std::variant<std::monostate, bool, std::int64_t, double, std::string, Tuple, List, Dict,
                                 PickleGlobal, PickleStorage, torch::Tensor, Mark>;

    PickleValue() = default;
    template <typename T>
    PickleValue(T value) : m_value(std::move(value)) {} // NOLINT(google-explicit-constructor)

    const Variant& variant() const { return m_value; }
    template <typename T> bool is() const { return std::holds_alternative<T>(m_value); }
    template <typename T> const T& as() const { return std::get<T>(m_value); }
    bool isNone() const { return is<std::monostate>(); }

    /// Human-readable type name for error messages ("tuple", "tensor", ...).
    std::string typeName() const;

private:
    Variant m_value;
};

} // namespace emotrace
