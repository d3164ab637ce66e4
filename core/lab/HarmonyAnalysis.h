#pragma once

#include "lab/ScoreNotes.h"

namespace emotrace {

/// What sounds together: interval roughness and triads over the pitched sounding set,
/// and dissonance from roughness, harsh timbres and detuning. Times in seconds, pitches
/// MIDI. A value type computed once on construction (one sweep over note starts and
/// ends; between two boundaries the sounding set is constant); thread: any.
///
/// dissonance — harsh timbre and dissonant intervals?
///   dissonance = 0.55 intervals + 0.30 timbre + 0.15 detune
/// intervals = 1 - exp(-R / 0.4), R = roughness(): the time-weighted mean over the
/// sounding time of the mean pair roughness of the pitched notes sounding together
/// (intervalRoughness(); a lone note counts 0; major triads give about 0.17, tritones
/// 0.78, clusters 0.89). timbre = mean timbreHarshness() of the parts weighted by
/// sounding time (notes capped at 4 s, so one drone does not outweigh a band) x
/// volume/127. detune = clamp(D / 15 cents), D = weighted mean |detune - weighted median
/// detune| of the pitched parts (beating against the ensemble; a uniform offset of all
/// parts is no dissonance).
///
/// Triads (for TonalityAnalysis::minorness()): a triad sounds when the pitched sounding
/// set contains root+fifth with only the minor (or only the major) third.
class HarmonyAnalysis {
public:
    explicit HarmonyAnalysis(const ScoreNotes& notes);

    /// s with at least one pitched note sounding.
    double soundingTime() const { return m_soundingTime; }
    /// Time-weighted mean pair roughness R (>= 0).
    double roughness() const { return m_roughness; }
    /// s with a major (and no minor) triad sounding.
    double majorTriadTime() const { return m_majorTime; }
    /// s with a minor (and no major) triad sounding.
    double minorTriadTime() const { return m_minorTime; }
    /// dissonance in [0, 1].
    double dissonance() const { return m_dissonance; }

    /// Pair roughness of two pitches |semitones| apart: an interval-class weight after
    /// the classical consonance ranking (m2/M7 1, M2/m7 0.6, tritone 0.6, m3/M6 0.15,
    /// M3/m6 0.1, P4/P5 0.05, unison/octave 0), x 0.6 beyond an octave, x 0.35 beyond two
    /// (spread intervals beat less).
    static double intervalRoughness(int semitones);
    /// Timbre harshness of a GM program in [0, 1] (noise, distortion, buzzy spectra):
    /// distortion guitar 1, overdrive 0.8, charang 0.8, saw lead 0.7, square lead 0.6, ...
    /// percussion 0.2, clean timbres 0.
    static double timbreHarshness(int program, bool percussion);

private:
    /// Fills the sounding time, roughness and triad times.
    void sweep(const ScoreNotes& notes);

    double m_soundingTime = 0.0;
    double m_roughness = 0.0;
    double m_majorTime = 0.0;
    double m_minorTime = 0.0;
    double m_dissonance = 0.0;
};

} // namespace emotrace
