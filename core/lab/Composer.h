#pragma once

#include <cstdint>

#include "lab/ComposerControls.h"
#include "lab/Score.h"

namespace emotrace {

/// Writes a multi-part score (lead melody, chords, bass, drums, and style-dependent
/// other parts: strings, pads, guitar, brass, choir) from a seed and ComposerControls.
///
/// Determinism and independence: every musical aspect draws from its own random stream
/// (seeded from the seed and the aspect), and every probabilistic choice compares a
/// pre-drawn uniform with a control, so for a fixed seed raising one control only ever
/// adds more of its own property (more minor chords, more staccato notes, more clusters,
/// ...) and leaves the other aspects' draws untouched.
///
/// Stems: the lead goes to "vocals" when it is sung by a GM voice patch (choir aahs,
/// voice oohs, synth voice), else to "other"; piano-family chords to "piano"; the bass
/// to "bass"; the drum kit to "drums"; everything else to "other".
/// Stateless; thread-safe.
class Composer {
public:
    /// What the composer decided beyond the notes (for tests and planted-cause songs).
    struct Decisions {
        int tonic = 0;          ///< pitch class of the home key (before any modulation)
        double tempo = 120.0;   ///< beats per minute
        bool sungLead = false;  ///< the lead is a voice patch (vocals stem)
    };

    /// Throws emotrace::Error when the controls are out of range. decisions, when given,
    /// receives the key, tempo and lead choice.
    static Score compose(const ComposerControls& controls, std::uint64_t seed, Decisions* decisions = nullptr);
};

} // namespace emotrace
