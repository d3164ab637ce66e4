#pragma once

// Running a program (usually emotrace-cli) as a user or a script runs it, for the tests
// that check its exit code and output.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace emotrace::test {

struct ProcessRun {
    static constexpr int kCrashed = -2;  ///< ended by a signal
    static constexpr int kTimedOut = -3; ///< killed after the time limit (a hang)
    int exitCode = -1;
    QString out; ///< stdout, UTF-8
    QString err; ///< stderr, UTF-8 ("timed out" after a time-out)
};

inline ProcessRun runProcess(const QString& program, const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, args);
    ProcessRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.exitCode = ProcessRun::kTimedOut;
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : ProcessRun::kCrashed;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace emotrace::test
