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
    std::uint64_t h = kFnv1aOffsetBasis;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        h = fnv1a(std::string_view(buffer.data(), std::size_t(in.gcount())), h);
    }
    return hex64(h);
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h)
{
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string hex64(std::uint64_t value)
{
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(value));
    return hex;
}

} // namespace emotrace
