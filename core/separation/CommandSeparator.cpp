#include "separation/CommandSeparator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "separation/SeparatorProgressParser.h"
#include "separation/StemFolderSeparator.h"
#include "util/Error.h"
#include "util/Subprocess.h"

namespace emotrace {

namespace fs = std::filesystem;

namespace {

/// "2 s", or "400 ms" below a second (a short test timeout must not read as "0 s").
std::string durationText(std::chrono::milliseconds duration)
{
    if (duration < std::chrono::seconds(1)) return std::to_string(duration.count()) + " ms";
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) + " s";
}

} // namespace

CommandSeparator::CommandSeparator(std::string spec, fs::path cacheRoot, std::chrono::milliseconds timeout)
    : m_spec(std::move(spec)), m_command(m_spec), m_cache(std::move(cacheRoot)), m_timeout(timeout)
{
    if (m_timeout.count() <= 0) throw Error("command separator '" + m_spec + "': the timeout must be positive");
}

std::string CommandSeparator::name() const
{
    return "command:" + m_spec;
}

fs::path CommandSeparator::findProgram(const std::string& program)
{
    return Subprocess::findProgram(program);
}

fs::path CommandSeparator::cacheFolder(const std::string& mixFile) const
{
    return m_cache.entryFolder(mixFile, m_command.text());
}

StemSet CommandSeparator::separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress)
{
    if (mixFile.empty()) throw Error(name() + ": needs the song's file (the separator reads it itself)");
    std::error_code ec;
    if (!fs::is_regular_file(mixFile, ec)) throw Error(mixFile + ": file not found");
    progress.checkCancelled();

    const fs::path input = fs::absolute(mixFile);
    const std::string track = input.stem().string();
    const fs::path entry = cacheFolder(mixFile);

    // The track name the stems were made under (the same content may have had another
    // file name then); empty when there is no usable cache entry.
    std::string cachedTrack = SeparationCache::trackOf(entry);
    if (cachedTrack.empty()) {
        runCommand(mix, input, track, entry, progress);
        cachedTrack = SeparationCache::trackOf(entry); // another process's run may have won
        if (cachedTrack.empty()) cachedTrack = track;
    }

    try {
        StemSet stems = StemFolderSeparator(entry, cachedTrack).separate(mix, mixFile, progress);
        stems.backend = name();
        return stems;
    } catch (const Cancelled&) {
        throw;
    } catch (const Error&) {
        SeparationCache::remove(entry); // no stems, or the wrong ones: separate anew next time
        throw;
    }
}

void CommandSeparator::runCommand(const AudioBuffer& mix, const fs::path& input, const std::string& track,
                                  const fs::path& entry, const Progress& progress) const
{
    const std::string& program = m_command.program();
    // Checked before anything is created, with the hint a user needs.
    if (findProgram(program).empty())
        throw Error(program + ": program not found on PATH (install it or choose another separator)");
    const fs::path partial = m_cache.createPartial(entry);
    try {
        const std::string duration = std::to_string(std::int64_t(std::ceil(std::max(mix.durationSeconds(), 0.0))) + 1);
        const std::vector<std::string> arguments = m_command.expand({input.string(), partial.string(), track, duration});

        progress.report("separate", 0);
        SeparatorProgressParser parser;
        Subprocess::Options options;
        options.timeout = m_timeout;
        options.onLine = [&](Subprocess::Stream, std::string_view line) {
            if (const auto percent = parser.feed(line)) progress.report("separate", *percent);
        };
        const Subprocess::Result result = Subprocess::run(arguments, options, progress);
        if (result.cancelled) throw Cancelled();
        if (result.timedOut)
            throw Error(program + ": timed out after " + durationText(m_timeout) + " and was stopped");
        if (!result.succeeded()) {
            const std::string last = result.lastOutputLine();
            throw Error(program + ": " + result.describe() + (last.empty() ? std::string(" (no output)") : ": " + last));
        }
        progress.report("separate", 100);

        m_cache.commit(partial, entry, track, {{"command", arguments}, {"input", input.string()}});
    } catch (...) {
        SeparationCache::remove(partial);
        throw;
    }
}

} // namespace emotrace
