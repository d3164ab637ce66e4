#pragma once

#include <QCommandLineParser>
#include <QString>

namespace emotrace::cli {

/// One line "emotrace-cli: <message>" on stderr; returns exit code 1 (failed on input).
int fail(const QString& message);
/// The message and the command's help on stderr; returns exit code 2 (bad usage).
int usage(const QCommandLineParser& parser, const QString& message);
/// Reads option `name` as a positive number into value when set; false with a message
/// in error when it is not a positive number.
bool positiveNumber(const QCommandLineParser& parser, const QString& name, double& value, QString& error);
/// The model folder: --model, else $EMOTRACE_MODEL, else the shipped default model,
/// else empty.
QString modelFolder(const QCommandLineParser& parser);
/// --threads N: 0 when absent, -1 when malformed.
int threadsOption(const QCommandLineParser& parser);

} // namespace emotrace::cli
