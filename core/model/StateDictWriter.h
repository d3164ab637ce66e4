#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "model/StateDict.h"

namespace emotrace {

/// Writes a state dict in the zip format of Python's torch.save: data.pkl (pickle
/// protocol 2: an OrderedDict of tensors rebuilt by torch._utils._rebuild_tensor_v2,
/// with `_metadata` carrying each module's version), data/<n> raw little-endian
/// storages, and version. Python's torch.load reads it and load_state_dict accepts it.
/// The file appears atomically (written beside it, then renamed). Thread: any.
class StateDictWriter {
public:
    /// moduleVersions: module prefix ("" for the root, "in_c.1", ...) to the `version`
    /// that PyTorch records for it (2 for BatchNorm, 1 otherwise).
    static void write(const std::filesystem::path& file, const StateDict& state,
                      const std::map<std::string, int>& moduleVersions);
};

} // namespace emotrace
