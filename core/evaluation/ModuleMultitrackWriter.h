#pragma once

#include <filesystem>
#include <string>

#include "evaluation/ModuleMultitrack.h"

namespace emotrace {

/// Writes a ModuleMultitrack in the music lab's song layout, so that SeparationBenchmark
/// (`emotrace-cli lab sdr`) reads it like a lab song:
///   DIR/<name>/mix.flac                 the mix (24-bit FLAC)
///   DIR/<name>/stems/<stem>.flac        vocals, drums, bass, piano, other (silence where
///                                       the module has no such instrument)
///   DIR/<name>/multitrack.json          source file and package, render settings, length,
///                                       mix rule and residual, output gain, the stems'
///                                       instruments and every instrument's measures
///   DIR/<name>/grouping.csv             one row per instrument: module, instrument (0-based
///                                       libopenmpt index), name, stem ("unused" when it is
///                                       not heard), reason, energy share, notes, centroid,
///                                       low share, decay — for inspection
/// The folder appears whole or not at all: it is written as DIR/.<name>.partial and
/// renamed into place (replacing an older one) only when every file is written.
/// Stateless; any thread.
class ModuleMultitrackWriter {
public:
    /// Returns DIR/<name>. `package` names where the module came from (may be empty).
    /// Throws emotrace::Error naming the path when a folder or file cannot be written.
    static std::filesystem::path write(const std::filesystem::path& outDir, const std::string& name,
                                       const ModuleMultitrack& multitrack, const std::string& package = {});

    /// The grouping.csv text (header and one row per instrument); `name` fills the module column.
    static std::string groupingCsv(const std::string& name, const ModuleMultitrack& multitrack);
};

} // namespace emotrace
