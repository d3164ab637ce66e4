#pragma once

#include <string>
#include <vector>

#include "vocab/Stem.h"

namespace emotrace {

/// One note: times in seconds from the start of the score (performance time, so rubato
/// and tempo drift are in the onsets themselves), MIDI pitch and velocity.
struct Note {
    double onset = 0.0;    ///< s
    double duration = 0.0; ///< s, > 0
    int pitch = 60;        ///< MIDI note number 0..127 (for percussion: the GM drum key)
    int velocity = 90;     ///< 1..127
    bool operator==(const Note&) const = default;
};

/// One instrument part of a score: a GM program on its own MIDI channel, rendered to one
/// stem. Mixing parameters (gain, pan, reverb, chorus, detune) belong to the part so
/// that MIDI files carry them (controllers 7, 10, 91, 93 and a pitch bend).
struct Part {
    std::string name;          ///< "lead", "chords", "bass", "drums", "strings", ...
    Stem stem = Stem::Other;
    int program = 0;           ///< GM program 0..127 (ignored for percussion)
    bool percussion = false;   ///< GM drum kit on MIDI channel 10
    int volume = 100;          ///< MIDI CC 7, 0..127
    int pan = 64;              ///< MIDI CC 10, 0 left .. 127 right
    int reverb = 40;           ///< MIDI CC 91 send, 0..127
    int chorus = 0;            ///< MIDI CC 93 send, 0..127
    double detuneCents = 0.0;  ///< constant pitch bend, -100..100 cents (bend range 2 semitones)
    std::vector<Note> notes;   ///< sorted by onset
    bool operator==(const Part&) const = default;
};

/// A multi-part score in performance time. Tempo and metre are informational (the
/// nominal tempo the composer used); analysis works from the notes themselves, so a
/// score read from any MIDI file is labelled the same way as a composed one.
struct Score {
    std::vector<Part> parts;
    double durationSeconds = 0.0; ///< end of the piece (>= last note off)
    double nominalTempo = 120.0;  ///< beats per minute
    int beatsPerBar = 4;
    bool operator==(const Score&) const = default;
};

} // namespace emotrace
