#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace emotrace {

/// Broad musical styles the composer writes in; each sets tempo range, metre feel,
/// drum pattern, instrumentation and accompaniment figure (Composer.h lists them).
/// New styles are appended: the values of the older ones never change, so stored
/// controls and corpora keep their meaning.
enum class Style { Ballad, March, Dance, Jazz, Ambient, HipHop, Chorale, Film, Rock, Metal, Electronic, Folk, SoloPiano, Orchestral };

/// Lowercase name as stored in JSON and given on the command line: "ballad", "march",
/// "dance", "jazz", "ambient", "hiphop", "chorale", "film", "rock", "metal",
/// "electronic", "folk", "solo-piano", "orchestral".
const char* styleName(Style style);
/// Throws emotrace::Error for an unknown name (lists the valid ones).
Style styleFromName(const std::string& name);
/// Every style in enum order.
const std::vector<Style>& allStyles();

/// The composer's knobs. Each mid-level knob is built to move its own quality as
/// independently as music allows; all are in [0, 1] unless stated. A value type.
struct ComposerControls {
    Style style = Style::Ballad;
    double durationSeconds = 30.0; ///< 10..60 s
    double tempo = 0.0;            ///< beats per minute; 0 = drawn from the style's range
    double minorness = 0.0;        ///< share of chords taken from the parallel minor (0 major .. 1 minor)
    double tonalStability = 1.0;   ///< 1 one key, diatonic .. 0 modulations, chromaticism, atonal bars
    double dissonance = 0.0;       ///< 0 triads .. 1 sevenths, clusters, tritones, detuning, harsh timbres
    double rhythmStability = 1.0;  ///< 1 steady tempo and metre .. 0 rubato, drift, metre changes, dropouts
    double rhythmComplexity = 0.0; ///< 0 straight .. 1 syncopation, polyrhythm, many rhythmic layers
    double staccato = 0.0;         ///< share of notes played short (articulation)
    double melodiousness = 1.0;    ///< 1 singable, stepwise, phrased melody .. 0 no melody / random leaps
    double loudness = 0.6;         ///< dynamics: note velocities
    double registerShift = 0.0;    ///< -1 low .. +1 high (about an octave either way)
    double density = 0.5;          ///< notes per beat of the accompaniment
    /// Humanised playing: 0 machine-exact (onsets where the composer puts them, on the
    /// beat grid when rhythm stability is 1; velocities and lengths as written) .. 1 a
    /// loose live player. With sigma = humanize x the style's looseness (2 ms electronic,
    /// 3 metal/dance, 4 march, 5 rock, 6 ballad/hip-hop/film, 7 chorale/folk/orchestral,
    /// 8 jazz/ambient/solo piano; never above 8 ms), onsets move by a beat-shared
    /// "drummer" deviation (sd 0.4 sigma), a per-part one (sd 0.75 sigma, bass 0.6, none
    /// for the drums, which hold the grid), a per-note spread within a chord (sd 0.25
    /// sigma, drums 0.15) and a constant per-part lean (up to +-0.3 sigma), each clipped
    /// at 2 sd: a drum onset moves with sd <= 3.5 ms, any other with sd <= 7.2 ms and by
    /// at most 25 ms, and two parts' notes on one beat stay within about 30 ms of each
    /// other (folk strums also sweep their strings 2.5 ms apart around the stroke: still
    /// sd <= 8 ms). That keeps what the labeler's 30 ms chord grouping and 40 ms beat
    /// snapping see (chords, beats, tempo) while the notes leave the grid. Velocities
    /// (steps, x humanize): metric accents (downbeat +7, mid-bar +3, off-beat eighths -3,
    /// sixteenths -5), on hi-hats, ride, shaker and tambourine instead a drummer's pattern
    /// over the four sixteenths of a beat (+6, -6, -2, -8, each +-2 per song), plus noise
    /// (sd 4). Legato notes hold 90..99 % of their span, short notes vary in length but
    /// stay under 40 %, so the articulation label keeps its meaning. The deviations are
    /// hashes of the seed and the note's place: the same seed, the same performance, and
    /// no other aspect's draws move. 0 reproduces the scores written before this control
    /// existed.
    double humanize = 0.0;

    /// Controls drawn at random for a seed (style too unless given, uniformly over all
    /// styles): the lab's corpus. Deterministic per seed; humanize is drawn in 0.3..1.
    /// Metal leans minor (minorness m drawn as for every style, then 1 - (1 - m)^2).
    static ComposerControls random(std::uint64_t seed, std::optional<Style> style = std::nullopt);
    /// The first lab's draw (the classic lab, emotrace-lab-v1's corpus): the style among
    /// the first kClassicStyleCount styles, humanize 0, no minor lean; the same controls
    /// for a seed as before the realistic lab existed, so old corpora reproduce exactly.
    static ComposerControls classic(std::uint64_t seed, std::optional<Style> style = std::nullopt);
    static constexpr std::size_t kClassicStyleCount = 8; ///< Ballad .. Film

    nlohmann::json toJson() const;
    /// Missing keys keep their defaults; throws emotrace::Error on bad values.
    static ComposerControls fromJson(const nlohmann::json& json);
    /// Throws emotrace::Error when a value is out of range (names the control).
    void validate() const;
};

} // namespace emotrace
