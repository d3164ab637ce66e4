#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace emotrace {

/// Stems made by a separation command, one folder per song and command:
/// <root>/<content hash>-<command hash> (fileContentHash of the song, FNV-1a of the
/// command's text), so renaming or moving a song keeps its stems and a changed command
/// separates anew.
///
/// A run writes into a fresh "<entry>.partial-<pid>-<n>" folder (createPartial) that
/// commit() renames into place only when the run succeeded, with a marker file kMarkerFile
/// (the track name the stems were made under, and what the caller adds), so an interrupted
/// run never leaves an entry that looks complete: an entry counts only with its marker.
///
/// Thread: any; several threads and processes may use the same root (commit settles races).
class SeparationCache {
public:
    static constexpr const char* kMarkerFile = "emotrace-command.json";

    /// root: empty = defaultRoot(). Nothing is created until a run writes.
    explicit SeparationCache(std::filesystem::path root = {});

    const std::filesystem::path& root() const { return m_root; }

    /// $XDG_CACHE_HOME/emotrace/stems, else $HOME/.cache/emotrace/stems.
    static std::filesystem::path defaultRoot();

    /// The entry folder for song (hashes the file's content; throws Error naming it when it
    /// cannot be read) made by command. Exists once a run was committed.
    std::filesystem::path entryFolder(const std::filesystem::path& song, std::string_view command) const;

    /// The track name recorded in entry's marker; empty when entry is no complete entry
    /// (no marker, or one that cannot be read).
    static std::string trackOf(const std::filesystem::path& entry);

    /// Creates a fresh, empty partial folder beside entry for one run to write into.
    /// Throws Error naming it when it cannot be created.
    std::filesystem::path createPartial(const std::filesystem::path& entry) const;

    /// Completes a run: writes the marker (details, an object, plus "track") into partial and
    /// renames partial to entry. A folder at entry without a marker (a user's leftover) is
    /// replaced; when another process completed the same entry first, its entry is kept and
    /// partial removed. Throws Error when the entry cannot be stored.
    void commit(const std::filesystem::path& partial, const std::filesystem::path& entry, const std::string& track,
                const nlohmann::json& details) const;

    /// Removes an entry or a partial folder, ignoring errors (nothing to do about them).
    static void remove(const std::filesystem::path& folder);

private:
    std::filesystem::path m_root;
};

} // namespace emotrace
