#pragma once

#include <cstdint>

#include "lab/ComposerControls.h"
#include "lab/Score.h"

namespace emotrace {

/// Writes a multi-part score (lead melody, chords, bass, drums, and style-dependent
/// other parts: strings, pads, guitar, brass, choir) from a seed and ComposerControls.
///
/// Styles (tempo ranges in bpm, drawn unless the controls fix the tempo):
///   ballad 60-80, march 104-124, dance 118-130, jazz 96-160 (swing), ambient 60-84 (no
///   drums), hip-hop 80-96 (light swing, boom-bap), chorale 60-80 (no drums), film 70-110;
///   rock 100-150: overdriven/distortion guitar (GM 29/30) power chords, electric bass
///   (33/34) in eighths, backbeat with crashes and fills, an organ/clean guitar/string
///   layer holding the thirds, mixolydian bVII;
///   metal 130-200: distortion guitar (mostly GM 30) chugging in eighths, gallops or
///   sixteenths by density, double kick in sixteenths, snare on 2 and 4 (half time above
///   170 bpm), i-bVI-bVII and phrygian bII progressions whose mode is the minorness
///   control's, strings/choir/pads on top, no swing;
///   electronic 124-145: four on the floor on every beat, off-beat open hats, synth bass
///   (38/39/87) in off-beat eighths or sixteenths, gated chords, saw/square leads (81/80),
///   chorused supersaw pads, every third phrase a build-up (snare roll doubling each bar,
///   crescendo) into a drop;
///   folk 90-130, 4/4 or 3/4 (40 %): strummed acoustic guitar (24/25, down/up strokes),
///   fiddle, flute or accordion lead (40/73/21) or a singer, acoustic bass (32) on root
///   and fifth, tambourine and shaker or (45 %) no drums, harp/banjo picking;
///   solo-piano 50-110, 4/4 or 3/4 (25 %): piano only (GM 0/1, every part on the piano
///   stem): right-hand melody, left-hand bass and block/broken/Alberti chords, no drums,
///   rubato through the rhythm-stability control;
///   orchestral: slow 60-80 (sustained strings, horn chorale) or battle 120-160 (string
///   ostinati 48/49, brass stabs 61/57/60, bass drum, toms and snare rolls), pitched
///   timpani (47), woodwinds (68/71/73), a soft-to-climax dynamic arc.
/// Every style honours every control the same way (mode mixture, modulation and atonal
/// bars, sevenths/clusters/tritones/detune/harsh guitar, drift/metre changes/dropouts,
/// syncopation/polyrhythm/layers, staccato share, melody, loudness, register, density),
/// since the labels are computed from the notes.
///
/// Humanisation (ComposerControls::humanize) moves onsets, velocities and lengths by
/// hashes of (seed, part, beat position, pitch), so it is the same for a seed and leaves
/// every other aspect's random draws alone; at 0 the score is exactly what the composer
/// wrote before the control existed.
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
