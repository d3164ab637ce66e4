#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "separation/SeparatorPackage.h"
#include "train/StemCorpus.h"
#include "util/Progress.h"

namespace emotrace {

/// Trains a learned separator (MaskNetwork) on a StemCorpus and saves it as a separator
/// package. Lives on the calling thread; libtorch's thread count is set by the caller.
///
/// Each step draws `batch` augmented excerpts of `segmentSeconds` (StemCorpus::draw), makes
/// the mix as their sum, and minimises the mean over excerpts and stems of
///   10 log10( (|M_s X - S_s|^2 + e) / (|S_s|^2 + e) ),  e = 1e-6 |X|^2,  for a sounding stem
///   10 |M_s X|^2 / |X|^2                                            for a silent one
/// over the complex STFT (X the mix, S_s the true stem, M_s its mask; "silent" = below
/// -30 dB of the mix). The first is the negative signal-to-distortion ratio (the STFT is
/// near-orthogonal, so it is the time-domain SDR of the masked estimate); the second is
/// the leakage into an absent instrument's stem, linear so that it cannot dominate: with a
/// logarithmic leakage term (tried first) the network learned to silence the vocals and
/// piano stems altogether, as those are absent from most songs. Adam,
/// gradient norm clipped to 5, learning rate halved at 60 % and 85 % of the steps.
/// The input standardisation is measured on 8 batches before the first step.
/// A held-out part of the corpus's songs (validationFraction, whole songs, the last ones
/// after a seeded shuffle) gives a validation loss every validateEvery steps on fixed
/// unaugmented excerpts; the package is saved whenever it improves, and that best state
/// is what stays in `out`.
class SeparatorTrainer {
public:
    struct Settings {
        std::int64_t steps = 1000;
        std::int64_t batch = 8;
        double segmentSeconds = 3.0;
        double learningRate = 1e-3;
        double validationFraction = 0.05;
        std::int64_t validateEvery = 100;
        std::int64_t validationBatches = 8;
        std::uint64_t seed = 1;
        MaskNetworkConfig network;
        std::string name = SeparatorPackage::kDefaultName;
        std::string version = "1";
        /// Optional package to start from (its network config wins over `network`).
        std::filesystem::path init;
    };

    struct StepRecord {
        std::int64_t step = 0;
        double trainLoss = 0.0;      ///< mean over the steps since the previous record, dB (negative SDR)
        double validationLoss = 0.0; ///< dB
        double secondsPerStep = 0.0;
    };

    struct Result {
        std::vector<StepRecord> history;
        double bestValidationLoss = 0.0;
        std::int64_t bestStep = 0;
        std::size_t trainSongs = 0, validationSongs = 0;
    };

    /// Called after every validation (on the calling thread), e.g. to print a line.
    using Report = std::function<void(const StepRecord&)>;

    /// Throws emotrace::Error for invalid settings (naming the setting), a corpus with fewer
    /// than 2 songs, and NaN losses; emotrace::Cancelled when cancelled (the best package
    /// saved so far stays).
    static Result train(const StemCorpus& corpus, const Settings& settings, const std::filesystem::path& out,
                        const Report& report = {}, const Progress& progress = {});
};

} // namespace emotrace
