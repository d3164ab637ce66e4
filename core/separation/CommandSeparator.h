#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "separation/Separator.h"

namespace emotrace {

/// Runs a user-installed separator as a subprocess and imports what it writes with
/// StemFolderSeparator.
///
/// The command is a template, split into arguments like a shell would split words (blanks
/// separate; '...' is literal; "..." and a backslash escape quote characters) but never run
/// through a shell: no variables, globs, pipes or redirections. Placeholders are replaced
/// inside each argument after splitting, so paths with spaces stay one argument:
///   {input}     the song's absolute path;
///   {output}    the folder the separator writes into (a fresh cache folder);
///   {track}     the song's file stem ("song" for song.mp3), the folder name the tools use;
///   {duration}  the song's duration in whole seconds, rounded up, plus one.
/// Presets:
///   demucs    demucs -n htdemucs -o {output} {input}                  -> {output}/htdemucs/<track>/
///   spleeter  spleeter separate -p spleeter:5stems -d {duration} -o {output} {input}
///                                                                      -> {output}/<track>/
///             (-d: Spleeter stops at 600 s by default; longer songs would lose their end)
///   umx       umx {input} --outdir {output}                            -> {output}/<track>/
/// A custom template must use {input} and {output}. Whatever the command writes, the stems
/// are imported from {output} by StemFolderSeparator's search (<output>/<track>, <output>,
/// <output>/*/<track>), so custom commands may write the stems straight into {output}.
///
/// Cache: one folder per song and command, <cacheRoot>/<content hash>-<command hash>
/// (fileContentHash of the song; FNV-1a of the template), so renaming or moving a song keeps
/// its stems and a changed command separates anew. The command writes into a temporary
/// "<key>.partial-..." folder that is renamed into place only after it exits with code 0
/// (with a marker file kMarkerFile recording the command, the input and the track name), so
/// an interrupted run never leaves a cache entry that looks complete. A later call for the
/// same song and command imports the cached stems without running anything. A cache entry
/// whose import fails is removed, so that the next call separates again.
///
/// Process: posix_spawn with the arguments as a list, stdin from /dev/null, stdout and
/// stderr read through pipes (so a chatty tool never blocks; the last kTailBytes are kept),
/// in a process group of its own. While waiting, the cancel flag is polled every 50 ms; a
/// raised flag or the timeout sends SIGTERM to the whole group (a separator's worker
/// processes included), SIGKILL after kKillGraceMilliseconds, and throws Cancelled or an
/// Error. Progress: stage "separate", the last "NN%" that the tool printed (Demucs, Spleeter
/// and Open-Unmix show tqdm bars), then stage "stems" from the import.
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
    static constexpr int kKillGraceMilliseconds = 500;
    static constexpr std::size_t kTailBytes = 16 * 1024;
    static constexpr const char* kMarkerFile = "emotrace-command.json";

    /// spec: "demucs", "spleeter", "umx" or a template (see the class comment).
    /// cacheRoot: empty = defaultCacheRoot(). Throws Error for a malformed template.
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
    const std::vector<std::string>& argumentTemplate() const { return m_arguments; }

    /// $XDG_CACHE_HOME/emotrace/stems, else $HOME/.cache/emotrace/stems.
    static std::filesystem::path defaultCacheRoot();

    /// The template of a preset ("demucs", "spleeter", "umx"), or empty for other names.
    static std::string presetTemplate(const std::string& preset);

    /// Shell-like word splitting without any expansion (see the class comment).
    /// Throws Error for an unterminated quote or a trailing backslash.
    static std::vector<std::string> splitArguments(const std::string& text);

    /// Where `program` would be run from: itself when it contains a '/', else the first
    /// executable regular file of that name in $PATH; empty when none.
    static std::filesystem::path findProgram(const std::string& program);

private:
    std::string m_spec;
    std::string m_template;
    std::vector<std::string> m_arguments;
    std::filesystem::path m_cacheRoot;
    std::chrono::milliseconds m_timeout;
};

} // namespace emotrace
