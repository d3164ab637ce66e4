#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace emotrace {

/// CRC-32 as zip, gzip and PNG define it (polynomial 0xEDB88320, reflected, initial and
/// final XOR 0xFFFFFFFF). Used to verify zip records, which libtorch's reader does not.
/// Thread: any (the table is a constant).
class Crc32 {
public:
    /// Continues `crc` (0 to start) over `size` bytes.
    static std::uint32_t update(std::uint32_t crc, const void* data, std::size_t size);
    static std::uint32_t of(std::string_view bytes) { return update(0, bytes.data(), bytes.size()); }
};

} // namespace emotrace
