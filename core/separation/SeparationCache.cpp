#include "separation/SeparationCache.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <utility>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/FileHash.h"

namespace emotrace {

namespace fs = std::filesystem;

SeparationCache::SeparationCache(fs::path root) : m_root(root.empty() ? defaultRoot() : std::move(root)) {}

fs::path SeparationCache::defaultRoot()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "emotrace" / "stems";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".cache" / "emotrace" / "stems";
    return fs::temp_directory_path() / "emotrace" / "stems";
}

fs::path SeparationCache::entryFolder(const fs::path& song, std::string_view command) const
{
    return m_root / (fileContentHash(song) + "-" + hex64(fnv1a(command)));
}

std::string SeparationCache::trackOf(const fs::path& entry)
{
    const fs::path marker = entry / kMarkerFile;
    std::error_code ec;
    if (!fs::is_regular_file(marker, ec)) return {};
    try {
        std::ifstream in(marker);
        return nlohmann::json::parse(in).at("track").get<std::string>();
    } catch (const std::exception&) {
        return {}; // an unreadable marker: no entry, separate again
    }
}

fs::path SeparationCache::createPartial(const fs::path& entry) const
{
    // pid and counter: unique among this process's threads and other processes.
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    fs::create_directories(m_root, ec); // failing here shows as the partial folder's error
    const fs::path partial = m_root / (entry.filename().string() + ".partial-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(counter++));
    if (!fs::create_directories(partial, ec) || ec)
        throw Error(partial.string() + ": cannot create the cache folder (" + ec.message() + ")");
    return partial;
}

void SeparationCache::commit(const fs::path& partial, const fs::path& entry, const std::string& track,
                             const nlohmann::json& details) const
{
    nlohmann::json marker = details;
    marker["track"] = track;
    AtomicFile::writeJson(partial / kMarkerFile, marker);

    // A folder without a marker is no entry (a user's leftover): replace it. One with a
    // marker is another process's finished run of the same song: keep it.
    std::error_code ec;
    if (fs::exists(entry, ec) && !fs::is_regular_file(entry / kMarkerFile, ec)) remove(entry);
    fs::rename(partial, entry, ec);
    if (ec) {
        // Another process may have finished the same song first: use its stems.
        remove(partial);
        std::error_code markerError;
        if (!fs::is_regular_file(entry / kMarkerFile, markerError))
            throw Error(entry.string() + ": cannot store the stems in the cache (" + ec.message() + ")");
    }
}

void SeparationCache::remove(const fs::path& folder)
{
    std::error_code ec;
    fs::remove_all(folder, ec);
}

} // namespace emotrace
