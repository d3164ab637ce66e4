#include "util/Subprocess.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/Error.h"

extern char** environ; // POSIX: the process environment, handed to the child unchanged

namespace emotrace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// A line longer than this is delivered in pieces (a tool that never ends its lines must
/// not grow memory without bound).
constexpr std::size_t kMaxLineBytes = 64 * 1024;
/// How long stop() waits for output between its checks on the stopped program.
constexpr int kStopPollMilliseconds = 10;
/// Reads of up to 4 KiB between two checks of the cancel flag and the deadline.
constexpr int kReadsPerCheck = 64;
/// Reads after the exit: what the program left in the pipes (a bound only against a
/// process that escaped the group and writes on).
constexpr int kReadsAtExit = 1 << 14;

std::string errnoText(int error)
{
    return std::strerror(error);
}

bool isExecutableFile(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
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

/// One output stream of the child: the pipe's read end, its tail and the line being read.
class OutputStream {
public:
    OutputStream(Subprocess::Stream stream, const Subprocess::Options& options, const std::string& program)
        : m_stream(stream), m_options(options)
    {
        int fds[2];
        // O_CLOEXEC: a program another thread starts meanwhile must not inherit our ends.
        if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(program + ": cannot create a pipe (" + errnoText(errno) + ")");
        m_read = Fd(fds[0]);
        m_write = Fd(fds[1]);
    }

    int readEnd() const { return m_read.get(); }
    int writeEnd() const { return m_write.get(); }
    /// After the spawn: only the child holds the write end, so its exit ends the stream.
    void closeWriteEnd() { m_write.reset(); }

    /// Reads once; false at end of file (the descriptor is then closed and poll ignores it).
    /// deliver: hand complete lines to onLine (false while stopping after an exception).
    bool readSome(bool deliver)
    {
        char buffer[4096];
        const ssize_t got = ::read(m_read.get(), buffer, sizeof buffer);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) return true;
        if (got <= 0) {
            m_read.reset();
            return false;
        }
        const std::string_view chunk(buffer, std::size_t(got));
        m_tail += chunk;
        if (m_tail.size() > m_options.tailBytes) m_tail.erase(0, m_tail.size() - m_options.tailBytes);
        if (deliver && m_options.onLine) split(chunk);
        return true;
    }

    /// Delivers a last line that had no end.
    void flush()
    {
        if (!m_line.empty() && m_options.onLine) emit();
    }

    std::string takeTail() { return std::move(m_tail); }

private:
    void split(std::string_view chunk)
    {
        for (const char c : chunk) {
            const bool afterCr = std::exchange(m_afterCr, false);
            if (c == '\n' && afterCr) continue; // the '\n' of "\r\n"
            if (c == '\n' || c == '\r') {
                m_afterCr = c == '\r';
                emit();
                continue;
            }
            m_line += c;
            if (m_line.size() >= kMaxLineBytes) emit();
        }
    }

    void emit()
    {
        const std::string line = std::exchange(m_line, {});
        m_options.onLine(m_stream, line);
    }

    Subprocess::Stream m_stream;
    const Subprocess::Options& m_options;
    Fd m_read, m_write;
    std::string m_tail, m_line;
    bool m_afterCr = false;
};

/// A started child in its own process group. The destructor stops and reaps it when run()
/// did not (an exception on the way), so no zombie or orphan is left behind.
class Child {
public:
    Child(const fs::path& executable, const std::vector<std::string>& command, const Subprocess::Options& options)
        : m_program(command.front()), m_options(options), m_out(Subprocess::Stream::Stdout, options, m_program),
          m_err(Subprocess::Stream::Stderr, options, m_program)
    {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, m_out.writeEnd(), 1);
        posix_spawn_file_actions_adddup2(&actions, m_err.writeEnd(), 2);
        const std::string directory = options.workingDirectory.string();
        if (!directory.empty()) posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());

        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        // Own process group: stopping reaches the program's own children too.
        posix_spawnattr_setpgroup(&attributes, 0);
        sigset_t none, defaults;
        sigemptyset(&none);
        sigemptyset(&defaults);
        // An app that ignores or blocks these must not pass that on: the child must die
        // of SIGTERM, and of SIGPIPE when it writes into a closed pipe.
        sigaddset(&defaults, SIGPIPE);
        sigaddset(&defaults, SIGINT);
        sigaddset(&defaults, SIGTERM);
        posix_spawnattr_setsigmask(&attributes, &none);
        posix_spawnattr_setsigdefault(&attributes, &defaults);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

        std::vector<char*> argv;
        for (const std::string& argument : command) argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        const std::string path = executable.string();
        const int rc = ::posix_spawn(&m_pid, path.c_str(), &actions, &attributes, argv.data(), environ);
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            const std::string where = directory.empty() ? std::string() : " in " + directory;
            throw Error(m_program + ": cannot start " + path + where + " (" + errnoText(rc) + ")");
        }
        m_unreaped = true;
        m_out.closeWriteEnd();
        m_err.closeWriteEnd();
    }

    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    ~Child()
    {
        if (!m_unreaped) return;
        stop(false); // cannot throw: no onLine calls
        reap();
    }

    /// Reads output until the program ends or is stopped; then reaps it.
    Subprocess::Result wait(const Progress& progress)
    {
        const bool limited = m_options.timeout.count() > 0;
        const auto deadline = limited ? Clock::now() + m_options.timeout : Clock::time_point::max();
        const int pollMs = int(std::max<std::int64_t>(1, m_options.pollInterval.count()));
        Subprocess::Result result;
        for (;;) {
            readOutput(pollMs, true);
            if (hasExited()) {
                // The leader is a zombie until reaped, so its group id cannot be reused yet:
                // killing the group now reaches only what the program left running.
                ::kill(-m_pid, SIGKILL);
                break;
            }
            if (progress.cancelled()) {
                result.cancelled = true;
                stop(true);
                break;
            }
            if (limited && Clock::now() >= deadline) {
                result.timedOut = true;
                stop(true);
                break;
            }
        }
        readOutput(0, true, kReadsAtExit); // what is still in the pipes, without waiting for stragglers
        m_out.flush();
        m_err.flush();
        const int status = reap();
        if (m_lost != 0) throw Error(m_program + ": lost the process (" + errnoText(m_lost) + ")");
        if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
        result.stdoutTail = m_out.takeTail();
        result.stderrTail = m_err.takeTail();
        return result;
    }

