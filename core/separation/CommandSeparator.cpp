#include "separation/CommandSeparator.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "separation/StemFolderSeparator.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/FileHash.h"

extern char** environ; // POSIX: the process environment, handed to the child unchanged

namespace emotrace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kPollMilliseconds = 50;

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

/// The last non-empty line of a tool's output; tqdm redraws with '\r', so both end lines.
std::string lastLine(const std::string& text)
{
    std::size_t end = text.size();
    while (end > 0) {
        const std::size_t start = text.find_last_of("\r\n", end - 1);
        const std::size_t from = start == std::string::npos ? 0 : start + 1;
        std::string line = text.substr(from, end - from);
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos) {
            line = line.substr(first, line.find_last_not_of(" \t") - first + 1);
            return line;
        }
        if (start == std::string::npos) break;
        end = start;
    }
    return {};
}

/// The last "NN%" in `text`, or -1.
int lastPercent(const std::string& text)
{
    for (std::size_t at = text.rfind('%'); at != std::string::npos && at > 0; at = text.rfind('%', at - 1)) {
        std::size_t digits = at;
        while (digits > 0 && at - digits < 3 && std::isdigit(static_cast<unsigned char>(text[digits - 1]))) --digits;
        if (digits < at) {
            const int value = std::atoi(text.substr(digits, at - digits).c_str());
            if (value <= 100) return value;
        }
    }
    return -1;
}

/// Owns a file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    ~Fd() { reset(); }
    int get() const { return m_fd; }
    void reset()
    {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

struct Pipe {
    Fd read, write;
};

Pipe makePipe(const std::string& program)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(program + ": cannot create a pipe (" + std::strerror(errno) + ")");
    Pipe pipe;
    pipe.read = Fd(fds[0]);
    pipe.write = Fd(fds[1]);
    return pipe;
}

struct ExitStatus {
    bool exited = false; ///< normal exit (else killed by a signal)
    int code = 0;        ///< exit code or signal number
};

ExitStatus decodeStatus(int status)
{
    if (WIFEXITED(status)) return {true, WEXITSTATUS(status)};
    return {false, WIFSIGNALED(status) ? WTERMSIG(status) : 0};
}

/// A running child in its own process group; the destructor stops and reaps it if the
/// caller did not (an exception on the way), so no zombie or orphan is left behind.
class Child {
public:
    Child(const fs::path& executable, const std::vector<std::string>& arguments, const std::string& label)
        : m_label(label), m_err(makePipe(label)), m_out(makePipe(label))
    {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, m_out.write.get(), 1);
        posix_spawn_file_actions_adddup2(&actions, m_err.write.get(), 2);

        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        // Own process group: cancellation reaches the tool's worker processes too.
        posix_spawnattr_setpgroup(&attributes, 0);
        sigset_t none, defaults;
        sigemptyset(&none);
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE); // an app that ignores SIGPIPE must not pass that on
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGTERM);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

        std::vector<char*> argv;
        for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        const std::string path = executable.string();
        const int rc = ::posix_spawn(&m_pid, path.c_str(), &actions, &attributes, argv.data(), environ);
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw Error(m_label + ": cannot start " + path + " (" + std::strerror(rc) + ")");
        m_running = true;
        m_out.write.reset();
        m_err.write.reset();
    }

    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    ~Child()
    {
        if (m_running) stop();
    }

    /// Waits for the exit, reading output, polling the cancel flag and the deadline.
    ExitStatus wait(Clock::time_point deadline, std::chrono::milliseconds timeout, const Progress& progress)
    {
        for (;;) {
            pollOutput(kPollMilliseconds, progress);
            int status = 0;
            const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
            if (done == m_pid) {
                m_running = false;
                pollOutput(0, progress); // what is left in the pipes, without blocking
                return decodeStatus(status);
            }
            if (done < 0 && errno != EINTR) {
                m_running = false;
                throw Error(m_label + ": lost the process (" + std::strerror(errno) + ")");
            }
            if (progress.cancelled()) {
                stop();
                throw Cancelled();
            }
            if (Clock::now() >= deadline) {
                stop();
                throw Error(m_label + ": timed out after " +
                            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
                            " s and was stopped");
            }
        }
    }

    /// Stops the whole group: SIGTERM, SIGKILL after the grace period, and reaps the child.
    void stop()
    {
        ::kill(-m_pid, SIGTERM);
        const auto giveUp = Clock::now() + std::chrono::milliseconds(CommandSeparator::kKillGraceMilliseconds);
        int status = 0;
        while (Clock::now() < giveUp) {
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_running = false;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ::kill(-m_pid, SIGKILL); // the group's stragglers, or the child itself
        if (m_running) {
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
            m_running = false;
        }
    }

    /// Kills what is left of the group (worker processes of a tool that failed).
    void killGroup() const { ::kill(-m_pid, SIGKILL); }

    const std::string& errText() const { return m_errTail; }
    const std::string& outText() const { return m_outTail; }

private:
    void pollOutput(int timeoutMs, const Progress& progress)
    {
        for (;;) {
            pollfd fds[2] = {{m_err.read.get(), POLLIN, 0}, {m_out.read.get(), POLLIN, 0}};
            const int ready = ::poll(fds, 2, timeoutMs);
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) return;
            bool any = false;
            if (fds[0].revents) any |= readInto(m_err, m_errTail, progress);
            if (fds[1].revents) any |= readInto(m_out, m_outTail, progress);
            if (!any) return;
            timeoutMs = 0; // drain what is there, then go back to checking the child
        }
    }

    /// Reads once; false at end of file (the descriptor is then closed and ignored).
    bool readInto(Pipe& pipe, std::string& tail, const Progress& progress)
    {
        char buffer[4096];
        const ssize_t got = ::read(pipe.read.get(), buffer, sizeof buffer);
        if (got <= 0) {
            if (got < 0 && errno == EINTR) return true;
            pipe.read.reset(); // poll ignores negative descriptors
            return false;
        }
        const std::string chunk(buffer, std::size_t(got));
        tail += chunk;
        if (tail.size() > CommandSeparator::kTailBytes) tail.erase(0, tail.size() - CommandSeparator::kTailBytes);
        const int percent = lastPercent(chunk);
        if (percent >= 0 && percent != m_lastPercent) {
            m_lastPercent = percent;
            progress.report("separate", percent);
        }
        return true;
    }

    std::string m_label;
    Pipe m_err, m_out;
    pid_t m_pid = -1;
    bool m_running = false;
    int m_lastPercent = -1;
    std::string m_errTail, m_outTail;
};

