#pragma once

#include <vector>

#include "lab/MidLevelLabels.h"
#include "lab/Score.h"

namespace emotrace {

/// Ground-truth labels of a lab song computed from its notes alone: the seven mid-level
/// perceptual features in the sense of the questions the raters of the Mid-level
/// Perceptual Features data set (Aljanaki & Soleymani 2018) answered, and arousal and
/// valence from an additive cue rule. Part names, stems and the nominal tempo/metre are
/// not read; of a part's settings only the GM program (timbre), percussion flag, CC7
/// volume and detune are, so a score read back from any MIDI file labels the same way. The
/// measures take threshold decisions (30 ms chord grouping, 40 ms beat snapping, grid
/// slots), so MIDI tick rounding (<= 0.52 ms at 120 bpm) can move labels of off-grid
/// scores slightly (worst seen: 0.024); label MidiFile::decode(MidiFile::encode(score)),
/// a fixed point of the round trip, to get exactly what a reader of the file gets.
/// Stateless and pure; thread: any. Cost O(N log N) in notes plus O(T x 300) for the
/// pulse analysis over T = 100 envelope bins per second (measured: a 60 s band score
/// about 1-2 ms, 600 s about 10-20 ms).
///
/// Conventions. All results in [0, 1]; clamp(x) = min(1, max(0, x)). Onsets within
/// 30 ms are one event (chord); "pitched" = parts with percussion == false. Percussion
/// counts for rhythm only (and as noise for timbre, as staccato for articulation).
/// Notes with non-finite times are dropped, durations below 1 ms become 1 ms.
///
/// Pulse analysis (shared by both rhythm features and the speed cue). Onset envelope at
/// 100 Hz: each merged onset adds sqrt(sum of velocity/127 of its notes), linearly split
/// between its two bins, smoothed by a Gaussian of sigma 20 ms. r(L) = normalised
/// autocorrelation of the mean-removed envelope (unbiased, 1 for a strictly periodic
/// one). Beat period P = argmax over L in [0.25, 1.5] s of r(L) * exp(-0.5 log2(L/0.5 s)^2)
/// (tempo preference around 120 bpm, one octave sigma), refined parabolically.
/// clarity = clamp(mean over m = 1..4 of max_{|d|<=m bins} r(m P + d)) (the pulse must
/// hold over a bar; m with m P beyond half the envelope skipped). Beats: Ellis' (2007)
/// dynamic-programming tracker, transition cost 100 ln(interval/P)^2, beats snapped to an
/// onset within 40 ms. support = share of beats with an onset within max(50 ms, 0.1 P).
/// regularity = exp(-(max(0, j - 0.01)/0.05 + max(0, d - 0.01)/0.10)) with j = mean
/// |ln(I[i+1]/I[i])| (beat-to-beat rubato) and d = std ln I (tempo drift) of the beat
/// intervals I. Fewer than 4 distinct onsets, or no positive autocorrelation peak: no
/// pulse (both rhythm features 0).
class ScoreLabeler {
public:
    /// All nine labels (shares one pulse, harmony and key analysis).
    static MidLevelLabels label(const Score& score);

    /// Would you sing along? For each pitched part with >= 4 onset events, its top line
    /// (highest note per event) scores
    ///   quality = 0.35 step + 0.20 repetition + 0.15 phrase + 0.15 pace + 0.15 range*register
    ///   step: mean singability of the intervals within phrases (semitones 0..12 ->
    ///     0.7 1 1 0.9 0.9 0.75 0.3 0.7 0.45 0.45 0.25 0.15 0.45, above an octave 0);
    ///     a phrase ends after an inter-onset interval (IOI) > 1.8 x the line's median IOI
    ///     (a long note or a rest), and lasts to its last onset + 1.8 median IOIs;
    ///   repetition: 0.5 x share of 4-note motifs (3 intervals + 2 IOI ratios rounded in
    ///     octaves) that recur + 0.5 x share of 5-note rhythms (4 IOIs / median, rounded in
    ///     half octaves) that recur (0 under 6 notes);
    ///   phrase: mean phrase length L s: L/1.5 below 1.5 s, 1 to 12 s, then down to 0.3 at 30 s;
    ///   pace: median IOI m s: (m - 0.07)/0.08 below 0.15 s, 1 to 1.2 s, then down to 0 at 3 s;
    ///   range: clamp(1 - (p95 - p5 - 16)/12) semitones; register: 1 for a median pitch in
    ///     MIDI 50..84, falling to 0 one octave outside;
    /// part value = quality x (0.25 + 0.75 monophony) x (0.4 + 0.6 top) x (0.3 + 0.7 coverage)
    /// with monophony = share of single-note events; top = share of line notes with no
    /// other part's event higher and still sounding (an event sounds until the part's next
    /// event, at most 2 s, or its notes' end: the accompaniment's articulation does not
    /// matter); coverage = min(1, phrase time / active span / 0.5).
    /// melodiousness = max over parts. Durations count only where a note outlasts its
    /// part's next event, so staccato playing leaves it unchanged. No pitched part with 4
    /// events: 0.
    static double melodiousness(const Score& score);

