#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/TrainingExample.h"

namespace emotrace {

/// How well predictions match labels on a set of songs: Pearson r and RMSE per target
/// (the seven mid-level features, then arousal and valence; all on the [0, 1] label
/// scale), and the joint loss L = L_m + L_e (source-weighted MSE, as in training). A
/// value type; thread: any.
struct EvaluationReport {
    struct Target {
        std::string name;
        int count = 0;       ///< songs with a label for it
        double pearson = 0;  ///< NaN when count < 2 or either side is constant
        double rmse = 0;     ///< NaN when count == 0
    };
    std::vector<Target> targets; ///< 9: features then emotions
    int songs = 0;
    double midLevelLoss = 0.0;   ///< L_m
    double emotionLoss = 0.0;    ///< L_e
    double loss() const { return midLevelLoss + emotionLoss; }
    /// Mean of the defined Pearson r values (NaN when none is defined).
    double meanPearson() const;

    /// One prediction per song: 7 concepts then 2 emotions.
    using Prediction = std::array<float, 9>;
    /// predictions[i] belongs to items[i]. Throws emotrace::Error on a size mismatch.
    static EvaluationReport compute(const std::vector<TrainingExample>& items, const std::vector<Prediction>& predictions);

    /// {"songs", "loss", "midlevel_loss", "emotion_loss", "mean_pearson", "targets": {name: {count, pearson, rmse}}};
    /// undefined values are null.
    nlohmann::json toJson() const;
    /// A fixed-width text table, one row per target.
    std::string table() const;
};

} // namespace emotrace
