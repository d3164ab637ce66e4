#pragma once

#include "lab/PulseAnalysis.h"
#include "lab/ScoreNotes.h"

namespace emotrace {

/// The two rhythm features of a score, on top of its PulseAnalysis. Times in seconds,
/// positions within a beat in beats. A value type computed once on construction;
/// thread: any.
///
/// rhythmStability — how easy is it to march along?
///   stability = sqrt(clarity) x (0.5 regularity + 0.5 support)   (PulseAnalysis)
///
/// rhythmComplexity — is it hard to tap back, hard to find the metre, are there many
/// layers?
///   complexity = 0.45 sync + 0.20 irregular + 0.15 layers + 0.20 (1 - clarity)
/// Layers: each pitched part, and each drum group of percussion parts (drumGroup()).
/// Every onset is placed in its tracked beat (phase phi in [0,1) beats) and snapped to the
/// nearest of 0, 1/4, 1/3, 1/2, 2/3, 3/4, 1 (off-grid beyond 0.05 beat). Syncopation
/// (Longuet-Higgins & Lee): an onset on 1/2 (level 1) or 1/4, 3/4, 1/3, 2/3 (level 2) adds
/// its level when its layer has no onset at the next stronger position (1/2 for 1/4, else
/// the next beat; tolerance max(30 ms, 0.05 beat)); for drum groups other than the kick,
/// a kick there counts too (one player). An after-beat layer (>= 8 onsets, >= 80 % on
/// 1/2: off-beat hi-hat, skank, oom-pah) keeps time and adds none.
/// sync = 0.6 clamp(S_max / 0.5) + 0.4 clamp(S_all / 0.5), S_max = the largest
/// syncopation per onset of a layer with >= 8 onsets, S_all = over all onsets.
/// irregular = clamp(off-grid share + 2 min(D, T)), D and T = the largest share of duple
/// (1/4, 1/2, 3/4) and of triplet (1/3, 2/3) onsets in a layer with >= 8 onsets (both at
/// once = polyrhythm; a swing feel alone is not). layers = clamp((k - 2)/8), k = distinct
/// onset patterns of the layers with >= 3 onsets (greedy clusters of Jaccard similarity
/// >= 0.7 on 1/12-beat positions).
///
/// No pulse: both 0.
class RhythmAnalysis {
public:
    explicit RhythmAnalysis(const ScoreNotes& notes);

    const PulseAnalysis& pulse() const { return m_pulse; }
    /// rhythmStability in [0, 1].
    double stability() const { return m_stability; }
    /// rhythmComplexity in [0, 1].
    double complexity() const { return m_complexity; }

    /// Drum group of a GM percussion key: 0 kick, 1 snare/clap, 2 hi-hat, 3 cymbal,
    /// 4 tom, 5 other.
    static int drumGroup(int key);

private:
    PulseAnalysis m_pulse;
    double m_stability = 0.0;
    double m_complexity = 0.0;
};

} // namespace emotrace
