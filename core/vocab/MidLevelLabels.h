#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emotrace {

/// Ground-truth labels of one lab song: the seven mid-level perceptual features of
/// Aljanaki & Soleymani (2018) and the two emotion targets, every value in [0, 1].
/// Made by ScoreLabeler from the notes of a Score. A value type; thread: any.
struct MidLevelLabels {
    double melodiousness = 0.0;
    double articulation = 0.0;
    double rhythmComplexity = 0.0;
    double rhythmStability = 0.0;
    double dissonance = 0.0;
    double tonalStability = 0.0;
    double minorness = 0.0;
    double arousal = 0.0;
    double valence = 0.0;

    /// The seven features in the paper's order (featureNames()).
    std::vector<double> features() const;
    /// Arousal, valence (emotionNames()).
    std::vector<double> emotions() const;

    /// "melodiousness", "articulation", "rhythm_complexity", "rhythm_stability",
    /// "dissonance", "tonal_stability", "minorness": the names ModelInfo uses.
    static const std::vector<std::string>& featureNames();
    /// "arousal", "valence".
    static const std::vector<std::string>& emotionNames();

    /// {"melodiousness": .., ..., "arousal": .., "valence": ..} keyed by the names above.
    nlohmann::json toJson() const;
    /// Throws emotrace::Error ("mid-level labels: ...") when a key is missing, not a
    /// number, or outside [0, 1].
    static MidLevelLabels fromJson(const nlohmann::json& json);

    bool operator==(const MidLevelLabels&) const = default;
};

} // namespace emotrace
