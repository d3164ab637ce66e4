#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/AnalysisResult.h"
#include "explain/LimeExplainer.h"

namespace emotrace {

/// Level two for one song: which sound sources (stems, optionally cut into time
/// segments) carry each mid-level feature and emotion, by audioLIME weights and, when
/// every mix was evaluated, exact Shapley values. A value type.
struct SourceExplanation {
    SongInfo song;
    ModelIdentity model;
    std::string separator;                ///< the separator's name ("builtin", "stems:DIR", ...)
    std::vector<std::string> separatorWarnings;
    std::vector<std::string> stems;       ///< stem names, in component order
    int segments = 1;                     ///< temporal segments per stem
    double excerptStartSeconds = 0.0;     ///< the explained excerpt of the song
    double excerptEndSeconds = 0.0;
    /// [components]: "drums" or, with segments, "drums@10.0-20.0s"; component c is stem
    /// c / segments in segment c % segments.
    std::vector<std::string> components;
    std::vector<std::string> targets;     ///< the 7 features, then the emotions
    Explanation explanation;              ///< one ComponentExplanation per target

    /// Components of a target sorted by audioLIME weight, descending.
    std::vector<int> ranking(const std::string& target) const;
    /// Index of a target name, or -1.
    int targetIndex(const std::string& target) const;
    /// Per stem (1 = kept): the explanation of a target, i.e. the top `count` stems by
    /// audioLIME weight among those with a positive weight (a stem's segments summed), as
    /// audioLIME's get_sorted_components with positive_components=True; with complement,
    /// every other stem. Empty when the target is unknown.
    std::vector<std::uint8_t> explanationMask(const std::string& target, int count, bool complement) const;

    nlohmann::json toJson() const;
};

} // namespace emotrace
