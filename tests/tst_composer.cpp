// The music lab's composer: deterministic, every style playable, and each control
// confined to its own aspect of the score.

#include <QTest>

#include <set>

#include <nlohmann/json.hpp>

#include "lab/Composer.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

const Part* findPart(const Score& s, const std::string& name)
{
    for (const Part& p : s.parts)
        if (p.name == name) return &p;
    return nullptr;
}

std::vector<int> pitches(const Part& p)
{
    std::vector<int> out;
    for (const Note& n : p.notes) out.push_back(n.pitch);
    return out;
}

std::vector<double> onsets(const Part& p)
{
    std::vector<double> out;
    for (const Note& n : p.notes) out.push_back(n.onset);
    return out;
}

} // namespace

class TestComposer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameScore()
    {
        const auto controls = ComposerControls::random(11);
        QVERIFY(Composer::compose(controls, 11) == Composer::compose(controls, 11));
        QVERIFY(!(Composer::compose(controls, 11) == Composer::compose(controls, 12)));
    }

    void everyStyleWritesAPlayableScore_data()
    {
        QTest::addColumn<int>("style");
        for (Style s : allStyles()) QTest::newRow(styleName(s)) << int(s);
    }
    void everyStyleWritesAPlayableScore()
    {
        QFETCH(int, style);
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            ComposerControls c = ComposerControls::random(seed, Style(style));
            c.durationSeconds = 20;
            const Score score = Composer::compose(c, seed);
            QVERIFY(score.durationSeconds >= 20.0 && score.durationSeconds < 20.0 + 12.0);
            QVERIFY(score.parts.size() >= 3);
            std::set<Stem> stems;
            for (const Part& p : score.parts) {
                stems.insert(p.stem);
                QVERIFY2(!p.notes.empty(), p.name.c_str());
                for (const Note& n : p.notes) {
                    QVERIFY(n.onset >= 0.0 && n.duration > 0.0);
                    QVERIFY(n.pitch >= 0 && n.pitch <= 127);
                    QVERIFY(n.velocity >= 1 && n.velocity <= 127);
                }
                QVERIFY(std::is_sorted(p.notes.begin(), p.notes.end(), [](const Note& a, const Note& b) { return a.onset < b.onset; }));
                QCOMPARE(p.percussion, p.stem == Stem::Drums);
            }
            // A solo pianist's left hand plays the bass line on the piano stem.
            if (Style(style) == Style::SoloPiano) QVERIFY(stems == std::set<Stem>{Stem::Piano});
            else QVERIFY(stems.count(Stem::Bass));
        }
    }

    void minornessTouchesOnlyHarmony()
    {
        ComposerControls c;
        c.style = Style::Ballad;
        const Score major = Composer::compose(c, 5);
        c.minorness = 1.0;
        const Score minor = Composer::compose(c, 5);
        QCOMPARE(onsets(*findPart(major, "drums")), onsets(*findPart(minor, "drums")));
        QCOMPARE(pitches(*findPart(major, "drums")), pitches(*findPart(minor, "drums")));
        QCOMPARE(onsets(*findPart(major, "bass")), onsets(*findPart(minor, "bass")));
        QVERIFY(pitches(*findPart(major, "chords")) != pitches(*findPart(minor, "chords")));
    }

    void staccatoShortensNotesOnly()
    {
        ComposerControls c;
        c.style = Style::Film;
        const Score legato = Composer::compose(c, 8);
        c.staccato = 1.0;
        const Score staccato = Composer::compose(c, 8);
        const Part& a = *findPart(legato, "lead");
        const Part& b = *findPart(staccato, "lead");
        QCOMPARE(pitches(a), pitches(b));
        QCOMPARE(onsets(a), onsets(b));
        double la = 0, lb = 0;
        for (const Note& n : a.notes) la += n.duration;
        for (const Note& n : b.notes) lb += n.duration;
        QVERIFY(lb < 0.6 * la);
    }

    void steadyRhythmHasEvenBeats()
    {
        ComposerControls c;
        c.style = Style::Dance;
        c.tempo = 120;
        const Score steady = Composer::compose(c, 3);
        const Part& drums = *findPart(steady, "drums");
        std::vector<double> kicks;
        for (const Note& n : drums.notes)
            if (n.pitch == 36) kicks.push_back(n.onset);
        for (std::size_t i = 1; i < kicks.size(); ++i) QVERIFY(std::fabs(kicks[i] - kicks[i - 1] - 0.5) < 1e-9);
        c.rhythmStability = 0.0;
        const Score unsteady = Composer::compose(c, 3);
        std::vector<double> ioi;
        double prev = -1;
        for (const Note& n : findPart(unsteady, "drums")->notes)
            if (n.pitch == 36) {
                if (prev >= 0) ioi.push_back(n.onset - prev);
                prev = n.onset;
            }
        const auto [lo, hi] = std::minmax_element(ioi.begin(), ioi.end());
        QVERIFY(*hi - *lo > 0.05);
    }

    void noMelodyAtTheBottomOfMelodiousness()
    {
        ComposerControls c;
        c.melodiousness = 0.0;
        QVERIFY(findPart(Composer::compose(c, 4), "lead") == nullptr);
        c.melodiousness = 0.5;
        QVERIFY(findPart(Composer::compose(c, 4), "lead") != nullptr);
    }

    void dissonanceAddsHarshTimbreAndDetune()
    {
        ComposerControls c;
        c.style = Style::Ballad;
        QVERIFY(findPart(Composer::compose(c, 6), "distortion guitar") == nullptr);
        c.dissonance = 1.0;
        const Score harsh = Composer::compose(c, 6);
        QVERIFY(findPart(harsh, "distortion guitar") != nullptr);
        QVERIFY(findPart(harsh, "chords")->detuneCents > 10.0);
    }

    void controlsAreValidated()
    {
        ComposerControls c;
        c.minorness = 1.5;
        QVERIFY_THROWS_EXCEPTION(Error, Composer::compose(c, 1));
        c = {};
        c.durationSeconds = 5;
        QVERIFY_THROWS_EXCEPTION(Error, Composer::compose(c, 1));
        QVERIFY_THROWS_EXCEPTION(Error, styleFromName("polka"));
        const auto random = ComposerControls::random(77);
        const auto back = ComposerControls::fromJson(random.toJson());
        QVERIFY(back.toJson() == random.toJson());
    }
};

QTEST_GUILESS_MAIN(TestComposer)
#include "tst_composer.moc"
