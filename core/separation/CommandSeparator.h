#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "separation/CommandTemplate.h"
#include "separation/SeparationCache.h"
#include "separation/Separator.h"

namespace emotrace {

/// Runs a user-installed separator as a subprocess and imports what it writes with
/// StemFolderSeparator. It composes four pieces with one job each:
///   CommandTemplate          the command: a preset (demucs, spleeter, umx) or a template
///                            with {input}, {output}, {track}, {duration}, split like shell
///                            words but never run through a shell;
///   SeparationCache          one folder per song content and command; a run writes into a
///                            partial folder that becomes the entry only when it succeeds;
///   Subprocess               runs the tool (own process group, timeout, cancel, output);
///   SeparatorProgressParser  the tool's "NN%" bars as progress.
/// Presets write to {output}/htdemucs/<track>/ (demucs) or {output}/<track>/ (spleeter, umx);
/// whatever the command writes, the stems are imported from the entry by
/// StemFolderSeparator's search (<output>/<track>, <output>, <output>/*/<track>), so custom
/// commands may write the stems straight into {output}. A later call for the same song and
/// command imports the cached stems without running anything; an entry whose import fails
/// is removed, so that the next call separates again.
///
/// Progress: stage "separate" (0, each new percentage the tool prints, 100), then stage
/// "stems" from the import. Cancel: the flag is polled while the tool runs; a raised flag
/// or the timeout stops the tool's whole process group (Subprocess) and throws Cancelled or
/// an Error.
///
/// Errors (emotrace::Error, one line): program not found ("demucs: program not found on PATH
/// (install it or choose another separator)"), a malformed template (constructor), a song
/// without a file, a nonzero exit or a signal (with the last line of its stderr, or of its
/// stdout when stderr is empty), a timeout, an unwritable cache folder, and the import's
/// errors. Thread: lives on the thread that calls it; separate() blocks that thread until
/// the command ends.
class CommandSeparator : public Separator {
public:
    /// One hour: Demucs on a CPU needs minutes per song; this only catches a hung tool.
    static constexpr std::chrono::milliseconds kDefaultTimeout{std::chrono::hours(1)};
    static constexpr const char* kMarkerFile = SeparationCache::kMarkerFile;

    /// spec: "demucs", "spleeter", "umx" or a template (see CommandTemplate).
    /// cacheRoot: empty = SeparationCache::defaultRoot(). timeout: positive.
    /// Throws Error for a malformed template or timeout.
    explicit CommandSeparator(std::string spec, std::filesystem::path cacheRoot = {},
                              std::chrono::milliseconds timeout = kDefaultTimeout);

    /// "command:<spec>" (SeparatorFactory::create(name()) makes the same separator).
    std::string name() const override;

    /// Runs the command for mixFile (which must exist) unless its stems are cached, then
    /// imports them at the mix's rate, channels and length.
    StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress = {}) override;

    /// The cache folder for mixFile (hashes the file's content; exists once separated).
    std::filesystem::path cacheFolder(const std::string& mixFile) const;

    /// The template's arguments before placeholder replacement.
    const std::vector<std::string>& argumentTemplate() const { return m_command.arguments(); }

    /// CommandTemplate::split (kept here for callers of the separator).
    static std::vector<std::string> splitArguments(const std::string& text) { return CommandTemplate::split(text); }

    /// Subprocess::findProgram: whether the tool of a template is installed.
    static std::filesystem::path findProgram(const std::string& program);

private:
    /// Runs the command into a partial folder and commits it as entry (see the class comment).
    void runCommand(const AudioBuffer& mix, const std::filesystem::path& input, const std::string& track,
                    const std::filesystem::path& entry, const Progress& progress) const;

    std::string m_spec;
    CommandTemplate m_command;
    SeparationCache m_cache;
    std::chrono::milliseconds m_timeout;
};

} // namespace emotrace
