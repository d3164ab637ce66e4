#pragma once

#include <QStringList>

namespace emotrace::cli {

/// The sub-commands of emotrace-cli. Each takes the arguments after the command name
/// (argv[0] first, as QCommandLineParser expects) and returns the process exit code:
/// 0 success, 1 failed on its input (one line on stderr), 2 bad usage.
int analyzeCommand(const QStringList& arguments);
int modelCommand(const QStringList& arguments);
int labCommand(const QStringList& arguments);
int explainCommand(const QStringList& arguments);

} // namespace emotrace::cli
