#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <torch/types.h>

#include "model/ExplainableResNet.h"
#include "train/SpectrogramCache.h"

namespace emotrace {

/// Domain adaptation with real, unlabelled recordings (issue 10, part 2): a loss on
/// excerpts of the target domain (real music) that needs no labels, added to the joint
/// loss of the labelled lab songs at every step.
///
/// For each of `batchSize` real excerpts x ([1, bands, T], drawn at random from the
/// manifest's recordings) the network sees three versions in one batch:
///   x                 the excerpt;
///   shift(x)          transposed by k semitones, k uniform in ±1..±pitchSemitones: the
///                     log filterbank has bandsPerOctave / 12 bands per semitone (2 for
///                     the paper's 24 per octave) where its bands are unique, so the
///                     excerpt moves by 2k bands (at the lowest frequencies bands are
///                     merged and the shift is coarser), edges repeated. A transposition
///                     keeps the mode, the rhythm and the energy: all nine outputs should
///                     stay;
///   stretch(x)        ceil(stretch x T) frames from the same start squeezed into T by
///                     linear interpolation: the same music played `stretch` times faster
///                     (tempo and onset rate up, pitch kept), which listeners hear as
///                     more aroused.
/// Loss (per excerpt, averaged):
///   consistencyWeight x mean over the 9 outputs of (f(x) - f(shift(x)))^2
///   + tempoRankWeight x max(0, margin - (arousal(stretch(x)) - arousal(x)))
/// The consistency term keeps predictions on real music stable under a change that must
/// not move them; the ranking term ties arousal on real music to a direction known from
/// the transformation, without claiming any absolute value.
///
/// Manifest: the real-recordings CSV of resources/realcheck (columns `path`, `split`);
/// only rows of `split` (default "train-unlabelled", never the development set) are
/// used; MIDI files are skipped (they are not recordings). Relative paths are read from
/// the manifest's folder.
///
/// Lives on the trainer's thread.
class TargetDomainRegulariser {
public:
    struct Settings {
        std::filesystem::path manifest;
        std::string split = "train-unlabelled";
        int batchSize = 2;              ///< real excerpts per step
        double consistencyWeight = 1.0;
        double tempoRankWeight = 1.0;
        double stretch = 1.25;          ///< tempo factor of stretch(x), 1.05..2
        double margin = 0.03;           ///< arousal units on [0, 1]
        int pitchSemitones = 2;         ///< largest |k| of shift(x), 1..6

        /// From the config's "adaptation" object (keys: manifest, split, batch_size,
        /// consistency_weight, tempo_rank_weight, stretch, margin, pitch_semitones); relative
        /// manifest paths against `base`. Throws emotrace::Error naming the key.
        static Settings fromJson(const nlohmann::json& json, const std::filesystem::path& base);
        nlohmann::json toJson() const;
    };

    /// The loss terms of one step, for the epoch line.
    struct Terms {
        torch::Tensor loss;       ///< scalar, on the network's device, differentiable
        double consistency = 0.0; ///< mean squared output change under shift
        double rankViolation = 0.0; ///< mean hinge of the tempo ranking
        double arousalGain = 0.0; ///< mean arousal(stretch(x)) - arousal(x)
    };

    /// Reads the manifest. Throws emotrace::Error naming it when unreadable, without the
    /// columns, or when the split holds no audio file.
    explicit TargetDomainRegulariser(Settings settings);

    const Settings& settings() const { return m_settings; }
    /// The recordings used, in manifest order.
    const std::vector<std::filesystem::path>& files() const { return m_files; }

    /// One step's loss: draws the excerpts from `cache` with `rng`.
    Terms step(ExplainableResNet& network, SpectrogramCache& cache, std::int64_t frames, const torch::Device& device,
               std::mt19937_64& rng) const;

    /// The two transformations on one excerpt ([bands, frames] row-major), for tests.
    static std::vector<float> shiftBands(const std::vector<float>& excerpt, int bands, std::int64_t frames, int k);
    /// `source` holds ceil(stretch x frames) frames; returns `frames` frames.
    static std::vector<float> squeezeFrames(const std::vector<float>& source, int bands, std::int64_t sourceFrames,
                                            std::int64_t frames);

private:
    Settings m_settings;
    std::vector<std::filesystem::path> m_files;
};

} // namespace emotrace
