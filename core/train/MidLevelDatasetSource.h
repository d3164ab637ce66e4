#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "train/TrainingExample.h"

namespace emotrace {

/// Reads the Mid-level Perceptual Features data set (Aljanaki & Soleymani 2018):
/// <root>/metadata_annotations/annotations.csv with song_id and the seven feature
/// columns (names matched after stripping spaces), audio in <root>/audio/<song_id>.mp3.
/// Ratings on the raw scale `range` (1..10 in the original) are mapped linearly to
/// [0, 1]. Mid-level labels only; tag = the source name. Thread: any.
class MidLevelDatasetSource {
public:
    static constexpr std::pair<double, double> kRawRange{1.0, 10.0};

    /// Throws emotrace::Error naming the file, line and column of a malformed or
    /// out-of-range value, or the audio file that is missing.
    static std::vector<TrainingExample> read(const std::filesystem::path& root, const std::string& sourceName,
                                             std::pair<double, double> range = kRawRange);
};

} // namespace emotrace
