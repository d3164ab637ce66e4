// util/Subprocess: output streamed line by line and in order, exit codes and signals, the
// tails kept for error messages, a missing program named, the working directory, and the
// timeout, the cancel flag and a throwing callback each stopping the whole process group
// (grandchildren included) and reaping the child. Time bounds here only detect a hang
// (20 s for events of a second or less); cancels are raised from the program's own output,
// so no test depends on how fast the machine is.

#include <QTest>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/wait.h>

#include "TestData.h"
#include "util/Error.h"
#include "util/Progress.h"
#include "util/Subprocess.h"

using namespace emotrace;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kHang = std::chrono::seconds(20); // far above any event here: only a hang passes it

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

struct Line {
    Subprocess::Stream stream;
    std::string text;
    bool operator==(const Line&) const = default;
};

/// Runs `sh -c script`, collecting every line.
Subprocess::Result runShell(const std::string& script, std::vector<Line>& lines, Subprocess::Options options = {},
                            const Progress& progress = {})
{
    options.onLine = [&lines, next = options.onLine](Subprocess::Stream stream, std::string_view text) {
        lines.push_back({stream, std::string(text)});
        if (next) next(stream, text);
    };
    return Subprocess::run({"sh", "-c", script}, options, progress);
}

/// Whether pid has ended: no such process, or a zombie (dead; its new parent, init or a
/// subreaper, has not reaped it yet).
bool hasEnded(int pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string content;
    if (!stat || !std::getline(stat, content)) return true;
    const std::size_t close = content.rfind(')'); // "pid (name) S ...": the name may hold blanks
    return close != std::string::npos && close + 2 < content.size() && content[close + 2] == 'Z';
}

