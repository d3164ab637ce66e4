#include "util/FileHash.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>

#include "util/Error.h"

namespace emotrace {

std::string fileContentHash(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot read file");
    std::uint64_t h = 14695981039346656037ull;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        const auto n = in.gcount();
        for (std::streamsize i = 0; i < n; ++i) {
            h ^= std::uint8_t(buffer[std::size_t(i)]);
            h *= 1099511628211ull;
        }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

} // namespace emotrace
