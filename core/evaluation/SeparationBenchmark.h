#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "evaluation/TrivialEstimates.h"
#include "separation/Separator.h"

namespace emotrace {

/// Scores a separator on a song whose true stems are known (a music-lab song, or a real
/// multitrack in the same layout: mix.flac and stems/<stem>.flac for the five stems): the
/// song's mix.flac goes through the separator and each estimated stem is compared with the
/// true stem of the same name by SeparationQuality::sdr(). True stems the separator does
/// not produce (the built-in one has no "piano") are added to its "other" stem's
/// reference, so every source is accounted for once; estimated stems with no true
/// counterpart (e.g. "residual") are not scored. Lives on the calling thread.
class SeparationBenchmark {
public:
    /// One estimated stem of one song.
    struct StemScore {
        std::string stem;          ///< the estimate's name ("drums", ...)
        /// The true source is silent in this song (energy ≤ 1e-10 per sample): SDR and the
        /// trivial estimates are undefined and stay NaN; leakageDb is set instead.
        bool sourceSilent = false;
        double sdrDb = 0.0;        ///< the separator's SDR, dB (NaN for a silent source)
        TrivialEstimates trivial;  ///< the mix ÷ 2, best gain, silence (NaN for a silent source)
        /// For a silent source only: the estimate's energy relative to the mix's,
        /// 10 log10((Σ e² + ε) / (Σ x² + ε)), ε = 1e-9; dB (NaN otherwise). Issue 11's
        /// target: at most −15 dB.
        double leakageDb = 0.0;

        /// sdrDb − trivial.best(): how far the separator is above the best trivial
        /// estimate, dB (NaN for a silent source).
        double marginDb() const;
    };

    /// One song.
    struct SongScore {
        std::filesystem::path folder;
        std::string separator;         ///< the StemSet's backend
        double durationSeconds = 0.0;
        std::vector<StemScore> stems;  ///< in the separator's stem order

        /// The stem of that name, or nullptr.
        const StemScore* find(const std::string& stem) const;
        /// The largest leakageDb over the stems whose source is silent; none when every
        /// scored source is audible.
        std::optional<double> worstLeakageDb() const;
    };

    /// Scores every stem of the song in `songFolder`. Throws emotrace::Error naming the
    /// folder when it has no mix.flac or lacks a stem file.
    static SongScore score(const std::filesystem::path& songFolder, Separator& separator, const Progress& progress = {});

    /// stem name -> SDR in dB; stems whose true source is silent in this song are left
    /// out (SDR is undefined for them). The SDR part of score(). Throws emotrace::Error
    /// when the folder is not a lab song.
    static std::map<std::string, double> evaluate(const std::filesystem::path& labSongFolder, Separator& separator,
                                                  const Progress& progress = {});

    /// 10 log10((Σ a² + ε) / (Σ b² + ε)) over every sample, ε = 1e-9: a's energy relative
    /// to b's, dB. Any lengths.
    static double energyRatioDb(const AudioBuffer& a, const AudioBuffer& b);
};

} // namespace emotrace
