#pragma once

#include <string>

#include "audio/AudioBuffer.h"
#include "separation/StemSet.h"
#include "util/Progress.h"

namespace emotrace {

/// Splits a mix into stems at the mix's own sample rate and channel count, stems summing
/// to the mix. Implementations: BuiltinSeparator (classical, no weights),
/// StemFolderSeparator (precomputed Demucs / Spleeter / Open-Unmix folders),
/// CommandSeparator (a user-installed separator run as a subprocess), and
/// TorchScriptSeparator (a scripted model file). A separator object lives on the thread
/// that calls it (a worker thread in the GUI).
class Separator {
public:
    virtual ~Separator() = default;
    /// Short identity for results and caches ("builtin", "stems:DIR", "command:demucs", ...).
    virtual std::string name() const = 0;
    /// mixFile: the song's path (backends that work from files need it; may be empty for
    /// the built-in one). Throws emotrace::Error with one line naming what failed, and
    /// emotrace::Cancelled when the cancel flag is raised.
    virtual StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress = {}) = 0;
};

} // namespace emotrace
