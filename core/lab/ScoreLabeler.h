#pragma once

#include <vector>

#include "vocab/MidLevelLabels.h"
#include "lab/Score.h"

namespace emotrace {

/// Ground-truth labels of a lab song computed from its notes alone: the seven mid-level
/// perceptual features in the sense of the questions the raters of the Mid-level
/// Perceptual Features data set (Aljanaki & Soleymani 2018) answered, and arousal and
/// valence from an additive cue rule. A thin composition of the score analyses, each of
/// which documents its formulas:
///   ScoreNotes           cleaning, sorting, chord grouping (30 ms) shared by all;
///   PulseAnalysis        beat period, pulse clarity, beat tracking;
///   RhythmAnalysis       rhythmStability, rhythmComplexity (syncopation, grid, layers);
///   HarmonyAnalysis      dissonance (interval roughness, harsh timbres, detune), triads;
///   TonalityAnalysis     key finding, tonalStability, minorness (with the triads);
///   MelodyAnalysis       melodiousness of the top lines;
///   ArticulationAnalysis articulation (staccato share);
///   EmotionCues          speed, loudness and register cues of the rules below.
/// Part names, stems and the nominal tempo/metre are not read; of a part's settings only
/// the GM program (timbre), percussion flag, CC7 volume and detune are, so a score read
/// back from any MIDI file labels the same way. The measures take threshold decisions
/// (30 ms chord grouping, 40 ms beat snapping, grid slots), so MIDI tick rounding
/// (<= 0.52 ms at 120 bpm) can move labels of off-grid scores slightly (worst seen:
/// 0.024); label MidiFile::decode(MidiFile::encode(score)), a fixed point of the round
/// trip, to get exactly what a reader of the file gets.
///
/// Conventions. All results in [0, 1]; clamp(x) = min(1, max(0, x)). Times in seconds,
/// pitches MIDI note numbers. "pitched" = parts with percussion == false. Percussion
/// counts for rhythm only (and as noise for timbre, as staccato for articulation).
///
/// Stateless and pure; thread: any. Cost O(N log N) in notes plus O(T x 300) for the
/// pulse analysis over T = 100 envelope bins per second (measured: a 60 s band score
/// about 1-2 ms, 600 s about 10-20 ms). The single-feature functions below run only the
/// analyses their feature needs.
class ScoreLabeler {
public:
    /// All nine labels (one pass of each analysis).
    static MidLevelLabels label(const Score& score);

    /// MelodyAnalysis::melodiousness().
    static double melodiousness(const Score& score);
    /// ArticulationAnalysis::staccatoShare().
    static double articulation(const Score& score);
    /// RhythmAnalysis::complexity().
    static double rhythmComplexity(const Score& score);
    /// RhythmAnalysis::stability().
    static double rhythmStability(const Score& score);
    /// HarmonyAnalysis::dissonance().
    static double dissonance(const Score& score);
    /// TonalityAnalysis::stability().
    static double tonalStability(const Score& score);
    /// TonalityAnalysis::minorness() with the score's HarmonyAnalysis.
    static double minorness(const Score& score);

    /// The classic lab's emotion rules below read the score only, MIDI gain included,
    /// which the model's peak-normalised front end cannot perceive. The realistic lab
    /// (issue 10; LabSongSpec::production) labels arousal and valence with
    /// PerceivedEmotion instead, whose every input is heard after peak normalisation:
    ///   arousal = 0.30 speed + 0.25 intensity + 0.20 percussive + 0.10 brightness
    ///             + 0.08 articulation + 0.07 dissonance
    ///   valence = 0.10 + 0.45 (1 - minorness) + 0.15 speed + 0.12 register
    ///             + 0.18 (1 - dissonance)
    /// with intensity, brightness and percussive measured on the produced audio (RMS after
    /// peak normalisation, spectral centroid, drum energy share; see PerceivedEmotion.h).
    ///
    /// Arousal, additive (Eerola, Friberg & Bresin 2013; Gabrielsson & Lindstrom 2010):
    ///   arousal = 0.10 + 0.30 speed + 0.25 loudness + 0.12 articulation + 0.08 register
    ///             + 0.15 dissonance                        (weights sum to 1)
    /// with speed, loudness and register from EmotionCues.
    static double arousal(const Score& score);
    /// Valence, additive, mode strongest:
    ///   valence = 0.10 + 0.40 (1 - minorness) + 0.15 speed + 0.12 register
    ///             + 0.15 (1 - dissonance) + 0.08 (1 - articulation)   (weights sum to 1)
    static double valence(const Score& score);
    /// The rules above on cues in [0, 1] (inputs are clamped).
    static double arousalFrom(double speed, double loudness, double articulation, double registerCue, double dissonance);
    static double valenceFrom(double minorness, double speed, double registerCue, double dissonance, double articulation);

    /// EmotionCues::speed().
    static double speedCue(const Score& score);
    /// EmotionCues::loudness().
    static double loudnessCue(const Score& score);
    /// EmotionCues::registerHeight().
    static double registerCue(const Score& score);

    /// Probes of the analysis, for tests and tools.
    /// Beat period P in seconds, 0 without a pulse (PulseAnalysis::period()).
    static double beatPeriod(const Score& score);
    /// Pulse clarity in [0, 1] (PulseAnalysis::clarity()).
    static double pulseClarity(const Score& score);
    /// Tracked beat times, s (PulseAnalysis::beats()).
    static std::vector<double> beats(const Score& score);
    /// Best Krumhansl-Kessler key: 0..11 major on that tonic pitch class (0 = C), 12..23
    /// minor (12 = C minor), -1 without pitched notes (TonalityAnalysis::key()).
    static int estimatedKey(const Score& score);
    /// HarmonyAnalysis::intervalRoughness().
    static double intervalRoughness(int semitones);
    /// HarmonyAnalysis::timbreHarshness().
    static double timbreHarshness(int program, bool percussion);
};

} // namespace emotrace
