#pragma once

#include <QStringList>

namespace emotrace::cli {

/// `emotrace-cli lab realcheck --manifest FILE [--model DIR] [--split dev] [--json FILE]
/// [--threads N]`: the real-recordings check (core/evaluation/RealRecordingsCheck) with one
/// progress line per recording on stderr, then its tables on stdout. Arguments after
/// "lab" (argv[0] first, then "realcheck"); exit code 0 success, 1 failed on its input
/// (one line on stderr naming the file), 2 bad usage.
int realcheckCommand(const QStringList& arguments);

} // namespace emotrace::cli