void removeQuietly(const fs::path& path)
{
    std::error_code ec;
    fs::remove_all(path, ec);
}

bool isExecutableFile(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

} // namespace

CommandSeparator::CommandSeparator(std::string spec, fs::path cacheRoot, std::chrono::milliseconds timeout)
    : m_spec(std::move(spec)), m_cacheRoot(std::move(cacheRoot)), m_timeout(timeout)
{
    m_template = presetTemplate(m_spec);
    const bool preset = !m_template.empty();
    if (!preset) m_template = m_spec;
    m_arguments = splitArguments(m_template);
    if (m_arguments.empty()) throw Error("command separator: empty command (use demucs, spleeter, umx or a template)");
    if (!preset && (m_template.find("{input}") == std::string::npos || m_template.find("{output}") == std::string::npos))
        throw Error("command separator '" + m_spec + "': the template needs {input} and {output}");
    if (m_timeout.count() <= 0) throw Error("command separator '" + m_spec + "': the timeout must be positive");
    if (m_cacheRoot.empty()) m_cacheRoot = defaultCacheRoot();
}

std::string CommandSeparator::name() const
{
    return "command:" + m_spec;
}

std::string CommandSeparator::presetTemplate(const std::string& preset)
{
    if (preset == "demucs") return "demucs -n htdemucs -o {output} {input}";
    if (preset == "spleeter") return "spleeter separate -p spleeter:5stems -d {duration} -o {output} {input}";
    if (preset == "umx") return "umx {input} --outdir {output}";
    return {};
}

fs::path CommandSeparator::defaultCacheRoot()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "emotrace" / "stems";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".cache" / "emotrace" / "stems";
    return fs::temp_directory_path() / "emotrace" / "stems";
}

std::vector<std::string> CommandSeparator::splitArguments(const std::string& text)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (inWord) words.push_back(std::move(word));
            word.clear();
            inWord = false;
        } else if (c == '\'') {
            const std::size_t close = text.find('\'', i + 1);
            if (close == std::string::npos) throw Error("command template: unterminated ' quote in: " + text);
            word += text.substr(i + 1, close - i - 1);
            i = close;
            inWord = true;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < text.size() && text[j] != '"'; ++j) {
                // Inside double quotes a backslash escapes only " and \, as in sh.
                if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) ++j;
                word += text[j];
            }
            if (j >= text.size()) throw Error("command template: unterminated \" quote in: " + text);
            i = j;
            inWord = true;
        } else if (c == '\\') {
            if (i + 1 >= text.size()) throw Error("command template: trailing backslash in: " + text);
            word += text[++i];
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words.push_back(std::move(word));
    return words;
}