    /// How many sounds are staccato? Per pitched note: ratio = duration / min(IOI, 1 s),
    /// IOI = time to the next distinct onset of its part (to the score end for the last);
    /// staccato = clamp((0.9 - ratio)/0.5) (legato >= 90 % of the IOI: 0; <= 40 %: 1).
    /// Percussion hits count as staccato (one-shot sounds) with weight 0.15 per hit.
    /// articulation = weighted mean over notes (= per-part means weighted by note count).
    /// No notes: 0.
    static double articulation(const Score& score);

    /// Is it hard to tap back, hard to find the metre, are there many layers?
    ///   complexity = 0.45 sync + 0.20 irregular + 0.15 layers + 0.20 (1 - clarity)
    /// Layers: each pitched part, and each drum group of percussion parts (kick, snare,
    /// hi-hat, cymbal, tom, other). Every onset is placed in its tracked beat (phase phi in
    /// [0,1)) and snapped to the nearest of 0, 1/4, 1/3, 1/2, 2/3, 3/4, 1 (off-grid beyond
    /// 0.05 beat). Syncopation (Longuet-Higgins & Lee): an onset on 1/2 (level 1) or 1/4,
    /// 3/4, 1/3, 2/3 (level 2) adds its level when its layer has no onset at the next
    /// stronger position (1/2 for 1/4, else the next beat; tolerance max(30 ms, 0.05
    /// beat)); for drum groups other than the kick, a kick there counts too (one player).
    /// An after-beat layer (>= 8 onsets, >= 80 % on 1/2: off-beat hi-hat, skank, oom-pah)
    /// keeps time and adds none. sync = 0.6 clamp(S_max / 0.5) + 0.4 clamp(S_all / 0.5),
    /// S_max = the largest syncopation per onset of a layer with >= 8 onsets, S_all = over
    /// all onsets. irregular = clamp(off-grid share + 2 min(D, T)), D and T = the largest
    /// share of duple (1/4, 1/2, 3/4) and of triplet (1/3, 2/3) onsets in a layer with >= 8
    /// onsets (both at once = polyrhythm; a swing feel alone is not). layers = clamp((k -
    /// 2)/8), k = distinct onset patterns of the layers with >= 3 onsets (greedy clusters
    /// of Jaccard similarity >= 0.7 on 1/12-beat positions). No pulse: 0.
    static double rhythmComplexity(const Score& score);

    /// How easy is it to march along? stability = sqrt(clarity) x (0.5 regularity +
    /// 0.5 support) from the pulse analysis (above). No pulse: 0.
    static double rhythmStability(const Score& score);

    /// Harsh timbre and dissonant intervals?
    ///   dissonance = 0.55 intervals + 0.30 timbre + 0.15 detune
    /// intervals = 1 - exp(-R / 0.4), R = time-weighted mean over the sounding time of the
    /// mean pair roughness of the pitched notes sounding together (intervalRoughness();
    /// a lone note counts 0; major triads give about 0.17, tritones 0.78, clusters 0.89).
    /// timbre = mean timbreHarshness() of the parts weighted by
    /// sounding time (notes capped at 4 s) x volume/127. detune = clamp(D / 15 cents),
    /// D = weighted mean |detune - weighted median detune| of the pitched parts (beating
    /// against the ensemble; a uniform offset of all parts is no dissonance).
    static double dissonance(const Score& score);

