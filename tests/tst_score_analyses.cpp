// The score analyses behind ScoreLabeler, one by one, on small hand-made scores whose
// answer is known by construction (a steady beat, a major scale, a cluster chord, ...).

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "lab/ArticulationAnalysis.h"
#include "lab/EmotionCues.h"
#include "lab/HarmonyAnalysis.h"
#include "lab/MelodyAnalysis.h"
#include "lab/PulseAnalysis.h"
#include "lab/RhythmAnalysis.h"
#include "lab/ScoreNotes.h"
#include "lab/TonalityAnalysis.h"

#include "Lcg.h"

using namespace emotrace;

namespace {

using test::Lcg;

Part part(int program = 0, bool percussion = false)
{
    Part p;
    p.program = program;
    p.percussion = percussion;
    return p;
}

Score score(std::vector<Part> parts)
{
    Score s;
    for (auto& p : parts) {
        std::sort(p.notes.begin(), p.notes.end(), [](const Note& a, const Note& b) { return a.onset < b.onset; });
        for (const auto& n : p.notes) s.durationSeconds = std::max(s.durationSeconds, n.onset + n.duration);
    }
    s.parts = std::move(parts);
    return s;
}

/// Block chords (MIDI pitch sets), each held `seconds`, the progression played `times`.
Part chords(const std::vector<std::vector<int>>& progression, double seconds = 2.0, int times = 2, int program = 0)
{
    Part p = part(program);
    double t = 0.0;
    for (int r = 0; r < times; ++r)
        for (const auto& chord : progression) {
            for (int pitch : chord) p.notes.push_back({t, 0.98 * seconds, pitch, 80});
            t += seconds;
        }
    return p;
}

/// One note per pitch, every `ioi` seconds, lasting `legato` x ioi.
Part line(const std::vector<int>& pitches, double ioi = 0.5, double legato = 0.95, int velocity = 90)
{
    Part p = part(73);
    for (std::size_t i = 0; i < pitches.size(); ++i) p.notes.push_back({double(i) * ioi, legato * ioi, pitches[i], velocity});
    return p;
}

/// Four-on-the-floor: kick on every beat (60/bpm s) and closed hi-hat on the eighths, `beats` beats.
Part fourOnTheFloor(double bpm = 120.0, int beats = 32)
{
    Part p = part(0, true);
    const double beat = 60.0 / bpm;
    for (int b = 0; b < beats; ++b) {
        p.notes.push_back({b * beat, 0.1, 36, 100});
        p.notes.push_back({b * beat, 0.1, 42, 70});
        p.notes.push_back({(b + 0.5) * beat, 0.1, 42, 70});
    }
    return p;
}

/// The same notes as `steady` with onsets drawn uniformly over its span.
Part randomOnsets(Part steady, std::uint64_t seed)
{
    Lcg rng(seed);
    double span = 0.0;
    for (const auto& n : steady.notes) span = std::max(span, n.onset);
    for (auto& n : steady.notes) n.onset = rng.uniform() * span;
    return steady;
}

/// A singable C major tune: stepwise phrases of quarter notes (0.5 s) ending on a half
/// note and a rest; phrases 1 and 3 repeat.
Part tune()
{
    const std::vector<std::vector<int>> phrases{{60, 62, 64, 65, 67, 65, 64},
                                                {64, 65, 67, 69, 67, 65, 64},
                                                {60, 62, 64, 65, 67, 65, 64},
                                                {65, 64, 62, 64, 62, 60, 60}};
    Part p = part(73);
    double t = 0.0;
    for (const auto& phrase : phrases) {
        for (std::size_t i = 0; i < phrase.size(); ++i) {
            const double len = i + 1 == phrase.size() ? 1.0 : 0.5;
            p.notes.push_back({t, 0.95 * len, phrase[i], 90});
            t += len;
        }
        t += 0.5;
    }
    return p;
}

/// The tune's rhythm with random leaps over three octaves instead of its pitches.
Part leaps(std::uint64_t seed)
{
    Lcg rng(seed);
    Part p = tune();
    for (auto& n : p.notes) n.pitch = 42 + rng.below(40);
    return p;
}

const std::vector<int> kCMajorScale{60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60};
const std::vector<int> kAHarmonicMinorScale{57, 59, 60, 62, 64, 65, 68, 69, 68, 65, 64, 62, 60, 59, 57};
const std::vector<std::vector<int>> kCMajorProgression{{48, 52, 55, 60}, {53, 57, 60, 65}, {55, 59, 62, 67}, {48, 52, 55, 60}};
const std::vector<std::vector<int>> kAMinorProgression{{45, 52, 57, 60}, {50, 53, 57, 62}, {52, 56, 59, 64}, {45, 52, 57, 60}};

Score cMajor() { return score({chords(kCMajorProgression), line(kCMajorScale)}); }
Score aMinor() { return score({chords(kAMinorProgression), line(kAHarmonicMinorScale)}); }

/// "name: a vs b" for failure messages.
QByteArray values(const char* name, double a, double b)
{
    return QByteArray(name) + ": " + QByteArray::number(a, 'g', 6) + " vs " + QByteArray::number(b, 'g', 6);
}

} // namespace

