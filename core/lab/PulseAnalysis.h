#pragma once

#include <vector>

#include "lab/ScoreNotes.h"

namespace emotrace {

/// The pulse of a score: beat period, how clearly it is felt, the tracked beats and how
/// steadily they come. Shared by both rhythm features (RhythmAnalysis) and the speed cue
/// (EmotionCues). Times in seconds.
///
/// Onset envelope at 100 Hz: each merged onset adds sqrt(sum of velocity/127 of its
/// notes), linearly split between its two bins (so the envelope moves continuously with
/// onset times and a MIDI round trip changes nothing), smoothed by a Gaussian of sigma
/// 20 ms. r(L) = normalised autocorrelation of the mean-removed envelope (unbiased, 1 for a
/// strictly periodic one). Beat period P = argmax over L in [0.25, 1.5] s of
/// r(L) * exp(-0.5 log2(L/0.5 s)^2) (tempo preference around 120 bpm, one octave sigma,
/// picks the beat among metrical levels), refined parabolically.
/// clarity = clamp(mean over m = 1..4 of max_{|d|<=m bins} r(m P + d)) (the pulse must
/// hold over a bar; m with m P beyond half the envelope skipped). Beats: Ellis' (2007)
/// dynamic-programming tracker, transition cost 100 ln(interval/P)^2, beats snapped to an
/// onset within 40 ms. support = share of beats with an onset within max(50 ms, 0.1 P).
/// regularity = exp(-(max(0, j - 0.01)/0.05 + max(0, d - 0.01)/0.10)) with j = mean
/// |ln(I[i+1]/I[i])| (beat-to-beat rubato) and d = std ln I (tempo drift) of the beat
/// intervals I (0 under 3 beats). Fewer than 4 distinct onsets, or no positive
/// autocorrelation peak: no pulse (valid() false, everything 0).
///
/// A value type computed once on construction; thread: any. Cost O(N) in onsets plus
/// O(T x 300) over T = 100 envelope bins per second.
class PulseAnalysis {
public:
    /// Hz: rate of the onset envelope (10 ms bins).
    static constexpr double kEnvelopeRate = 100.0;

    explicit PulseAnalysis(const ScoreNotes& notes);

    /// Whether there is a pulse at all.
    bool valid() const { return m_valid; }
    /// Beat period P, s; 0 without a pulse.
    double period() const { return m_period; }
    /// 60 / P, beats per minute; 0 without a pulse.
    double tempoBpm() const { return m_valid ? 60.0 / m_period : 0.0; }
    /// Pulse clarity in [0, 1].
    double clarity() const { return m_clarity; }
    /// Steadiness of the beat intervals in [0, 1].
    double regularity() const { return m_regularity; }
    /// Share of tracked beats that fall on an onset, [0, 1].
    double support() const { return m_support; }
    /// Tracked beat times, s, ascending.
    const std::vector<double>& beats() const { return m_beats; }

private:
    bool m_valid = false;
    double m_period = 0.0;
    double m_clarity = 0.0;
    double m_regularity = 0.0;
    double m_support = 0.0;
    std::vector<double> m_beats;
};

} // namespace emotrace
