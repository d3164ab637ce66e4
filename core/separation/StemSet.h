#pragma once

#include <string>
#include <vector>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// A song separated into named sources ("vocals", "drums", "bass", "piano", "other",
/// "guitar", "no_vocals", ...). Every stem has the mix's sample rate, channel count and
/// length, and the stems add up to the mix (a separator adds a "residual" stem where its
/// sources do not). A value type.
struct StemSet {
    std::vector<std::string> names;
    std::vector<AudioBuffer> stems;     ///< same order as names
    std::string backend;                ///< which separator made it ("builtin", "stems:/path", ...)
    std::vector<std::string> warnings;  ///< resampling, alignment, residual added, ... (one line each)

    std::size_t size() const { return stems.size(); }
    /// Index of a stem by name, or -1.
    int indexOf(const std::string& name) const
    {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return int(i);
        return -1;
    }
};

} // namespace emotrace
