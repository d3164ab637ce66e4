#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>

namespace emotrace::cli {

/// Command-line arguments are bytes, and file names need not be UTF-8. Arguments are
/// decoded losslessly: valid UTF-8 as text, every other byte b as the lone surrogate
/// U+DC00+b (Python's "surrogateescape"), which bytes() turns back into b. So a file named
/// with byte 0xff opens, and messages can name it.
QStringList decodeArguments(int argc, char** argv);
/// The bytes a decoded argument (or any QString) stands for; use for every path.
std::string bytes(const QString& text);
/// The inverse of bytes() for text from core (paths in messages may hold any byte).
QString fromBytes(const std::string& text);
/// `text` with control characters and bytes that are not UTF-8 written as \xNN, and only
/// its first line (an internal error's backtrace is dropped): fit for one terminal line.
std::string printable(const std::string& text);

/// One line "emotrace-cli: <message>" on stderr (through printable()); returns exit
/// code 1 (failed on input).
int fail(const QString& message);
int fail(const std::string& message);
int fail(const char* message);
/// The message and the command's help on stderr; returns exit code 2 (bad usage).
int usage(const QCommandLineParser& parser, const QString& message);
/// Reads option `name` as a finite number in (0, max] into value when set; false with a
/// message in error otherwise (NaN, infinity, 0, negative or above max).
bool positiveNumber(const QCommandLineParser& parser, const QString& name, double& value, QString& error,
                    double max = 3600.0);
/// Reads integer option `name` in [low, high] into value when set; false with a message
/// in error otherwise.
bool integerIn(const QCommandLineParser& parser, const QString& name, long long low, long long high, std::int64_t& value,
               QString& error);
/// The model folder: --model, else $EMOTRACE_MODEL, else the shipped default model,
/// else empty.
QString modelFolder(const QCommandLineParser& parser);
/// --threads N: 0 when absent, -1 when malformed or outside 1..kMaxThreads.
int threadsOption(const QCommandLineParser& parser);
inline constexpr int kMaxThreads = 256;

} // namespace emotrace::cli
