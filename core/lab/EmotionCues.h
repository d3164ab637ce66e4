#pragma once

#include "lab/PulseAnalysis.h"
#include "lab/ScoreNotes.h"

namespace emotrace {

/// The performance cues of the arousal and valence rules (ScoreLabeler) besides the
/// mid-level features: speed, loudness and register, each in [0, 1]. A value type
/// computed once on construction; thread: any.
///
/// speed = 0.5 clamp((60/P - 60)/120) + 0.5 density with P the beat period in seconds
/// (PulseAnalysis; 60 bpm -> 0, 180 bpm -> 1) and density = clamp(log2(rate / 0.5)/4),
/// rate = distinct onsets per second of the active span (first onset to last note end,
/// at least 1 s; 0.5/s -> 0, 8/s -> 1); density alone without a pulse. No notes: 0.
/// loudness = clamp(1 + dB/36) of the note-weighted mean of 40 log10(velocity/127) +
/// 40 log10(volume/127) dB (the GM gain law). No notes: 0.
/// register = clamp((mean MIDI pitch - 40)/44) of pitched notes weighted by duration
/// (capped at 2 s): E2 -> 0, C6 -> 1. No pitched notes: 0.5.
class EmotionCues {
public:
    EmotionCues(const ScoreNotes& notes, const PulseAnalysis& pulse);

    double speed() const { return m_speed; }
    double loudness() const { return m_loudness; }
    double registerHeight() const { return m_register; }

private:
    double m_speed = 0.0;
    double m_loudness = 0.0;
    double m_register = 0.5;
};

} // namespace emotrace
