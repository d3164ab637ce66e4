#pragma once

#include <optional>
#include <string>

#include "evaluation/InstrumentSoundMeasures.h"
#include "vocab/Stem.h"

namespace emotrace {

/// Decides which of the five stems an instrument of a tracker module belongs to, first by
/// its name, else by its sound. The rule:
///
/// 1. Name. The name is lower-cased and cut into words at every character that is not a
///    letter ("BD-1" → "bd", "e.piano" → "e", "piano"). A word names a stem when it equals
///    one of the stem's whole-word keywords or starts with one of its prefix keywords;
///    stems are tried in the order drums, bass, piano, vocals, so "bass drum" is a drum.
///      drums   prefixes kick snare drum bassdrum perc clap cymb crash hihat;
///              words hat hats hh ride tom toms bd sd
///      bass    prefix bass (not "bassoon"); word bas
///      piano   prefixes piano epiano rhodes; words pno key keys
///      vocals  prefixes voc vox voice choir; words aah ooh sing
///    Whole words for the short keywords keep them from matching inside other words
///    ("tomatoes" is no tom, "basic" no bass).
/// 2. Sound, from the instrument rendered alone (InstrumentSoundMeasures) and the number
///    of distinct notes the module plays it at:
///      drums  when its spectral centroid is ≥ kBrightHz (3 kHz): hats, cymbals, snares
///             (no melodic instrument of the Debian modules is above 1.9 kHz);
///      drums  when it is played at ≤ kDrumMaxNotes (2) distinct notes with at least 2
///             onsets whose median decay to −20 dB is ≤ kDrumMaxDecayMs (400 ms) and at
///             least kDrumMinDecayedShare (half) of which die away by those 20 dB before
///             the next onset: a short hit at a fixed pitch (kick, snare, tom), not a held
///             note cut short by the next one;
///      bass   when at least kBassMinLowShare (50 %) of its power lies below 200 Hz;
///      other  otherwise.
///    Sound alone cannot tell vocals or piano from other melodic instruments, so those two
///    stems are only ever chosen by name.
/// The reason string says which rule fired and with which values. Stateless; any thread.
class StemGroupingRule {
public:
    static constexpr double kBrightHz = 3000.0;
    static constexpr int kDrumMaxNotes = 2;
    static constexpr double kDrumMaxDecayMs = 400.0;
    static constexpr double kDrumMinDecayedShare = 0.5;
    static constexpr double kBassMinLowShare = 0.5;

    struct Decision {
        Stem stem = Stem::Other;
        std::string reason; ///< e.g. "name: 'snare'", "sound: bright, centroid 5098 Hz >= 3000 Hz"
    };

    /// Rule 1 alone: the stem the name points to, if any.
    static std::optional<Decision> byName(const std::string& name);
    /// Rule 2 alone.
    static Decision bySound(const InstrumentSoundMeasures& sound, int distinctNotes);
    /// Rule 1, else rule 2.
    static Decision decide(const std::string& name, const InstrumentSoundMeasures& sound, int distinctNotes);
};

} // namespace emotrace
