#pragma once

#include <array>

#include "lab/HarmonyAnalysis.h"
#include "lab/ScoreNotes.h"

namespace emotrace {

/// Key finding on the pitched notes: the global key, how stable the tonality is, and
/// (with the triads of a HarmonyAnalysis) how minor the music is. Pitch-class histograms
/// weighted by sounding time in seconds (notes capped at 2 s), correlated (Pearson) with
/// the 24 Krumhansl-Kessler (1982) key profiles; windows of 8 s, hop 4 s. A value type
/// computed once on construction; thread: any.
///
/// tonalStability — how easy is it to find the key, how few modulations?
///   tonal = 0.35 G + 0.20 L + 0.25 K + 0.20 C
/// G = clamp((r_best - 0.2)/0.6) of the whole piece; L = the same per window, mean
/// weighted by window note mass; K = weighted mean of clamp(r_w(global key) / r_w(best
/// key of window)) (constancy: 1 without modulation); C = 1 - clamp(out-of-scale
/// share / 0.35) (scale: major, or natural minor plus leading tone, of the global key).
/// No pitched notes: 0.
///
/// minorness — would accompanying chords be minor?
///   keyMode = clamp(0.5 + (best minor-key r - best major-key r) / 0.4)
///   minorness = (1 - w) keyMode + w minorTriadTime / (major + minor triad time)
/// w = 0.5 min(1, triad time / (0.25 sounding time)) (HarmonyAnalysis). No triads:
/// keyMode. No pitched notes: 0.5 (undecided).
class TonalityAnalysis {
public:
    /// Key index: 0..11 major on that tonic pitch class (0 = C), 12..23 minor (12 = C minor).
    using KeyCorrelations = std::array<double, 24>;
    /// Weight per pitch class 0..11 (0 = C).
    using Histogram = std::array<double, 12>;

    explicit TonalityAnalysis(const ScoreNotes& notes);

    /// Whether there are pitched notes at all.
    bool valid() const { return m_valid; }
    /// Best key of the whole piece (see KeyCorrelations), -1 without pitched notes.
    int key() const { return m_key; }
    /// Pearson r of the whole piece with each key; all 0 without pitched notes.
    const KeyCorrelations& correlations() const { return m_global; }
    /// tonalStability in [0, 1].
    double stability() const { return m_stability; }
    /// minorness in [0, 1], from the key mode and the triads of harmony (of the same notes).
    double minorness(const HarmonyAnalysis& harmony) const;

    /// Pearson correlation of a pitch-class histogram with the 24 key profiles; all 0 for
    /// a flat or empty histogram.
    static KeyCorrelations keyCorrelations(const Histogram& histogram);
    /// Whether pitch class pc is in the scale of key: the major scale, or the natural
    /// minor plus the leading tone.
    static bool inScale(int key, int pc);

private:
    bool m_valid = false;
    int m_key = -1;
    KeyCorrelations m_global{};
    double m_stability = 0.0;
};

} // namespace emotrace