    /// How easy is it to find the key, how few modulations? Pitch-class histograms
    /// weighted by sounding time (notes capped at 2 s), correlated (Pearson) with the 24
    /// Krumhansl-Kessler key profiles; windows of 8 s, hop 4 s.
    ///   tonal = 0.35 G + 0.20 L + 0.25 K + 0.20 C
    /// G = clamp((r_best - 0.2)/0.6) of the whole piece; L = the same per window, mean
    /// weighted by window note mass; K = weighted mean of clamp(r_w(global key) / r_w(best
    /// key of window)) (constancy: 1 without modulation); C = 1 - clamp(out-of-scale
    /// share / 0.35) (scale: major, or natural minor plus leading tone, of the global key).
    /// No pitched notes: 0.
    static double tonalStability(const Score& score);

    /// Would accompanying chords be minor?
    ///   keyMode = clamp(0.5 + (best minor-key r - best major-key r) / 0.4)
    ///   minorness = (1 - w) keyMode + w minorTriadTime / (major + minor triad time)
    /// w = 0.5 min(1, triad time / (0.25 sounding time)); a triad sounds when the pitched
    /// sounding set contains root+fifth with only the minor (or only the major) third.
    /// No pitched notes: 0.5 (undecided).
    static double minorness(const Score& score);

    /// Arousal, additive (Eerola, Friberg & Bresin 2013; Gabrielsson & Lindstrom 2010):
    ///   arousal = 0.10 + 0.30 speed + 0.25 loudness + 0.12 articulation + 0.08 register
    ///             + 0.15 dissonance                        (weights sum to 1)
    static double arousal(const Score& score);
    /// Valence, additive, mode strongest:
    ///   valence = 0.10 + 0.40 (1 - minorness) + 0.15 speed + 0.12 register
    ///             + 0.15 (1 - dissonance) + 0.08 (1 - articulation)   (weights sum to 1)
    static double valence(const Score& score);
    /// The rules above on cues in [0, 1] (inputs are clamped).
    static double arousalFrom(double speed, double loudness, double articulation, double registerCue, double dissonance);
    static double valenceFrom(double minorness, double speed, double registerCue, double dissonance, double articulation);

    /// speed = 0.5 clamp((60/P - 60)/120) + 0.5 density with density = clamp(log2(rate /
    /// 0.5)/4), rate = distinct onsets per second of the active span (0.5/s -> 0, 8/s ->
    /// 1); density alone without a pulse.
    static double speedCue(const Score& score);
    /// Note-weighted mean of 40 log10(velocity/127) + 40 log10(volume/127) dB (the GM
    /// gain law), mapped by clamp(1 + dB/36). No notes: 0.
    static double loudnessCue(const Score& score);
    /// clamp((mean pitch - 40)/44) of pitched notes weighted by duration (capped 2 s):
    /// E2 -> 0, C6 -> 1. No pitched notes: 0.5.
    static double registerCue(const Score& score);

    /// Probes of the analysis, for tests and tools.
    /// Beat period P in seconds, 0 without a pulse.
    static double beatPeriod(const Score& score);
    /// Pulse clarity in [0, 1].
    static double pulseClarity(const Score& score);
    /// Tracked beat times, s.
    static std::vector<double> beats(const Score& score);
    /// Best Krumhansl-Kessler key: 0..11 major on that tonic pitch class (0 = C), 12..23
    /// minor (12 = C minor), -1 without pitched notes.
    static int estimatedKey(const Score& score);
    /// Pair roughness of an interval in semitones (interval-class weights m2/M7 1,
    /// M2/m7 0.6, tritone 0.6, m3/M6 0.15, M3/m6 0.1, P4/P5 0.05, unison/octave 0;
    /// x 0.6 beyond an octave, x 0.35 beyond two).
    static double intervalRoughness(int semitones);
    /// Timbre harshness of a GM program in [0, 1]: distortion guitar 1, overdrive 0.8,
    /// charang 0.8, saw lead 0.7, square lead 0.6, ... percussion 0.2, clean timbres 0.
    static double timbreHarshness(int program, bool percussion);
};

} // namespace emotrace
