#pragma once

#include <filesystem>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/EmotionEffects.h"

namespace emotrace {

/// Identity of the analysed file.
struct SongInfo {
    std::string path;
    std::uint64_t fileSize = 0;   ///< bytes
    std::string contentHash;      ///< fileContentHash()
    int sampleRate = 0;           ///< Hz, native
    int channels = 0;             ///< native
    double durationSeconds = 0.0;

    /// Path, size and content hash of a file (rate, channels and duration are filled in
    /// from the decoded audio by the analyzer). Throws emotrace::Error when unreadable.
    static SongInfo ofFile(const std::filesystem::path& file);
};

/// Identity of the model that produced a result.
struct ModelIdentity {
    std::string name;
    std::string version;
    bool trained = false;
    int baseChannels = 0;
    std::string folder;
};

/// How a song is cut into model windows.
struct AnalysisSettings {
    double windowSeconds = 40.0; ///< the paper's input length
    double hopSeconds = 20.0;    ///< half a window: every moment is seen twice
    int batchSize = 1;           ///< windows per forward pass (1 is fastest per window on CPU: see README)
};

/// The model's view of one window of the song.
struct WindowResult {
    double startSeconds = 0.0;
    double endSeconds = 0.0;    ///< start + window length (may pass the song's end when loop-padded)
    bool loopPadded = false;
    std::vector<double> concepts; ///< [features]
    std::vector<double> emotions; ///< [targets]
};

/// Everything one analysis of one song produced: an immutable value that the CLI prints,
/// the GUI draws and JSON stores. Whole-song values are the mean over windows (the model
/// is linear after pooling, so emotions = b + W (concepts - m_bar) holds for the means
/// too, and emotions[k] = effects.total(k) = effects.baseline[k] + sum of effects[k]).
struct AnalysisResult {
    SongInfo song;
    ModelIdentity model;
    AnalysisSettings settings;
    std::vector<std::string> features;
    std::vector<std::string> targets;
    std::vector<WindowResult> windows;
    std::vector<double> concepts;              ///< [features], whole song
    std::vector<double> emotions;              ///< [targets], whole song
    std::vector<std::vector<double>> weights;  ///< W [targets][features]
    EmotionEffects effects;                    ///< of the whole-song concepts, with the model's baseline

    /// The JSON document ("emotrace-analysis", format_version 1): song, model, settings,
    /// features, targets, "prediction", "emotion_weights" (W), "emotion_baseline"
    /// ({"features": m_bar by name, "emotions": b by name}; zeros for a model without a
    /// baseline), "effects" (W[k][j] (m[j] - m_bar[j]) per target and feature: they add up
    /// with the target's baseline to its prediction), "relative_effects", "windows".
    nlohmann::json toJson() const;
    /// Throws emotrace::Error (naming source) on a malformed document. A document without
    /// "emotion_baseline" (written before it existed) reads with a zero baseline.
    static AnalysisResult fromJson(const nlohmann::json& json, const std::string& source);
};

} // namespace emotrace
