#pragma once

#include <nlohmann/json_fwd.hpp>

#include "lab/Score.h"
#include "vocab/MidLevelLabels.h"

namespace emotrace {

/// What a listener hears of a produced song's energy, measured on its audio after peak
/// normalisation (the model's front end sees the same): each cue in [0, 1]. A value type.
///   intensity  = clamp((rmsDb + 22) / 12), rmsDb the mix's RMS in dBFS after peak
///                normalisation to 0 dBFS: a dynamic, sparse mix (-22 dB) -> 0, a dense,
///                brick-walled one (-10 dB) -> 1. Compression, limiting, density and
///                sustained parts raise it; MIDI gain alone does not.
///   brightness = clamp(log2(centroidHz / 250) / 3): 250 Hz -> 0, 2 kHz -> 1.
///   percussive = clamp(sqrt(drumShare / 0.4)), drumShare the drum stem's share of the
///                stems' summed energy (0..1): the square root because a drum kit is
///                heard well before it holds much of the energy (2 % -> 0.22, 10 % ->
///                0.5, 40 % -> 1).
/// The ranges were set on a pilot of 24 realistic-lab songs so that each cue spans most
/// of [0, 1] over the styles.
struct HeardCues {
    double intensity = 0.0;
    double brightness = 0.0;
    double percussive = 0.0;
    double rmsDb = -100.0;     ///< dBFS after peak normalisation (input of intensity)
    double centroidHz = 0.0;   ///< energy-weighted mean spectral centroid (input of brightness)
    double drumShare = 0.0;    ///< input of percussive

    /// From the three measurements, applying the mappings above.
    static HeardCues from(double rmsDb, double centroidHz, double drumShare);
    nlohmann::json toJson() const;
};

/// Arousal and valence of the realistic lab (issue 10): every input is something a
/// listener hears in the produced audio, none is a MIDI gain or a mixing level that peak
/// normalisation hides. Score cues (EmotionCues via ScoreLabeler): speed (tempo and onset
/// rate), register; mid-level labels: articulation, dissonance, minorness; HeardCues:
/// intensity, brightness, percussive share.
///
///   arousal = 0.30 speed + 0.25 intensity + 0.20 percussive + 0.10 brightness
///             + 0.08 articulation + 0.07 dissonance                     (weights sum to 1)
///   valence = 0.10 + 0.45 (1 - minorness) + 0.15 speed + 0.12 register
///             + 0.18 (1 - dissonance)                                   (weights sum to 1)
///
/// Valence reads the score only: production changes how energetic a song sounds, not
/// whether it is in a major or minor key. The seven mid-level labels are
/// ScoreLabeler's, unchanged (a production chain never moves them). Stateless; thread: any.
class PerceivedEmotion {
public:
    static double arousal(double speed, double articulation, double dissonance, const HeardCues& heard);
    static double valence(double minorness, double speed, double registerCue, double dissonance);
    /// ScoreLabeler's labels of the score with arousal and valence replaced by the rules above.
    static MidLevelLabels label(const Score& score, const HeardCues& heard);
};

} // namespace emotrace
