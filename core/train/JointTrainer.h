#pragma once

#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include "model/ExplainableResNet.h"
#include "model/ModelInfo.h"
#include "train/EvaluationReport.h"
#include "train/SpectrogramCache.h"
#include "train/TargetDomainRegulariser.h"
#include "train/TrainingConfig.h"
#include "train/TrainingSet.h"
#include "util/Progress.h"

namespace emotrace {

/// One finished epoch, as the progress line shows it. A value type.
struct EpochRecord {
    int epoch = 0;                 ///< 1-based
    double learningRate = 0.0;
    double trainMidLevelLoss = 0.0; ///< mean L_m over the epoch's batches that had mid-level labels
    double trainEmotionLoss = 0.0;  ///< mean L_e over the epoch's batches that had emotion labels
    double validationLoss = 0.0;    ///< L_m + L_e on the validation split (NaN without one)
    double validationPearson = 0.0; ///< mean Pearson r over the nine targets (NaN when undefined)
    double seconds = 0.0;           ///< wall time of the epoch, validation included
    /// With domain adaptation (TargetDomainRegulariser), NaN without: mean unlabelled loss,
    /// mean squared output change under transposition, mean arousal gain under speed-up.
    double adaptationLoss = std::numeric_limits<double>::quiet_NaN();
    double adaptationConsistency = std::numeric_limits<double>::quiet_NaN();
    double adaptationArousalGain = std::numeric_limits<double>::quiet_NaN();
    bool best = false;              ///< this epoch improved the criterion and was saved as best

    nlohmann::json toJson() const;
    static EpochRecord fromJson(const nlohmann::json& json);
    /// "epoch 3/30  lr 9.8e-04  train L_m 0.0412  L_e 0.0380  val 0.0701  r 0.412  12.3 s  *best"
    std::string line(int epochs) const;
};

/// What a training run ended with. A value type.
struct TrainingOutcome {
    std::vector<EpochRecord> history; ///< every epoch so far, earlier sessions included when resumed
    int bestEpoch = 0;
    double bestLoss = 0.0;            ///< the criterion at bestEpoch
    bool stoppedEarly = false;
    std::optional<EvaluationReport> bestReport; ///< validation report of the best epoch, when it ran in this session
    std::optional<EvaluationReport> testReport; ///< test split (hold-out rule) report of the best epoch, likewise
};

/// Joint training of ExplainableResNet on several labelled sources at once (the paper's
/// L = L_m + L_e). Before training, the network gets the emotion baseline of the
/// training split (trainingLabelMeans), so L_e sees e = b + W (m - m_bar) and model.json
/// records it (EmotionBaseline). Per step: a batch of items drawn by BalancedSampler, one random
/// excerpt of excerptFrames per item ([B,1,149,T], loop-padded when the song is
/// shorter); L_m = sum over items with mid-level labels of weight x MSE over the seven
/// features, divided by their count (0 when the batch has none), L_e likewise on
/// arousal/valence; Adam (weight decay) on L_m + L_e with the learning rate of the
/// epoch's schedule. After each epoch the model is evaluated on the validation split
/// (ModelEvaluator: whole songs, windows of excerptFrames) and the criterion is the
/// validation loss (the mean training loss when there is no validation split). Early
/// stopping after `patience` epochs without improvement. The test split (the lab
/// hold-out rule) is evaluated only for each new best epoch and never chooses one.
///
/// Files under config.out:
///   weights.pt, model.json                    the best model package so far (ModelPackage);
///                                             model.json's metrics hold "validation",
///                                             "test" and the history
///   evaluation.json                           the best epoch's test report (the validation
///                                             report when there is no test split)
///   last/weights.pt, last/model.json          the last epoch's package
///   last/optimizer.pt                         Adam's state, libtorch's torch::save archive
///                                             (TorchScript zip; for resuming with this
///                                             program, not meant for Python)
///   last/trainer_state.json                   epoch, best epoch and loss, patience count,
///                                             history
/// last/ is written beside itself and renamed, so it is whole or absent. Every random
/// draw is seeded by (seed, epoch), so a resumed run draws what the uninterrupted run
/// would have drawn.
///
/// Device: CUDA when torch::cuda::is_available(), else CPU. Lives on one thread (the
/// one that calls train); the epoch callback runs on it.
class JointTrainer {
public:
    using EpochCallback = std::function<void(const EpochRecord&)>;

    /// Initialises the network with seeded Kaiming weights (ModelPackage::untrained) and
    /// the emotion baseline trainingLabelMeans(data).
    JointTrainer(TrainingConfig config, TrainingSet data);

    /// The emotion baseline of a data set: m_bar = the mean of the mid-level labels and
    /// b = the mean of the emotion labels over the training split's items that have them
    /// (unweighted, on the [0, 1] label scale); zeros for a kind no training item has.
    static EmotionBaseline trainingLabelMeans(const TrainingSet& data);

    /// Trains to config.epochs or an early stop. resume: continue from out/last (Error
    /// when it is missing or was made with another architecture); a run that had already
    /// finished returns at once. Stage "spectrogram" then "train" (percent of the
    /// epoch). Cancellation (checked between batches) throws emotrace::Cancelled;
    /// out/last then still holds the last finished epoch, ready to resume.
    TrainingOutcome train(bool resume, const EpochCallback& onEpoch = {}, const Progress& progress = {});

    /// The network being trained (on device()).
    ExplainableResNet network() const { return m_network; }
    torch::Device device() const { return m_device; }
    const TrainingConfig& config() const { return m_config; }
    const TrainingSet& data() const { return m_data; }
    SpectrogramCache& cache() { return m_cache; }

    /// The model card written with a checkpoint.
    ModelInfo modelInfo(const nlohmann::json& metrics) const;

    static std::filesystem::path lastFolder(const std::filesystem::path& out) { return out / "last"; }

private:
    /// One epoch of optimisation; returns {mean L_m, mean L_e}.
    std::pair<double, double> trainEpoch(torch::optim::Optimizer& optimizer, int epoch, const Progress& progress,
                                         EpochRecord& record);
    void saveNetwork(const std::filesystem::path& folder, const ModelInfo& info) const;

    TrainingConfig m_config;
    TrainingSet m_data;
    SpectrogramCache m_cache;
    std::optional<TargetDomainRegulariser> m_adaptation; ///< when the config has "adaptation"
    torch::Device m_device;
    ExplainableResNet m_network{nullptr};
};

} // namespace emotrace