/// Waits (up to kHang) for pid to end: a SIGKILL is delivered asynchronously.
bool endsSoon(int pid)
{
    const auto giveUp = Clock::now() + kHang;
    while (!hasEnded(pid)) {
        if (Clock::now() > giveUp) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

/// No child of this process is left unreaped (and none runs).
bool noChildren()
{
    int status = 0;
    return ::waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

/// The first line of the stream that is a process id, or -1.
int pidFrom(const std::string& text)
{
    try {
        return std::stoi(text);
    } catch (const std::exception&) {
        return -1;
    }
}

} // namespace

class TestSubprocess : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (Subprocess::findProgram("sh").empty() || Subprocess::findProgram("sleep").empty())
            QSKIP("needs sh and sleep");
        if (!fs::exists("/proc/self/stat")) QSKIP("needs /proc to see processes");
    }

    void streamsLinesInOrder()
    {
        std::vector<Line> lines;
        // 2000 lines (more than a pipe holds), then "\r\n", a lone '\r' (progress bars) and a
        // last line without an end; stderr its own stream.
        const auto result = runShell("i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done;"
                                     " echo oops >&2; printf 'a\\r\\nb\\rc'",
                                     lines);
        QVERIFY(result.succeeded());
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.signal, 0);
        std::vector<Line> out, err;
        for (const Line& line : lines) (line.stream == Subprocess::Stream::Stdout ? out : err).push_back(line);
        QCOMPARE(out.size(), std::size_t(2003));
        for (int i = 0; i < 2000; ++i) QCOMPARE(qs(out[std::size_t(i)].text), qs("line " + std::to_string(i)));
        QCOMPARE(qs(out[2000].text), QStringLiteral("a"));
        QCOMPARE(qs(out[2001].text), QStringLiteral("b"));
        QCOMPARE(qs(out[2002].text), QStringLiteral("c"));
        QCOMPARE(err, (std::vector<Line>{{Subprocess::Stream::Stderr, "oops"}}));
        QVERIFY(noChildren());
    }

    void linesArriveWhileRunning()
    {
        // The cancel is raised by the first line: it must arrive before the program ends.
        std::atomic<bool> cancel{false};
        Subprocess::Options options;
        options.timeout = kHang; // only if the line never came
        options.onLine = [&](Subprocess::Stream, std::string_view line) {
            if (line == "first") cancel = true;
        };
        std::vector<Line> lines;
        const auto result = runShell("echo first; sleep 100", lines, options, Progress({}, &cancel));
        QVERIFY(result.cancelled);
        QCOMPARE(lines, (std::vector<Line>{{Subprocess::Stream::Stdout, "first"}}));
    }

    void exitCodesAndSignals()
    {
        auto result = Subprocess::run({"sh", "-c", "exit 7"});
        QCOMPARE(result.exitCode, 7);
        QCOMPARE(result.signal, 0);
        QVERIFY(!result.succeeded() && !result.timedOut && !result.cancelled);
        QCOMPARE(qs(result.describe()), QStringLiteral("exited with code 7"));

        result = Subprocess::run({"sh", "-c", "kill -KILL $$"});
        QCOMPARE(result.exitCode, -1);
        QCOMPARE(result.signal, SIGKILL);
        QCOMPARE(qs(result.describe()), qs("was killed by signal " + std::to_string(SIGKILL)));

        // Arguments reach the program as they are: no shell in between.
        std::vector<Line> lines;
        Subprocess::Options options;
        options.onLine = [&](Subprocess::Stream stream, std::string_view line) { lines.push_back({stream, std::string(line)}); };
        result = Subprocess::run({"sh", "-c", "printf '%s|' \"$@\"; echo", "sh", "a b", "$HOME", "'q'"}, options);
        QVERIFY(result.succeeded());
        QCOMPARE(lines, (std::vector<Line>{{Subprocess::Stream::Stdout, "a b|$HOME|'q'|"}}));
        QVERIFY(noChildren());
    }

    void tailsAndLastLine()
    {
        Subprocess::Options options;
        options.tailBytes = 10;
        const auto small = Subprocess::run({"sh", "-c", "echo 0123456789abcdef; echo 0123456789ABCDEF >&2"}, options);
        QCOMPARE(qs(small.stdoutTail), QStringLiteral("789abcdef\n")); // the newest 10 bytes
        QCOMPARE(qs(small.stderrTail), QStringLiteral("789ABCDEF\n"));

        const auto failed =
            Subprocess::run({"sh", "-c", "echo progress; echo loading >&2; echo '  failed: bad model  ' >&2; echo >&2; exit 3"});
        QCOMPARE(qs(failed.lastOutputLine()), QStringLiteral("failed: bad model")); // last non-blank, trimmed
        const auto quiet = Subprocess::run({"sh", "-c", "echo only out; exit 1"});
        QCOMPARE(qs(quiet.lastOutputLine()), QStringLiteral("only out")); // stdout when stderr is empty
        QCOMPARE(qs(Subprocess::lastLine("a\r 45%|##\r\n  \n")), QStringLiteral("45%|##"));
        QCOMPARE(qs(Subprocess::lastLine(" \n\t")), QString());
    }

    void missingProgram()
    {
        for (const std::string program : {"emotrace-no-such-program", "/nonexistent/emotrace-tool"}) {
            QString message;
            try {
                Subprocess::run({program, "--help"});
            } catch (const Error& e) {
                message = QString::fromUtf8(e.what());
            }
            QVERIFY2(message.startsWith(qs(program + ": program not found")), qPrintable(message));
            QVERIFY(!message.contains('\n'));
        }
        QVERIFY_THROWS_EXCEPTION(Error, Subprocess::run({}));
        QVERIFY(Subprocess::findProgram("emotrace-no-such-program").empty());
        QVERIFY(!Subprocess::findProgram("sh").empty());
    }

    void workingDirectory()
    {
        const fs::path dir = test::workDir("subprocess") / "cwd with space";
        fs::create_directories(dir);
        std::vector<Line> lines;
        Subprocess::Options options;
        options.workingDirectory = dir;
        const auto result = runShell("pwd -P", lines, options);
        QVERIFY(result.succeeded());
        QCOMPARE(lines.size(), std::size_t(1));
        QCOMPARE(qs(lines[0].text), qs(fs::canonical(dir).string()));

        options.workingDirectory = dir / "missing";
        QString message;
        try {
            Subprocess::run({"sh", "-c", "true"}, options);
        } catch (const Error& e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(message.startsWith("sh: working directory") && message.contains("missing"), qPrintable(message));
    }

    void timeoutKillsTheGroup()
    {
        // The grandchild (the background sleep) tells its pid, then both wait far longer than
        // the timeout.
        Subprocess::Options options;
        options.timeout = std::chrono::milliseconds(1000);
        std::vector<Line> lines;
        const auto start = Clock::now();
        const auto result = runShell("echo $$; sleep 100 & echo $!; sleep 100", lines, options);
        QVERIFY(Clock::now() - start < kHang);
        QVERIFY(result.timedOut);
        QVERIFY(!result.cancelled && !result.succeeded());
        QCOMPARE(result.signal, SIGTERM);
        QCOMPARE(qs(result.describe()), QStringLiteral("timed out"));
        QCOMPARE(lines.size(), std::size_t(2));
        const int child = pidFrom(lines[0].text), grandchild = pidFrom(lines[1].text);
        QVERIFY(child > 0 && grandchild > 0);
        QVERIFY(!fs::exists("/proc/" + std::to_string(child))); // reaped: not even a zombie
        QVERIFY(endsSoon(grandchild));
        QVERIFY(noChildren());
    }

    void exitKillsWhatIsLeft()
    {
        // The program exits at once, leaving a background sleep that holds its stdout.
        std::vector<Line> lines;
        const auto start = Clock::now();
        const auto result = runShell("sleep 100 & echo $!", lines);
        QVERIFY(Clock::now() - start < kHang);
        QVERIFY(result.succeeded());
        QCOMPARE(lines.size(), std::size_t(1));
        const int grandchild = pidFrom(lines[0].text);
        QVERIFY(grandchild > 0);
        QVERIFY(endsSoon(grandchild));
        QVERIFY(noChildren());
    }

    void cancelStopsPromptly()
    {
        // Raised before the start: the program is stopped at the first check.
        std::atomic<bool> cancel{true};
        std::vector<Line> lines;
        auto start = Clock::now();
        auto result = runShell("sleep 100", lines, {}, Progress({}, &cancel));
        QVERIFY(Clock::now() - start < kHang);
        QVERIFY(result.cancelled && !result.timedOut);
        QCOMPARE(qs(result.describe()), QStringLiteral("was cancelled"));

        // Raised from another thread while the group runs.
        cancel = false;
        lines.clear();
        std::atomic<int> grandchild{-1};
        Subprocess::Options options;
        options.onLine = [&](Subprocess::Stream, std::string_view line) { grandchild = pidFrom(std::string(line)); };
        std::thread raiser([&] {
            const auto giveUp = Clock::now() + kHang;
            while (grandchild < 0 && Clock::now() < giveUp) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            cancel = true;
        });
        start = Clock::now();
        result = runShell("sleep 100 & echo $!; sleep 100", lines, options, Progress({}, &cancel));
        raiser.join();
        QVERIFY(Clock::now() - start < kHang);
        QVERIFY(result.cancelled);
        QVERIFY(endsSoon(grandchild));
        QVERIFY(noChildren());
    }

    void cancelStopsAWriterThatNeverPauses()
    {
        if (Subprocess::findProgram("yes").empty()) QSKIP("needs yes");
        std::atomic<bool> cancel{false};
        long lines = 0;
        Subprocess::Options options;
        options.timeout = kHang; // only if the cancel were never seen
        options.onLine = [&](Subprocess::Stream, std::string_view) {
            if (++lines == 100000) cancel = true;
        };
        const auto result = Subprocess::run({"yes"}, options, Progress({}, &cancel));
        QVERIFY(result.cancelled);
        QVERIFY(!result.timedOut);
        QVERIFY(noChildren());
    }

    void sigkillAfterTheGrace()
    {
        // A group that ignores SIGTERM (ignored signals pass to the sleep) ends by SIGKILL.
        std::atomic<bool> cancel{false};
        Subprocess::Options options;
        options.killGrace = std::chrono::milliseconds(200);
        options.timeout = kHang; // only if the line never came
        options.onLine = [&](Subprocess::Stream, std::string_view line) {
            if (line == "ready") cancel = true;
        };
        std::vector<Line> lines;
        const auto start = Clock::now();
        const auto result = runShell("trap '' TERM; echo ready; sleep 100", lines, options, Progress({}, &cancel));
        QVERIFY(Clock::now() - start < kHang);
        QVERIFY(result.cancelled);
        QCOMPARE(result.signal, SIGKILL);
        QVERIFY(noChildren());
    }

    void throwingCallbackStillReaps()
    {
        int child = -1;
        Subprocess::Options options;
        options.onLine = [&](Subprocess::Stream, std::string_view line) {
            child = pidFrom(std::string(line));
            throw std::runtime_error("stop reading");
        };
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, Subprocess::run({"sh", "-c", "echo $$; sleep 100"}, options));
        QVERIFY(child > 0);
        QVERIFY(!fs::exists("/proc/" + std::to_string(child)));
        QVERIFY(noChildren());
    }
};

QTEST_GUILESS_MAIN(TestSubprocess)
#include "tst_subprocess.moc"
