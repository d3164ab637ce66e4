#pragma once

#include <cstddef>
#include <vector>

#include "lab/Score.h"

namespace emotrace {

/// A score's notes cleaned, sorted and grouped once; every score analysis reads from
/// here. Notes with non-finite times are dropped, durations below 1 ms become 1 ms,
/// pitch is clamped to MIDI 0..127 and velocity to 1..127. Onsets within
/// kChordTolerance are one event (chord, flam). Of a part's settings only the GM program,
/// percussion flag, CC7 volume and detune are kept: names, stems and the nominal
/// tempo/metre never reach an analysis. A value type (holds no reference into the
/// Score); thread: any.
class ScoreNotes {
public:
    /// s: onsets this close are one event.
    static constexpr double kChordTolerance = 0.03;

    /// One cleaned note: times in seconds from the start of the score.
    struct NoteSpan {
        double on = 0.0;  ///< s, onset
        double off = 0.0; ///< s, end (> on)
        int pitch = 60;   ///< MIDI note number 0..127 (percussion: the GM drum key)
        int velocity = 90; ///< 1..127
        int part = 0;     ///< index into parts()
    };

    /// One part's notes and the settings the analyses read.
    struct PartNotes {
        int program = 0;            ///< GM program 0..127
        bool percussion = false;    ///< GM drum kit
        int volume = 100;           ///< MIDI CC 7 as written (clamp before use)
        double detuneCents = 0.0;   ///< as written (may be non-finite)
        std::vector<NoteSpan> notes;     ///< sorted by onset, then pitch
        std::vector<double> groupOnsets; ///< s, distinct onsets (chords merged)
    };

    explicit ScoreNotes(const Score& score);

    /// Distinct onsets (s) of notes sorted by onset: a note within kChordTolerance of the
    /// previous distinct onset joins it.
    static std::vector<double> groupOnsets(const std::vector<NoteSpan>& sorted);

    const std::vector<PartNotes>& parts() const { return m_parts; }
    /// All non-percussion notes, sorted by onset.
    const std::vector<NoteSpan>& pitched() const { return m_pitched; }
    /// Distinct onsets over all parts, s (merged within kChordTolerance).
    const std::vector<double>& onsets() const { return m_onsets; }
    /// Per distinct onset: sum of velocity/127 of its notes.
    const std::vector<double>& onsetMass() const { return m_onsetMass; }
    /// First onset, s (0 without notes).
    double first() const { return m_first; }
    /// Latest note end, s.
    double last() const { return m_last; }
    /// End of the piece, s: max(Score::durationSeconds, last()).
    double end() const { return m_end; }

private:
    std::vector<PartNotes> m_parts;
    std::vector<NoteSpan> m_pitched;
    std::vector<double> m_onsets;
    std::vector<double> m_onsetMass;
    double m_first = 0.0;
    double m_last = 0.0;
    double m_end = 0.0;
};

} // namespace emotrace
