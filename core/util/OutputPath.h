#pragma once

#include <filesystem>
#include <vector>

namespace emotrace {

/// Checks on where a command may write, made before any work starts so that a run never
/// ends by destroying what it read. Thread: any.
class OutputPath {
public:
    /// Throws emotrace::Error "<output>: is the input <input>; refusing to overwrite it"
    /// when `output` names the same file as one of `inputs` (same inode: links and
    /// different spellings count), and "<output>: exists and is not a regular file" when
    /// it names a device, FIFO, socket or folder. A missing output is fine.
    static void check(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs);
};

} // namespace emotrace
