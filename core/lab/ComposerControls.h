#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace emotrace {

/// Broad musical styles the composer writes in; each sets tempo range, metre feel,
/// drum pattern, instrumentation and accompaniment figure.
enum class Style { Ballad, March, Dance, Jazz, Ambient, HipHop, Chorale, Film };

const char* styleName(Style style);
/// Throws emotrace::Error for an unknown name (lists the valid ones).
Style styleFromName(const std::string& name);
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

    /// Controls drawn at random for a seed (style too unless given): the lab's corpus.
    static ComposerControls random(std::uint64_t seed, std::optional<Style> style = std::nullopt);

    nlohmann::json toJson() const;
    /// Missing keys keep their defaults; throws emotrace::Error on bad values.
    static ComposerControls fromJson(const nlohmann::json& json);
    /// Throws emotrace::Error when a value is out of range (names the control).
    void validate() const;
};

} // namespace emotrace
