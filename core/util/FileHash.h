#pragma once

#include <filesystem>
#include <string>

namespace emotrace {

/// 64-bit FNV-1a hash of a file's bytes as 16 hex digits: a cheap content identity for
/// results and caches (not a cryptographic digest). Throws emotrace::Error naming the
/// file when it cannot be read.
std::string fileContentHash(const std::filesystem::path& file);

} // namespace emotrace