private:
    /// Waits up to timeoutMs for output, then reads whatever is there without waiting, up
    /// to maxReads reads (so that a program that writes without pause still lets the caller
    /// check the cancel flag and the deadline).
    void readOutput(int timeoutMs, bool deliver, int maxReads = kReadsPerCheck)
    {
        for (int reads = 0; reads < maxReads; ++reads) {
            pollfd fds[2] = {{m_out.readEnd(), POLLIN, 0}, {m_err.readEnd(), POLLIN, 0}};
            const int ready = ::poll(fds, 2, timeoutMs);
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) return;
            bool any = false;
            if (fds[0].revents) any |= m_out.readSome(deliver);
            if (fds[1].revents) any |= m_err.readSome(deliver);
            if (!any) return;
            timeoutMs = 0;
        }
    }

    /// Whether the program has ended, leaving it unreaped (a zombie holds its pid). Also
    /// true when the process is lost (someone else reaped it: SIGCHLD ignored); m_lost says why.
    bool hasExited()
    {
        siginfo_t info{};
        for (;;) {
            if (::waitid(P_PID, id_t(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0) return info.si_pid != 0;
            if (errno == EINTR) continue;
            m_lost = errno;
            return true;
        }
    }

    /// Stops the whole group: SIGTERM, then SIGKILL once the leader has ended or the grace
    /// period has passed (workers that outlive the leader are killed either way).
    /// deliver: whether output read meanwhile still goes to onLine (if onLine throws, the
    /// destructor stops the group again without it).
    void stop(bool deliver)
    {
        ::kill(-m_pid, SIGTERM);
        const auto giveUp = Clock::now() + m_options.killGrace;
        // Keep reading: a program that writes on its way out must not block on a full pipe.
        while (Clock::now() < giveUp && !hasExited()) readOutput(kStopPollMilliseconds, deliver);
        ::kill(-m_pid, SIGKILL);
    }

    int reap()
    {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0) {
            if (errno != EINTR) break;
        }
        m_unreaped = false;
        return status;
    }

    std::string m_program;
    const Subprocess::Options& m_options;
    OutputStream m_out, m_err;
    pid_t m_pid = -1;
    bool m_unreaped = false;
    int m_lost = 0; ///< errno when waiting for the process failed
};

} // namespace

std::string Subprocess::Result::describe() const
{
    if (cancelled) return "was cancelled";
    if (timedOut) return "timed out";
    if (signal != 0) return "was killed by signal " + std::to_string(signal);
    return "exited with code " + std::to_string(exitCode);
}

std::string Subprocess::Result::lastOutputLine() const
{
    std::string line = lastLine(stderrTail);
    return line.empty() ? lastLine(stdoutTail) : line;
}

Subprocess::Result Subprocess::run(const std::vector<std::string>& command, const Options& options,
                                   const Progress& progress)
{
    if (command.empty() || command.front().empty()) throw Error("subprocess: empty command");
    const std::string& program = command.front();
    fs::path executable = findProgram(program);
    if (executable.empty())
        throw Error(program + (program.find('/') == std::string::npos ? ": program not found on PATH"
                                                                       : ": program not found or not executable"));
    std::error_code ec;
    if (!options.workingDirectory.empty() && !fs::is_directory(options.workingDirectory, ec))
        throw Error(program + ": working directory " + options.workingDirectory.string() + " does not exist");
    // A relative path names a file from here, not from the child's working directory.
    executable = fs::absolute(executable, ec);
    Child child(executable, command, options);
    return child.wait(progress);
}

fs::path Subprocess::findProgram(const std::string& program)
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

std::string Subprocess::lastLine(std::string_view text)
{
    std::size_t end = text.size();
    while (end > 0) {
        const std::size_t start = text.find_last_of("\r\n", end - 1);
        const std::size_t from = start == std::string_view::npos ? 0 : start + 1;
        const std::string_view line = text.substr(from, end - from);
        const std::size_t first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos)
            return std::string(line.substr(first, line.find_last_not_of(" \t") - first + 1));
        if (start == std::string_view::npos) break;
        end = start;
    }
    return {};
}

} // namespace emotrace
