#pragma once

#include <filesystem>

#include "model/StateDict.h"

namespace emotrace {

/// Reads a state dict from a file written by Python's torch.save in the zip format
/// (PyTorch >= 1.6): a bare `model.state_dict()` (an OrderedDict with `_metadata`), or a
/// checkpoint dict holding one under "state_dict" / "model_state_dict" / "model". A
/// "module." prefix (DataParallel) is removed. libtorch 1.13's own pickle_load turns
/// the OrderedDict into None, hence this reader. Thread: any.
class StateDictReader {
public:
    /// Throws emotrace::Error naming the file for a missing, non-zip, truncated or
    /// unsupported file.
    static StateDict read(const std::filesystem::path& file);
};

} // namespace emotrace
