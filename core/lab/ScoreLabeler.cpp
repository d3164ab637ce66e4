#include "lab/ScoreLabeler.h"

#include "lab/ArticulationAnalysis.h"
#include "lab/EmotionCues.h"
#include "lab/HarmonyAnalysis.h"
#include "lab/MelodyAnalysis.h"
#include "lab/PulseAnalysis.h"
#include "lab/RhythmAnalysis.h"
#include "lab/ScoreNotes.h"
#include "lab/TonalityAnalysis.h"
#include "lab/UnitInterval.h"

namespace emotrace {

MidLevelLabels ScoreLabeler::label(const Score& score)
{
    const ScoreNotes notes(score);
    const RhythmAnalysis rhythm(notes);
    const HarmonyAnalysis harmony(notes);
    const TonalityAnalysis tonality(notes);
    const EmotionCues cues(notes, rhythm.pulse());
    MidLevelLabels l;
    l.melodiousness = MelodyAnalysis(notes).melodiousness();
    l.articulation = ArticulationAnalysis(notes).staccatoShare();
    l.rhythmComplexity = rhythm.complexity();
    l.rhythmStability = rhythm.stability();
    l.dissonance = harmony.dissonance();
    l.tonalStability = tonality.stability();
    l.minorness = tonality.minorness(harmony);
    l.arousal = arousalFrom(cues.speed(), cues.loudness(), l.articulation, cues.registerHeight(), l.dissonance);
    l.valence = valenceFrom(l.minorness, cues.speed(), cues.registerHeight(), l.dissonance, l.articulation);
    return l;
}

double ScoreLabeler::melodiousness(const Score& score) { return MelodyAnalysis(ScoreNotes(score)).melodiousness(); }
double ScoreLabeler::articulation(const Score& score) { return ArticulationAnalysis(ScoreNotes(score)).staccatoShare(); }
double ScoreLabeler::rhythmComplexity(const Score& score) { return RhythmAnalysis(ScoreNotes(score)).complexity(); }
double ScoreLabeler::rhythmStability(const Score& score) { return RhythmAnalysis(ScoreNotes(score)).stability(); }
double ScoreLabeler::dissonance(const Score& score) { return HarmonyAnalysis(ScoreNotes(score)).dissonance(); }
double ScoreLabeler::tonalStability(const Score& score) { return TonalityAnalysis(ScoreNotes(score)).stability(); }

double ScoreLabeler::minorness(const Score& score)
{
    const ScoreNotes notes(score);
    return TonalityAnalysis(notes).minorness(HarmonyAnalysis(notes));
}

double ScoreLabeler::arousal(const Score& score) { return label(score).arousal; }
double ScoreLabeler::valence(const Score& score) { return label(score).valence; }

double ScoreLabeler::speedCue(const Score& score)
{
    const ScoreNotes notes(score);
    return EmotionCues(notes, PulseAnalysis(notes)).speed();
}

double ScoreLabeler::loudnessCue(const Score& score)
{
    const ScoreNotes notes(score);
    return EmotionCues(notes, PulseAnalysis(notes)).loudness();
}

double ScoreLabeler::registerCue(const Score& score)
{
    const ScoreNotes notes(score);
    return EmotionCues(notes, PulseAnalysis(notes)).registerHeight();
}

double ScoreLabeler::beatPeriod(const Score& score) { return PulseAnalysis(ScoreNotes(score)).period(); }
double ScoreLabeler::pulseClarity(const Score& score) { return PulseAnalysis(ScoreNotes(score)).clarity(); }
std::vector<double> ScoreLabeler::beats(const Score& score) { return PulseAnalysis(ScoreNotes(score)).beats(); }
int ScoreLabeler::estimatedKey(const Score& score) { return TonalityAnalysis(ScoreNotes(score)).key(); }

double ScoreLabeler::intervalRoughness(int semitones) { return HarmonyAnalysis::intervalRoughness(semitones); }
double ScoreLabeler::timbreHarshness(int program, bool percussion) { return HarmonyAnalysis::timbreHarshness(program, percussion); }

double ScoreLabeler::arousalFrom(double speed, double loudness, double articulation, double registerCue, double dissonance)
{
    return clamp01(0.10 + 0.30 * clamp01(speed) + 0.25 * clamp01(loudness) + 0.12 * clamp01(articulation) + 0.08 * clamp01(registerCue)
                   + 0.15 * clamp01(dissonance));
}

double ScoreLabeler::valenceFrom(double minorness, double speed, double registerCue, double dissonance, double articulation)
{
    return clamp01(0.10 + 0.40 * (1.0 - clamp01(minorness)) + 0.15 * clamp01(speed) + 0.12 * clamp01(registerCue)
                   + 0.15 * (1.0 - clamp01(dissonance)) + 0.08 * (1.0 - clamp01(articulation)));
}

} // namespace emotrace
