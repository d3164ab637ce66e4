#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace emotrace {

/// The central directory of a zip archive (torch.save's container): per record, the
/// CRC-32 and sizes it declares. libtorch's reader skips CRC checks, so StateDictReader
/// verifies each record it uses against this. Zip64 archives are read too.
/// Thread: any; a value.
class ZipCentralDirectory {
public:
    struct Entry {
        std::uint32_t crc32 = 0;
    };

    /// Throws emotrace::Error "<file>: damaged zip archive (...)" when the end record or
    /// the directory cannot be found or is inconsistent with the file's size.
    static ZipCentralDirectory read(const std::filesystem::path& file);

    /// The entry whose name, after the archive's top folder ("archive/"), is `record`
    /// (e.g. "data.pkl", "data/0"); nullptr when absent.
    const Entry* find(const std::string& record) const;

private:
    std::map<std::string, Entry> m_entries; // keyed by the name after the first '/'
};

} // namespace emotrace
