#pragma once

#include <QStringList>

namespace emotrace::cli {

/// `emotrace-cli lab sdr SONG_DIR... [--separator SPEC]`: scores a separator on songs with
/// true stems (lab songs or real multitracks; SeparationBenchmark) and prints, per song
/// and as medians over the songs (SeparationScoreTable), each stem's SDR beside the SDR of
/// the mix ÷ 2, the mix at the best single gain and silence, the margin over the best of
/// them and the leakage into stems whose source is silent. Arguments after "lab" (argv[0]
/// first, then "sdr"); exit code 0 success, 1 failed on an input (one line on stderr
/// naming the folder), 2 bad usage.
int labSdrCommand(const QStringList& arguments);

/// `emotrace-cli lab multitracks --out DIR [--duration S]`: renders every tracker module of
/// the Debian packages tecnoballz-data and tomatoes-data (DebianModuleSet) into real
/// multitracks (ModuleMultitrack, ModuleMultitrackWriter) under DIR/<module name>/, one
/// line per module with its grouping. Same arguments and exit codes as labSdrCommand.
int labMultitracksCommand(const QStringList& arguments);

} // namespace emotrace::cli
