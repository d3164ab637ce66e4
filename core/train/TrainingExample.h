#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace emotrace {

/// One song (or clip) a data source offers for training: its audio file and whatever
/// labels the source has, normalised to [0, 1]. Items without one kind of label
/// contribute only the other to the joint loss L = L_m + L_e. A value type.
struct TrainingExample {
    std::filesystem::path audio;                   ///< any file FFmpeg decodes
    std::string id;                                ///< unique within its source (song id, folder name)
    std::optional<std::array<float, 7>> midLevel;  ///< the seven features in ModelInfo order, [0, 1]
    std::optional<std::array<float, 2>> emotions;  ///< arousal, valence, [0, 1]
    std::string tag;                               ///< group for balanced sampling (style, genre; else the source name)
    std::string source;                            ///< name of the source it came from
    float weight = 1.0f;                           ///< the source's weight in the loss
    // Lab corpora only: what split rules can hold out as a whole.
    std::string soundfont;                         ///< soundfont name the song was rendered with
    std::optional<std::uint64_t> seed;             ///< the composer's seed
};

} // namespace emotrace
