#pragma once

#include "lab/ScoreNotes.h"

namespace emotrace {

/// melodiousness — would you sing along? For each pitched part with >= 4 onset events,
/// its top line (highest note per event) scores
///   quality = 0.35 step + 0.20 repetition + 0.15 phrase + 0.15 pace + 0.15 range*register
///   step: mean intervalSingability() of the intervals within phrases; a phrase ends
///     after an inter-onset interval (IOI) > 1.8 x the line's median IOI (a long note or
///     a rest), and lasts to its last onset + 1.8 median IOIs;
///   repetition: 0.5 x share of 4-note motifs (3 intervals + 2 IOI ratios rounded in
///     octaves) that recur + 0.5 x share of 5-note rhythms (4 IOIs / median, rounded in
///     half octaves) that recur (0 under 6 notes);
///   phrase: mean phrase length L s: L/1.5 below 1.5 s, 1 to 12 s, then down to 0.3 at 30 s;
///   pace: median IOI m s: (m - 0.07)/0.08 below 0.15 s, 1 to 1.2 s, then down to 0 at 3 s;
///   range: clamp(1 - (p95 - p5 - 16)/12), semitones; register: 1 for a median MIDI pitch
///     in 50..84, falling to 0 one octave outside;
/// part value = quality x (0.25 + 0.75 monophony) x (0.4 + 0.6 top) x (0.3 + 0.7 coverage)
/// with monophony = share of single-note events; top = share of line notes with no other
/// part's event higher and still sounding (an event sounds until the part's next event,
/// at most 2 s, or its notes' end: the accompaniment's articulation does not matter);
/// coverage = min(1, phrase time / active span / 0.5), seconds over seconds.
/// melodiousness = max over parts. Durations count only where a note outlasts its part's
/// next event, so staccato playing leaves it unchanged. No pitched part with 4 events: 0.
/// A value type computed once on construction; thread: any.
class MelodyAnalysis {
public:
    explicit MelodyAnalysis(const ScoreNotes& notes);

    /// melodiousness in [0, 1].
    double melodiousness() const { return m_melodiousness; }

    /// Singability of a melodic interval in semitones (either direction): 0..12 ->
    /// 0.7 1 1 0.9 0.9 0.75 0.3 0.7 0.45 0.45 0.25 0.15 0.45, above an octave 0.
    static double intervalSingability(int semitones);

private:
    double m_melodiousness = 0.0;
};

} // namespace emotrace
