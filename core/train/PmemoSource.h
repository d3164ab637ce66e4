#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "train/TrainingExample.h"

namespace emotrace {

/// Reads PMEmo (Zhang et al. 2018): <root>/annotations/static_annotations.csv with
/// musicId, Arousal(mean), Valence(mean) (already in [0, 1]), audio in
/// <root>/chorus/<musicId>.mp3. Emotion labels only; tag = the source name. Thread: any.
class PmemoSource {
public:
    static constexpr std::pair<double, double> kRawRange{0.0, 1.0};

    /// Throws emotrace::Error naming the file, line and column of a malformed or
    /// out-of-range value, or the audio file that is missing.
    static std::vector<TrainingExample> read(const std::filesystem::path& root, const std::string& sourceName,
                                             std::pair<double, double> range = kRawRange);
};

} // namespace emotrace
