#pragma once

#include <QStringList>

namespace emotrace::cli {

/// `emotrace-cli separator train --corpus DIR... --out DIR [options]`: trains a learned
/// separator (SeparatorTrainer) on lab songs with stems, one line per validation.
/// `emotrace-cli separator info [DIR]`: a separator package's description (default: the
/// shipped one). Arguments after the command name (argv[0] first); exit code 0 success,
/// 1 failed on its input (one line on stderr), 2 bad usage.
int separatorCommand(const QStringList& arguments);
/// `emotrace-cli separate SONG --out DIR [--separator SPEC] [--format wav|flac]`: the song's
/// stems as audio files (never over the song itself or a non-regular file).
int separateCommand(const QStringList& arguments);

} // namespace emotrace::cli
