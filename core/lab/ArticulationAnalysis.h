#pragma once

#include "lab/ScoreNotes.h"

namespace emotrace {

/// articulation — how many sounds are staccato? Per pitched note:
/// ratio = duration / min(IOI, 1 s), IOI = time in seconds to the next distinct onset of
/// its part (to the score end for the last); staccato = clamp((0.9 - ratio)/0.5) (legato
/// >= 90 % of the IOI: 0; <= 40 %: 1). Percussion hits count as staccato (one-shot sounds
/// whatever their MIDI length) with weight 0.15 per hit. articulation = weighted mean over
/// notes (= per-part means weighted by note count). No notes: 0.
/// A value type computed once on construction; thread: any.
class ArticulationAnalysis {
public:
    explicit ArticulationAnalysis(const ScoreNotes& notes);

    /// articulation (weighted staccato share) in [0, 1].
    double staccatoShare() const { return m_staccatoShare; }

private:
    double m_staccatoShare = 0.0;
};

} // namespace emotrace
