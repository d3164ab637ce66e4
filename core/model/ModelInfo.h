#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsp/FrontEndParameters.h"
#include "model/EmotionBaseline.h"
#include "model/ModelConfig.h"
#include "vocab/MidLevelLabels.h"

namespace emotrace {

/// What model.json says about a model package: identity, architecture, front end, the
/// names and value ranges of the mid-level features and targets, and the model card
/// (training data, metrics, limitations). A value type.
struct ModelInfo {
    std::string name = "unnamed";
    std::string version = "0";
    std::string description;
    bool trained = false; ///< false for seeded random weights: predictions carry no meaning
    ModelConfig architecture;
    FrontEndParameters frontEnd;
    int inputFrames = 1252; ///< window length the model was trained on (40 s in the paper)
    std::vector<std::string> features = MidLevelLabels::featureNames();
    std::vector<std::string> targets = MidLevelLabels::emotionNames();
    /// [min, max] per feature / target, the scale the labels were trained on.
    std::vector<std::pair<double, double>> featureRanges = std::vector<std::pair<double, double>>(7, {0.0, 1.0});
    std::vector<std::pair<double, double>> targetRanges = std::vector<std::pair<double, double>>(2, {0.0, 1.0});
    /// e = b + W (m - m_bar): model.json's optional "emotion_baseline",
    ///   {"features": {"melodiousness": m_bar_0, ...}, "emotions": {"arousal": b_0, ...},
    ///    "formula": "..."}
    /// (every feature and target by name, finite, within its range give or take 5 % of the
    /// span). Absent: empty (m_bar = 0, b = 0, the paper's e = W m). Not in weights.pt.
    EmotionBaseline emotionBaseline;
    nlohmann::json trainingData = nlohmann::json::object();
    nlohmann::json metrics = nlohmann::json::object();
    std::vector<std::string> limitations;

    nlohmann::json toJson() const;
    /// source: file name for error messages. Throws emotrace::Error on a malformed file
    /// (including an emotion_baseline with a missing name, a non-finite value or a mean
    /// outside its feature's or target's range).
    static ModelInfo fromJson(const nlohmann::json& json, const std::string& source);
};

} // namespace emotrace
