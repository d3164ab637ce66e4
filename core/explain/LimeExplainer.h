#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explain/PerturbationSet.h"
#include "util/Progress.h"

namespace emotrace {

/// audioLIME's explanation of one target. A value type.
struct ComponentExplanation {
    std::vector<double> weights; ///< [components]: the ridge coefficients, LIME's local_exp
    double intercept = 0.0;
    double r2 = 0.0;              ///< weighted R^2 of the ridge fit (LIME's score)
    double localPrediction = 0.0; ///< the ridge fit at all ones (LIME's local_pred)
    double prediction = 0.0;      ///< f(all ones): the model's own prediction
    std::vector<double> shapley;  ///< [components]; empty when the set was sampled
    /// Component indices by weight, descending: positive weights first, as audioLIME
    /// sorts by default (absolute_feature_sort=False); equal weights by index.
    std::vector<int> ranking;
};

/// Everything one explanation run produced. A value type.
struct Explanation {
    PerturbationSet perturbations;
    /// [rows][targets]: the model output per perturbation, kept so that a UI can list and
    /// play each mix with its prediction.
    std::vector<std::vector<double>> predictions;
    std::vector<double> sampleWeights;        ///< [rows]: the kernel weights of the fit
    std::vector<ComponentExplanation> targets; ///< [targets]
    /// The settings that shaped the result: {"sampler": "exhaustive"|"audiolime"|
    /// "lime-text", "seed", "samples", "kernel_width", "ridge_alpha"} (recorded in the JSON).
    nlohmann::json settings = nlohmann::json::object();

    /// JSON with names for the components and targets (empty vectors: "c0".., "t0"..):
    /// {"components": [names], "targets": [names], "exhaustive": bool, "settings": {...},
    ///  "perturbations": ["1101", ...] (character i = component i),
    ///  "predictions": [[per target], ...], "sampleWeights": [...],
    ///  "explanations": [{"target", "weights", "intercept", "r2", "localPrediction",
    ///                    "prediction", "shapley" (null when sampled), "ranking"}, ...]}.
    /// Throws Error when a non-empty name list has the wrong length.
    nlohmann::json toJson(const std::vector<std::string>& componentNames = {}, const std::vector<std::string>& targetNames = {}) const;
    /// Reads what toJson wrote (the names are not part of the value). Throws Error on
    /// missing keys or inconsistent shapes.
    static Explanation fromJson(const nlohmann::json& json);
};

/// audioLIME over any predictor f(z) -> R^T of n binary interpretable components: it
/// knows nothing of audio. Evaluates f on every perturbation (in batches), weights the
/// perturbations with LimeKernel, fits WeightedRidge per target and, when the set is
/// exhaustive, the exact ShapleyValues from the same evaluations.
///
/// The predictor decides what a mask means, the all-zero mask included (EmoTrace's front
/// end feeds silence as an all-zero spectrogram); the explainer only requires every
/// output to be finite. Synchronous: explain() runs on the calling thread and calls the
/// predictor and the progress callback there, one batch at a time. No state; reentrant.
class LimeExplainer {
public:
    struct Settings {
        double kernelWidth = 0.25;
        double ridgeAlpha = 1.0;
        int exhaustiveLimit = 1024;  ///< enumerate all 2^n masks when 2^n <= this
        /// nullopt = exhaustive when 2^n <= exhaustiveLimit, else 1000 sampled rows; a count
        /// below 2^n samples that many, one of 2^n or more enumerates instead.
        std::optional<int> samples;
        uint64_t seed = 0;           ///< of the sampled perturbations
        PerturbationSet::Sampler sampler = PerturbationSet::Sampler::AudioLime; ///< how they are drawn
        int batchSize = 8;           ///< masks per predictor call
    };

    /// masks [batch][components] -> outputs [batch][targets]; the same number of targets
    /// for every call.
    using BatchPredictor = std::function<std::vector<std::vector<double>>(const std::vector<std::vector<uint8_t>>& masks)>;

    /// Chooses the perturbations with PerturbationSet::choose and explains. Reports stage
    /// "explain" 0..100 and checks the cancel flag before every batch (throws Cancelled).
    /// Throws Error for n < 1, bad settings (width <= 0, alpha < 0, batch size < 1,
    /// samples < 1) and a predictor output of the wrong shape or not finite, naming the
    /// perturbation row and its mask. Exceptions of the predictor pass through.
    static Explanation explain(int components, const BatchPredictor& predictor, const Settings& settings, const Progress& progress = {});

    /// The same over given perturbations (row 0 must be all ones; samples, exhaustiveLimit
    /// and seed are not used).
    static Explanation explain(const PerturbationSet& perturbations, const BatchPredictor& predictor, const Settings& settings,
                               const Progress& progress = {});
};

} // namespace emotrace
