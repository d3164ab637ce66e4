#pragma once

#include <filesystem>
#include <fstream>

#include <nlohmann/json_fwd.hpp>

namespace emotrace {

/// Writes a file so that it appears whole or not at all: data goes to a temporary file
/// beside the target, commit() flushes and renames it over the target, and a writer
/// destroyed without commit() (an exception on the way) removes the temporary file.
/// Thread: any; one writer per target.
class AtomicFile {
public:
    /// Throws emotrace::Error naming the target when the folder is not writable or the
    /// target exists and is not a regular file (a device, FIFO, socket or folder).
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ofstream& stream() { return m_stream; }
    /// Throws emotrace::Error naming the target when writing or renaming failed.
    void commit();

    /// Writes `json` indented by 2 with a final newline, atomically (as above).
    static void writeJson(const std::filesystem::path& target, const nlohmann::json& json);

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    std::ofstream m_stream;
    bool m_committed = false;
};

} // namespace emotrace
