#include "model/ZipCentralDirectory.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

#include "util/Error.h"

namespace emotrace {

namespace {

std::uint64_t little(const char* p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

} // namespace

ZipCentralDirectory ZipCentralDirectory::read(const std::filesystem::path& file)
{
    const std::string name = file.string();
    auto fail = [&](const std::string& what) -> Error { return Error(name + ": damaged zip archive (" + what + ")"); };
    std::ifstream in(file, std::ios::binary);
    in.seekg(0, std::ios::end);
    const std::uint64_t fileSize = static_cast<std::uint64_t>(in.tellg());
    // The end-of-central-directory record (22 bytes + a comment of at most 65535) ends the file.
    const std::uint64_t tailSize = std::min<std::uint64_t>(fileSize, 22 + 65535 + 20);
    std::vector<char> tail(tailSize);
    in.seekg(static_cast<std::streamoff>(fileSize - tailSize));
    if (!in.read(tail.data(), static_cast<std::streamsize>(tailSize))) throw fail("cannot read its end");
    std::ptrdiff_t eocd = -1;
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(tailSize) - 22; i >= 0; --i)
        if (std::memcmp(tail.data() + i, "PK\x05\x06", 4) == 0) { eocd = i; break; }
    if (eocd < 0) throw fail("no end-of-central-directory record");
    std::uint64_t count = little(tail.data() + eocd + 10, 2);
    std::uint64_t dirSize = little(tail.data() + eocd + 12, 4);
    std::uint64_t dirOffset = little(tail.data() + eocd + 16, 4);
    if (count == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF) {
        // Zip64: a locator (20 bytes) right before the end record points at the zip64 end record.
        if (eocd < 20 || std::memcmp(tail.data() + eocd - 20, "PK\x06\x07", 4) != 0) throw fail("zip64 locator missing");
        const std::uint64_t z64 = little(tail.data() + eocd - 20 + 8, 8);
        char rec[56];
        if (z64 + 56 > fileSize) throw fail("zip64 end record outside the file");
        in.seekg(static_cast<std::streamoff>(z64));
        if (!in.read(rec, 56) || std::memcmp(rec, "PK\x06\x06", 4) != 0) throw fail("zip64 end record damaged");
        count = little(rec + 32, 8);
        dirSize = little(rec + 40, 8);
        dirOffset = little(rec + 48, 8);
    }
    if (dirOffset > fileSize || dirSize > fileSize - dirOffset || count > dirSize / 46)
        throw fail("central directory outside the file");
    std::vector<char> dir(dirSize);
    in.seekg(static_cast<std::streamoff>(dirOffset));
    if (!in.read(dir.data(), static_cast<std::streamsize>(dirSize))) throw fail("cannot read the central directory");

    ZipCentralDirectory out;
    std::size_t pos = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (pos + 46 > dir.size() || std::memcmp(dir.data() + pos, "PK\x01\x02", 4) != 0) throw fail("central directory entry damaged");
        const char* h = dir.data() + pos;
        Entry e;
        e.crc32 = static_cast<std::uint32_t>(little(h + 16, 4));
        const std::size_t nameLength = little(h + 28, 2), extraLength = little(h + 30, 2), commentLength = little(h + 32, 2);
        if (pos + 46 + nameLength + extraLength + commentLength > dir.size()) throw fail("central directory entry damaged");
        std::string entryName(h + 46, nameLength);
        const auto slash = entryName.find('/');
        out.m_entries[slash == std::string::npos ? entryName : entryName.substr(slash + 1)] = e;
        pos += 46 + nameLength + extraLength + commentLength;
    }
    return out;
}

const ZipCentralDirectory::Entry* ZipCentralDirectory::find(const std::string& record) const
{
    const auto it = m_entries.find(record);
    return it == m_entries.end() ? nullptr : &it->second;
}

} // namespace emotrace
