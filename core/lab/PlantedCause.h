#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lab/Score.h"

namespace emotrace {

/// Music-lab songs with a planted cause, for testing whether an explanation finds it:
///  - RhythmInDrums: only the drums carry the beat (every pitched part is reduced to one
///    sustained chord per bar), so drums must rank first for rhythm stability;
///  - MinorInPiano: a minor song reduced to piano chords, a bass pedal on the tonic (in
///    the bass's rhythm) and drums: the piano is the only part that carries the
///    mode, so piano must rank first for minorness.
/// Stateless.
class PlantedCause {
public:
    enum class Kind { RhythmInDrums, MinorInPiano };

    struct Case {
        Kind kind;
        Score score;
        Stem cause;          ///< the stem that carries the planted quality
        std::string target;  ///< the mid-level feature it drives ("rhythm_stability", "minorness")
        std::uint64_t seed;
    };

    /// The index-th case of a kind for a corpus seed (deterministic).
    static Case make(Kind kind, std::uint64_t seed, int index);

    /// The part of a score that is rendered to the stems kept by mask (indexed as
    /// allStems(): vocals, drums, bass, piano, other).
    static Score keepStems(const Score& score, const std::vector<std::uint8_t>& mask);
};

} // namespace emotrace
