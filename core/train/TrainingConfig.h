#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/TargetDomainRegulariser.h"

namespace emotrace {

/// What `emotrace-cli train --config FILE` reads (JSON). Relative paths are resolved
/// against the config file's folder. Schema (defaults in brackets):
///
///   {"model":  {"base_channels": 16 [16], "init_weights": FILE [none: random]  a weights.pt
///               of the same architecture to start from (fine-tuning)},
///    "sources": [{"type": "lab" | "midlevel" | "pmemo" | "deam", "path": DIR,
///                 "name": [type, or type-N when repeated], "weight": [1.0],
///                 "range": [lo, hi]      raw label scale [1,10 midlevel; 0,1 pmemo; 1,9 deam],
///                 "tags": CSV            optional: columns id (first) and "tag",
///                 "holdout": {"soundfonts": [...], "seeds_mod": [m, r]}  lab only: test split
///                            = songs of those soundfonts or with seed % m == r,
///                 "validation_fraction": [train.validation_fraction]  of the rest, for
///                            early stopping}, ...],
///    "train":  {"epochs": [30], "batch_size": [8], "excerpt_frames": [313], "lr": [1e-3],
///               "weight_decay": [1e-4], "schedule": "cosine" | "step" | "constant" [cosine],
///               "step_size": [10] epochs, "gamma": [0.1], "min_lr": [0],
///               "patience": [5] epochs (0: no early stopping), "seed": [1],
///               "balance_by_tag": [true], "validation_fraction": [0.15],
///               "steps_per_epoch": [0: ceil(training items / batch_size)]},
///    "adaptation": [none] unlabelled real recordings as target-domain data, see
///               TargetDomainRegulariser::Settings::fromJson (manifest, split, batch_size,
///               consistency_weight, tempo_rank_weight, stretch, margin, pitch_semitones),
///    "cache": DIR [<out>/spectrogram-cache], "out": DIR (required),
///    "name": [out's folder name], "version": ["1"], "description": [""],
///    "limitations": [[]]  sentences for the model card, after the trainer's own}
///
/// A value type; thread: any.
struct TrainingConfig {
    struct Holdout {
        std::vector<std::string> soundfonts;
        std::optional<std::pair<std::uint64_t, std::uint64_t>> seedsMod; ///< (m, r): seed % m == r
    };
    struct Source {
        std::string type;
        std::string name;
        std::filesystem::path path;
        double weight = 1.0;
        std::optional<std::pair<double, double>> range;
        std::filesystem::path tags;
        Holdout holdout;
        double validationFraction = 0.15;
    };

    int baseChannels = 16;
    std::filesystem::path initWeights; ///< empty: random initial weights
    std::optional<TargetDomainRegulariser::Settings> adaptation;
    std::vector<Source> sources;
    int epochs = 30;
    int batchSize = 8;
    int excerptFrames = 313;
    double learningRate = 1e-3;
    double weightDecay = 1e-4;
    std::string schedule = "cosine";
    int stepSize = 10;
    double gamma = 0.1;
    double minLearningRate = 0.0;
    int patience = 5;
    std::uint64_t seed = 1;
    bool balanceByTag = true;
    double validationFraction = 0.15;
    int stepsPerEpoch = 0;
    std::filesystem::path cache;
    std::filesystem::path out;
    std::string name;
    std::string version = "1";
    std::string description;
    std::vector<std::string> limitations;

    /// Largest config file load() reads, and the bound on batch_size x excerpt_frames.
    static constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t(16) << 20;
    static constexpr std::int64_t kMaxBatchFrames = std::int64_t(1) << 20;

    /// Learning rate for a 0-based epoch under the schedule.
    double learningRateAt(int epoch) const;

    /// The config as written (paths resolved), for model.json's training data.
    nlohmann::json toJson() const;
    /// Throws emotrace::Error "<source>: <key>: <problem>" for a missing key, a wrong
    /// type or a value out of range (NaN and infinities included), all source weights 0,
    /// or batch_size x excerpt_frames over kMaxBatchFrames. baseDir resolves relative paths.
    static TrainingConfig fromJson(const nlohmann::json& json, const std::string& source, const std::filesystem::path& baseDir);
    /// Reads and validates a config file; a directory, FIFO or device instead of a file,
    /// or one over kMaxFileBytes, is an error naming it (checked before opening).
    static TrainingConfig load(const std::filesystem::path& file);
};

} // namespace emotrace