fs::path CommandSeparator::findProgram(const std::string& program)
{
    if (program.empty()) return {};
    if (program.find('/') != std::string::npos) return isExecutableFile(program) ? fs::path(program) : fs::path();
    const char* path = std::getenv("PATH");
    const std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (std::size_t start = 0;;) {
        const std::size_t end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const fs::path candidate = (dir.empty() ? fs::path(".") : fs::path(dir)) / program;
        if (isExecutableFile(candidate)) return candidate;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

fs::path CommandSeparator::cacheFolder(const std::string& mixFile) const
{
    return m_cacheRoot / (fileContentHash(mixFile) + "-" + hex64(fnv1a(m_template)));
}

StemSet CommandSeparator::separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress)
{
    const std::string program = m_arguments.front();
    if (mixFile.empty()) throw Error(name() + ": needs the song's file (the separator reads it itself)");
    std::error_code ec;
    if (!fs::is_regular_file(mixFile, ec)) throw Error(mixFile + ": file not found");
    progress.checkCancelled();

    const fs::path input = fs::absolute(mixFile);
    const std::string track = input.stem().string();
    const fs::path folder = cacheFolder(mixFile);
    const fs::path marker = folder / kMarkerFile;

    // The track name the stems were made under (the same content may have had another
    // file name then); empty when there is no usable cache entry.
    const auto cachedTrackName = [&]() -> std::string {
        std::error_code markerError;
        if (!fs::is_regular_file(marker, markerError)) return {};
        try {
            std::ifstream in(marker);
            return nlohmann::json::parse(in).at("track").get<std::string>();
        } catch (const std::exception&) {
            return {}; // an unreadable marker: separate again
        }
    };
    std::string cachedTrack = cachedTrackName();

    if (cachedTrack.empty()) {
        const fs::path executable = findProgram(program);
        if (executable.empty())
            throw Error(program + ": program not found on PATH (install it or choose another separator)");
        fs::create_directories(m_cacheRoot, ec);
        static std::atomic<unsigned> counter{0};
        const fs::path partial = m_cacheRoot / (folder.filename().string() + ".partial-" + std::to_string(::getpid()) +
                                                "-" + std::to_string(counter++));
        if (!fs::create_directories(partial, ec) || ec)
            throw Error(partial.string() + ": cannot create the cache folder (" + ec.message() + ")");
        try {
            const std::string duration =
                std::to_string(std::int64_t(std::ceil(std::max(mix.durationSeconds(), 0.0))) + 1);
            std::vector<std::string> arguments = m_arguments;
            for (std::string& argument : arguments) {
                replaceAll(argument, "{input}", input.string());
                replaceAll(argument, "{output}", partial.string());
                replaceAll(argument, "{track}", track);
                replaceAll(argument, "{duration}", duration);
            }
            progress.report("separate", 0);
            Child child(executable, arguments, program);
            const ExitStatus status = child.wait(Clock::now() + m_timeout, m_timeout, progress);
            if (!status.exited || status.code != 0) {
                child.killGroup();
                std::string last = lastLine(child.errText());
                if (last.empty()) last = lastLine(child.outText());
                const std::string how = status.exited ? "exited with code " + std::to_string(status.code)
                                                      : "was killed by signal " + std::to_string(status.code);
                throw Error(program + ": " + how + (last.empty() ? std::string(" (no output)") : ": " + last));
            }
            progress.report("separate", 100);

            nlohmann::json record = {{"command", arguments}, {"input", input.string()}, {"track", track}};
            AtomicFile::writeJson(partial / kMarkerFile, record);

            // A folder without a marker is no cache entry (a user's leftover): replace it. One
            // with a marker is another process's finished run of the same song: keep it.
            std::error_code existsError;
            if (fs::exists(folder, existsError) && !fs::is_regular_file(marker, existsError)) removeQuietly(folder);
            fs::rename(partial, folder, ec);
            if (ec) {
                // Another process may have finished the same song first: use its stems.
                removeQuietly(partial);
                std::error_code markerError;
                if (!fs::is_regular_file(marker, markerError))
                    throw Error(folder.string() + ": cannot store the stems in the cache (" + ec.message() + ")");
            }
        } catch (...) {
            removeQuietly(partial);
            throw;
        }
        cachedTrack = cachedTrackName();
        if (cachedTrack.empty()) cachedTrack = track;
    }

    try {
        StemSet stems = StemFolderSeparator(folder, cachedTrack).separate(mix, mixFile, progress);
        stems.backend = name();
        return stems;
    } catch (const Cancelled&) {
        throw;
    } catch (const Error&) {
        removeQuietly(folder); // no stems, or the wrong ones: separate anew next time
        throw;
    }
}

} // namespace emotrace
