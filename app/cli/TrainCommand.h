#pragma once

#include <QStringList>

namespace emotrace::cli {

/// `emotrace-cli train --config FILE [--resume] [--threads N]`: joint training
/// (JointTrainer) with one progress line per epoch; the best model package goes to the
/// config's "out" folder. `emotrace-cli evaluate --model DIR --config FILE [--json FILE]`:
/// Pearson r and RMSE per target of a model package on the config's held-out split.
/// Arguments after the command name (argv[0] first); exit code 0 success, 1 failed on
/// its input (one line on stderr), 2 bad usage.
int trainCommand(const QStringList& arguments);
int evaluateCommand(const QStringList& arguments);

} // namespace emotrace::cli
