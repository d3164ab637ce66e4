#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "train/TrainingExample.h"

namespace emotrace {

/// Reads DEAM (Aljanaki et al. 2017): static_annotations_averaged_songs_1_2000.csv and
/// static_annotations_averaged_songs_2000_2058.csv (columns " valence_mean",
/// " arousal_mean", ... with leading spaces, song_id first; scale 1..9 mapped to
/// [0, 1]) and audio in MEMD_audio/<song_id>.mp3. Each file and the audio folder are
/// looked up directly under <root>, else anywhere below it (the archives nest them as
/// DEAM_Annotations/annotations/.../song_level/ and DEAM_audio/MEMD_audio/). At least
/// one of the two CSV files must exist. Emotion labels only; tag = the source name
/// (a tag CSV can override it, see TrainingSet). Thread: any.
class DeamSource {
public:
    static constexpr std::pair<double, double> kRawRange{1.0, 9.0};

    /// Throws emotrace::Error naming the file, line and column of a malformed or
    /// out-of-range value, or the audio file that is missing.
    static std::vector<TrainingExample> read(const std::filesystem::path& root, const std::string& sourceName,
                                             std::pair<double, double> range = kRawRange);
};

} // namespace emotrace
