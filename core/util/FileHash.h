#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace emotrace {

/// 64-bit FNV-1a hash of a file's bytes as 16 hex digits: a cheap content identity for
/// results and caches (not a cryptographic digest). Throws emotrace::Error naming the
/// file when it cannot be read.
std::string fileContentHash(const std::filesystem::path& file);

inline constexpr std::uint64_t kFnv1aOffsetBasis = 14695981039346656037ull;
/// 64-bit FNV-1a over bytes, continuing from h (chain calls to hash several pieces).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = kFnv1aOffsetBasis);
/// 16 lowercase hex digits.
std::string hex64(std::uint64_t value);

} // namespace emotrace
