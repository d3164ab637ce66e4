#pragma once

#include <string>
#include <vector>

#include "evaluation/SeparationBenchmark.h"

namespace emotrace {

/// Plain-text tables of SeparationBenchmark scores, as `emotrace-cli lab sdr` prints
/// them. Per stem: the separator's SDR, the SDR of the three trivial estimates (mix ÷ 2,
/// mix at the best single gain, silence), the margin over the best of them, all in dB;
/// and for stems whose true source is silent, the estimate's energy relative to the mix
/// ("leakage", dB; issue 11's target ≤ −15 dB). Stateless; any thread.
class SeparationScoreTable {
public:
    /// One song: a header line with the folder and separator, then one line per stem.
    static std::string song(const SeparationBenchmark::SongScore& score);

    /// Medians over songs, per stem: over the songs where the stem's source is audible,
    /// the median of each SDR column and the median of the per-song margins; over the
    /// songs where it is silent, the median and the worst (largest) leakage. A final line
    /// names the worst silent-stem leakage of all songs. Stems appear in the order
    /// vocals, drums, bass, piano, other, then any other name alphabetically.
    static std::string medians(const std::vector<SeparationBenchmark::SongScore>& scores);

    /// Median of the values (the mean of the middle two for an even count); NaN when empty.
    static double median(std::vector<double> values);
};

} // namespace emotrace