class TestScoreAnalyses : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void notesAreCleanedAndGrouped()
    {
        Part p = part();
        p.notes = {{0.0, 1.0, 60, 90},
                   {0.01, 1.0, 64, 90},      // 10 ms later: same chord
                   {0.5, 0.0, 67, 200},      // zero duration -> 1 ms, velocity clamped
                   {std::numeric_limits<double>::quiet_NaN(), 1.0, 70, 90}}; // dropped
        Part drums = part(0, true);
        drums.notes = {{0.52, 0.1, 36, 100}};
        Score s = score({p, drums});
        s.durationSeconds = 3.0;
        const ScoreNotes notes(s);
        QCOMPARE(notes.parts().size(), std::size_t(2));
        QCOMPARE(notes.parts()[0].notes.size(), std::size_t(3));
        QCOMPARE(notes.parts()[0].groupOnsets, (std::vector<double>{0.0, 0.5}));
        QCOMPARE(notes.parts()[0].notes[2].velocity, 127);
        QVERIFY(std::fabs(notes.parts()[0].notes[2].off - 0.501) < 1e-12);
        QCOMPARE(notes.pitched().size(), std::size_t(3)); // the kick is not pitched
        QCOMPARE(notes.onsets(), (std::vector<double>{0.0, 0.5})); // kick 20 ms after 0.5: merged
        QCOMPARE(notes.onsetMass().size(), std::size_t(2));
        QVERIFY(std::fabs(notes.onsetMass()[1] - (127.0 + 100.0) / 127.0) < 1e-12);
        QCOMPARE(notes.first(), 0.0);
        QCOMPARE(notes.last(), 1.01);
        QCOMPARE(notes.end(), 3.0);
    }

    void tempoOfA120BpmPulseIs120()
    {
        for (double bpm : {120.0, 100.0, 90.0}) {
            const PulseAnalysis pulse(ScoreNotes(score({fourOnTheFloor(bpm)})));
            QVERIFY(pulse.valid());
            QVERIFY2(std::fabs(pulse.tempoBpm() - bpm) < 1.5, values("tempo", pulse.tempoBpm(), bpm).constData());
            QVERIFY(std::fabs(pulse.period() - 60.0 / bpm) < 0.01);
            QVERIFY2(pulse.clarity() > 0.8, values("clarity", pulse.clarity(), 0.8).constData());
            QVERIFY(pulse.regularity() > 0.9);
            QVERIFY(pulse.support() > 0.9);
            // beats one period apart, on the kicks
            const auto& beats = pulse.beats();
            QVERIFY(beats.size() >= 28);
            for (std::size_t i = 1; i < beats.size(); ++i) QVERIFY(std::fabs(beats[i] - beats[i - 1] - 60.0 / bpm) < 0.02);
        }
    }

    void noPulseWithoutOnsets()
    {
        const PulseAnalysis none(ScoreNotes(score({line({60, 62, 64})})));
        QVERIFY(!none.valid());
        QCOMPARE(none.period(), 0.0);
        QCOMPARE(none.tempoBpm(), 0.0);
        QVERIFY(none.beats().empty());
        const RhythmAnalysis rhythm(ScoreNotes(score({line({60, 62, 64})})));
        QCOMPARE(rhythm.stability(), 0.0);
        QCOMPARE(rhythm.complexity(), 0.0);
    }

    void steadyBeatIsMoreStableThanRandomOnsets()
    {
        const RhythmAnalysis steady(ScoreNotes(score({fourOnTheFloor()})));
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            const RhythmAnalysis random(ScoreNotes(score({randomOnsets(fourOnTheFloor(), seed)})));
            QVERIFY2(steady.stability() > random.stability() + 0.3, values("stability", steady.stability(), random.stability()).constData());
            QVERIFY2(steady.complexity() < random.complexity(), values("complexity", steady.complexity(), random.complexity()).constData());
        }
        QVERIFY(steady.stability() > 0.8);
    }

    void syncopationRaisesComplexity()
    {
        // a bass that rests on the beats and plays on 1/4 and 3/4 of it against the kit
        Part straight = part(33), offbeat = part(33);
        for (int b = 0; b < 32; ++b) {
            straight.notes.push_back({b * 0.5, 0.2, 36, 90});
            offbeat.notes.push_back({b * 0.5 + 0.125, 0.1, 36, 90});
            offbeat.notes.push_back({b * 0.5 + 0.375, 0.1, 36, 90});
        }
        const RhythmAnalysis plain(ScoreNotes(score({fourOnTheFloor(), straight})));
        const RhythmAnalysis synced(ScoreNotes(score({fourOnTheFloor(), offbeat})));
        QVERIFY2(synced.complexity() > plain.complexity() + 0.1, values("complexity", synced.complexity(), plain.complexity()).constData());
    }

    void drumGroups()
    {
        QCOMPARE(RhythmAnalysis::drumGroup(36), 0); // kick
        QCOMPARE(RhythmAnalysis::drumGroup(38), 1); // snare
        QCOMPARE(RhythmAnalysis::drumGroup(42), 2); // closed hi-hat
        QCOMPARE(RhythmAnalysis::drumGroup(49), 3); // crash
        QCOMPARE(RhythmAnalysis::drumGroup(45), 4); // tom
        QCOMPARE(RhythmAnalysis::drumGroup(56), 5); // cowbell
    }

    void keysAndMinorness()
    {
        const ScoreNotes major(cMajor()), minor(aMinor());
        const TonalityAnalysis tMajor(major), tMinor(minor);
        QCOMPARE(tMajor.key(), 0);      // C major
        QCOMPARE(tMinor.key(), 12 + 9); // A minor
        const double mMajor = tMajor.minorness(HarmonyAnalysis(major));
        const double mMinor = tMinor.minorness(HarmonyAnalysis(minor));
        QVERIFY2(mMajor < 0.3 && mMinor > 0.7, values("minorness", mMajor, mMinor).constData());
        QVERIFY(TonalityAnalysis::inScale(21, 8)); // G# leads to A minor
        QVERIFY(!TonalityAnalysis::inScale(0, 8));
    }

    void triadsAreFound()
    {
        const HarmonyAnalysis major(ScoreNotes(score({chords({{60, 64, 67}})})));
        const HarmonyAnalysis minor(ScoreNotes(score({chords({{57, 60, 64}})})));
        QVERIFY(major.majorTriadTime() > 3.5 && major.minorTriadTime() == 0.0);
        QVERIFY(minor.minorTriadTime() > 3.5 && minor.majorTriadTime() == 0.0);
        QVERIFY(std::fabs(major.soundingTime() - major.majorTriadTime()) < 1e-9);
    }

    void diatonicMusicIsTonallyStable()
    {
        Lcg rng(7);
        std::vector<int> chromatic;
        for (int i = 0; i < 48; ++i) chromatic.push_back(55 + rng.below(24));
        const TonalityAnalysis diatonic{ScoreNotes(cMajor())};
        const TonalityAnalysis atonal(ScoreNotes(score({line(chromatic, 0.25)})));
        QVERIFY2(diatonic.stability() > atonal.stability() + 0.2, values("tonal", diatonic.stability(), atonal.stability()).constData());
        const TonalityAnalysis empty(ScoreNotes(score({fourOnTheFloor()}))); // drums only
        QVERIFY(!empty.valid());
        QCOMPARE(empty.key(), -1);
        QCOMPARE(empty.stability(), 0.0);
        QCOMPARE(empty.minorness(HarmonyAnalysis(ScoreNotes(score({fourOnTheFloor()})))), 0.5);
    }

    void clusterIsRougherThanTriad()
    {
        const HarmonyAnalysis triad(ScoreNotes(score({chords({{60, 64, 67}})})));
        const HarmonyAnalysis cluster(ScoreNotes(score({chords({{60, 61, 62}})})));
        QVERIFY2(cluster.roughness() > 3.0 * triad.roughness(), values("roughness", cluster.roughness(), triad.roughness()).constData());
        QVERIFY2(cluster.dissonance() > triad.dissonance() + 0.2, values("dissonance", cluster.dissonance(), triad.dissonance()).constData());
        QVERIFY(HarmonyAnalysis::intervalRoughness(1) > HarmonyAnalysis::intervalRoughness(4));
        QVERIFY(HarmonyAnalysis::intervalRoughness(6) > HarmonyAnalysis::intervalRoughness(7));
        QCOMPARE(HarmonyAnalysis::intervalRoughness(12), 0.0);
        QVERIFY(HarmonyAnalysis::intervalRoughness(13) < HarmonyAnalysis::intervalRoughness(1)); // spread beats less
        // a lone line has no roughness
        QCOMPARE(HarmonyAnalysis(ScoreNotes(score({line(kCMajorScale, 0.5, 0.9)}))).roughness(), 0.0);
    }

    void harshTimbresAndDetuneRaiseDissonance()
    {
        const HarmonyAnalysis piano(ScoreNotes(score({chords(kCMajorProgression)})));
        const HarmonyAnalysis distorted(ScoreNotes(score({chords(kCMajorProgression, 2.0, 2, 30)})));
        QVERIFY2(distorted.dissonance() > piano.dissonance() + 0.2, values("dissonance", distorted.dissonance(), piano.dissonance()).constData());
        QCOMPARE(HarmonyAnalysis::timbreHarshness(30, false), 1.0);
        QCOMPARE(HarmonyAnalysis::timbreHarshness(0, false), 0.0);
        QCOMPARE(HarmonyAnalysis::timbreHarshness(30, true), 0.2);

        Part a = chords(kCMajorProgression), b = line(kCMajorScale);
        b.detuneCents = 30.0;
        const double detuned = HarmonyAnalysis(ScoreNotes(score({a, b}))).dissonance();
        const double tuned = HarmonyAnalysis(ScoreNotes(score({chords(kCMajorProgression), line(kCMajorScale)}))).dissonance();
        QVERIFY2(detuned > tuned, values("detune", detuned, tuned).constData());
    }

    void staccatoRaisesStaccatoShare()
    {
        const double legato = ArticulationAnalysis(ScoreNotes(score({line(kCMajorScale, 0.5, 0.95)}))).staccatoShare();
        const double staccato = ArticulationAnalysis(ScoreNotes(score({line(kCMajorScale, 0.5, 0.3)}))).staccatoShare();
        QVERIFY2(legato < 0.1 && staccato > 0.9, values("staccato", staccato, legato).constData());
        Part half = line(kCMajorScale, 0.5, 0.95);
        for (std::size_t i = 0; i < half.notes.size(); i += 2) half.notes[i].duration = 0.1;
        const double mixed = ArticulationAnalysis(ScoreNotes(score({half}))).staccatoShare();
        QVERIFY2(mixed > legato + 0.3 && mixed < staccato - 0.3, values("mixed", mixed, legato).constData());
        QCOMPARE(ArticulationAnalysis(ScoreNotes(score({fourOnTheFloor()}))).staccatoShare(), 1.0); // drum hits
        QCOMPARE(ArticulationAnalysis(ScoreNotes(Score{})).staccatoShare(), 0.0);
    }

    void stepwiseTuneIsMoreMelodiousThanLeaps()
    {
        const double singable = MelodyAnalysis(ScoreNotes(score({tune()}))).melodiousness();
        QVERIFY(singable > 0.7);
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            const double random = MelodyAnalysis(ScoreNotes(score({leaps(seed)}))).melodiousness();
            QVERIFY2(singable > random + 0.15, values("melodiousness", singable, random).constData());
        }
        // a tune buried under a higher part is no longer the top line
        const double buried = MelodyAnalysis(ScoreNotes(score({tune(), chords({{84, 88, 91}}, 4.0, 4)}))).melodiousness();
        QVERIFY2(buried < singable, values("buried", buried, singable).constData());
        QCOMPARE(MelodyAnalysis(ScoreNotes(score({line({60, 62, 64})}))).melodiousness(), 0.0); // under 4 events
        QVERIFY(MelodyAnalysis::intervalSingability(2) > MelodyAnalysis::intervalSingability(11));
        QCOMPARE(MelodyAnalysis::intervalSingability(-2), MelodyAnalysis::intervalSingability(2));
        QCOMPARE(MelodyAnalysis::intervalSingability(13), 0.0);
    }

    void emotionCuesFollowTempoLoudnessAndRegister()
    {
        const auto cues = [](const Score& s) {
            const ScoreNotes notes(s);
            return EmotionCues(notes, PulseAnalysis(notes));
        };
        const EmotionCues slow = cues(score({fourOnTheFloor(70.0, 16)})), fast = cues(score({fourOnTheFloor(170.0, 40)}));
        QVERIFY2(fast.speed() > slow.speed() + 0.2, values("speed", fast.speed(), slow.speed()).constData());
        const EmotionCues soft = cues(score({line(kCMajorScale, 0.5, 0.9, 30)})), loud = cues(score({line(kCMajorScale, 0.5, 0.9, 120)}));
        QVERIFY2(loud.loudness() > soft.loudness() + 0.2, values("loudness", loud.loudness(), soft.loudness()).constData());
        std::vector<int> high;
        for (int p : kCMajorScale) high.push_back(p + 24);
        const EmotionCues low = cues(score({line(kCMajorScale)})), up = cues(score({line(high)}));
        QVERIFY2(up.registerHeight() > low.registerHeight() + 0.4, values("register", up.registerHeight(), low.registerHeight()).constData());
        QCOMPARE(cues(score({fourOnTheFloor()})).registerHeight(), 0.5); // no pitched notes
        QCOMPARE(cues(Score{}).speed(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestScoreAnalyses)
#include "tst_score_analyses.moc"
