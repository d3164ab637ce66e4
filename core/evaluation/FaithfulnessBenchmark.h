#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "explain/SongExplainer.h"
#include "lab/PartRenderer.h"
#include "lab/PlantedCause.h"
#include "util/Progress.h"

namespace emotrace {

/// Faithfulness of a model's source explanations on music-lab songs with a planted cause
/// (PlantedCause): each case is rendered with the renderer's soundfont into its five true
/// stems (so separation errors play no part), explained by the SongExplainer (audioLIME
/// over the stems, on its excerpt), and counts as recovered when the planted stem ranks
/// first by audioLIME weight for the planted target. Lives on the calling thread.
class FaithfulnessBenchmark {
public:
    /// One kind of planted cause over `songs` cases. A value type.
    struct Result {
        std::string target;                   ///< "rhythm_stability" or "minorness"
        std::string cause;                    ///< the planted stem ("drums", "piano")
        int songs = 0;
        int recovered = 0;                    ///< cases whose top stem was the cause
        std::map<std::string, int> topStems;  ///< how often each stem ranked first
        double rate() const { return songs > 0 ? double(recovered) / songs : 0.0; }
    };

    /// Cases 0..count-1 of `kind` for corpus `seed`. Progress: stage "faithfulness",
    /// percent of cases done; cancellable between cases.
    static Result run(SongExplainer& explainer, PartRenderer& renderer, PlantedCause::Kind kind, std::uint64_t seed, int count,
                      const Progress& progress = {});
};

} // namespace emotrace
