#pragma once

#include <string>
#include <string_view>

#include "util/Error.h"

namespace emotrace {

/// Range checks for the production stages' settings. Every message names the stage and
/// the field ("compressor: ratio must be in [1, 20] (got 0.5)"), so that
/// ProductionSettings can prefix the stem ("production: drums: compressor: ratio …").
class SettingsCheck {
public:
    /// Throws Error unless lo <= value <= hi (NaN fails). An empty stage leaves out its prefix.
    static void inRange(std::string_view stage, std::string_view field, double value, double lo, double hi);
    /// Throws Error unless value == 0 or lo <= value <= hi ("0 = off" fields).
    static void zeroOrInRange(std::string_view stage, std::string_view field, double value, double lo, double hi);
    /// Throws Error unless the buffer is usable by a stage: channels >= 1 (exactly
    /// `requiredChannels` when that is > 0), sampleRate 1000..768000 Hz, whole frames.
    static void buffer(std::string_view stage, int sampleRate, int channels, std::size_t samples, int requiredChannels = 0);
};

} // namespace emotrace
