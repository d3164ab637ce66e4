#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/Progress.h"

namespace emotrace {

/// Runs a program to completion and reports how it ended. No shell: the arguments go to the
/// program as they are. The child gets stdin from /dev/null and the parent's environment, in
/// a process group of its own, so that stopping it reaches whatever it started (a tool's
/// worker processes, or the `sleep` of `sh -c 'sleep 100 & sleep 100'`).
///
/// While the program runs, its stdout and stderr are read through pipes (a chatty program
/// never blocks), handed to Options::onLine one line at a time, and their last
/// Options::tailBytes kept for error messages; the cancel flag of the Progress and the
/// timeout are checked every Options::pollInterval. A raised flag or the timeout sends
/// SIGTERM to the group, SIGKILL after Options::killGrace. When the program exits by itself,
/// what is left of its group is killed too: nothing it started outlives the run. The child
/// is always reaped, also when onLine throws (no zombie, no orphan).
///
/// Thread: run() blocks the thread that calls it (any thread; several threads may run
/// programs at once) and calls onLine on that thread.
class Subprocess {
public:
    enum class Stream { Stdout, Stderr };

    struct Options {
        /// The child's working directory; empty: the caller's.
        std::filesystem::path workingDirectory;
        /// Wall-clock limit; zero: none.
        std::chrono::milliseconds timeout{0};
        /// How long a stopped program may take to end after SIGTERM before SIGKILL.
        std::chrono::milliseconds killGrace{500};
        /// How often the cancel flag and the timeout are checked (while no output arrives).
        std::chrono::milliseconds pollInterval{50};
        /// Called for each line of output, without its end ("\n", "\r\n" or a lone "\r":
        /// progress bars redraw with '\r'); a final line without an end is delivered at
        /// exit; a line over 64 KiB arrives in pieces. Lines from one stream arrive in order.
        /// May throw: the program is then stopped and reaped, and the exception passes on.
        std::function<void(Stream stream, std::string_view line)> onLine;
        /// Bytes of each stream kept in Result (the newest ones).
        std::size_t tailBytes = 16 * 1024;
    };

    /// How the program ended. A value: copy it freely.
    struct Result {
        int exitCode = -1;  ///< the exit status when the program exited by itself, else -1
        int signal = 0;     ///< the signal that ended it, else 0
        bool timedOut = false;  ///< stopped because the timeout passed
        bool cancelled = false; ///< stopped because the cancel flag was raised
        std::string stdoutTail; ///< the last Options::tailBytes of stdout
        std::string stderrTail; ///< the last Options::tailBytes of stderr

        /// Exited by itself with status 0.
        bool succeeded() const { return exitCode == 0 && !timedOut && !cancelled; }
        /// "exited with code 3", "was killed by signal 9", "timed out", "was cancelled".
        std::string describe() const;
        /// The last non-blank line of stderr, else of stdout, trimmed; empty when neither
        /// has one. What a failing tool usually says about why.
        std::string lastOutputLine() const;
    };

    /// Runs command (command[0] is the program, found on $PATH unless it holds a '/', then
    /// taken from the caller's working directory, not the child's; the whole vector is its
    /// argv) and waits for it to end. Returns the Result also when the
    /// program fails, is stopped or cancelled. Throws Error naming the program for an empty
    /// command, a program that is not found ("tool: program not found on PATH"), a working
    /// directory that does not exist, or a failure to start or wait for the process.
    static Result run(const std::vector<std::string>& command, const Options& options, const Progress& progress = {});
    /// run() with the default Options (no default argument: GCC cannot take `= {}` for a
    /// nested struct with member initializers inside its class).
    static Result run(const std::vector<std::string>& command) { return run(command, Options{}); }

    /// Where `program` would be run from: itself when it contains a '/', else the first
    /// executable regular file of that name in $PATH; empty when none.
    static std::filesystem::path findProgram(const std::string& program);

    /// The last non-blank line of text (lines end with '\n' or '\r'), trimmed of blanks.
    static std::string lastLine(std::string_view text);
};

} // namespace emotrace
