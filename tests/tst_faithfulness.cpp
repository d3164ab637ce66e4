// Faithfulness of audioLIME: on music-lab songs with a planted cause, an oracle model
// (the symbolic labeler on the parts of the kept stems) must be explained by the stem
// that carries the cause. Prints the recovery rate over 50 songs per cause.

#include <QTest>

#include "explain/LimeExplainer.h"
#include "lab/PlantedCause.h"
#include "lab/ScoreLabeler.h"

using namespace emotrace;

namespace {

/// Rate at which the planted stem ranks first for its target, over `count` songs.
double recoveryRate(PlantedCause::Kind kind, int count)
{
    int recovered = 0;
    for (int i = 0; i < count; ++i) {
        const PlantedCause::Case c = PlantedCause::make(kind, 2021, i);
        const auto names = MidLevelLabels::featureNames();
        const auto target = std::size_t(std::find(names.begin(), names.end(), c.target) - names.begin());
        auto oracle = [&](const std::vector<std::vector<std::uint8_t>>& masks) {
            std::vector<std::vector<double>> out;
            for (const auto& m : masks) out.push_back(ScoreLabeler::label(PlantedCause::keepStems(c.score, m)).features());
            return out;
        };
        const Explanation e = LimeExplainer::explain(int(allStems().size()), oracle, {});
        const int top = e.targets[target].ranking.front();
        recovered += allStems()[std::size_t(top)] == c.cause;
    }
    return double(recovered) / count;
}

} // namespace

class TestFaithfulness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plantedCausesAreFound_data()
    {
        // Measured: 100 % and 88 %. The misses of the minor case are the oracle's own: its
        // key finding reads some piano-only minor progressions as the relative major, so
        // the piano alone scores as major there and the bass pedal gets the credit.
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("required");
        QTest::newRow("rhythm in the drums -> rhythm stability") << int(PlantedCause::Kind::RhythmInDrums) << 0.95;
        QTest::newRow("minor colour in the piano -> minorness") << int(PlantedCause::Kind::MinorInPiano) << 0.85;
    }
    void plantedCausesAreFound()
    {
        QFETCH(int, kind);
        QFETCH(double, required);
        const double rate = recoveryRate(PlantedCause::Kind(kind), 50);
        qInfo("recovery rate over 50 planted-cause songs (oracle predictor): %.0f %%", 100.0 * rate);
        QVERIFY2(rate >= required, qPrintable(QString("recovered %1 %").arg(100.0 * rate)));
    }

    void plantedSongsAreDeterministic()
    {
        const auto a = PlantedCause::make(PlantedCause::Kind::MinorInPiano, 5, 3);
        const auto b = PlantedCause::make(PlantedCause::Kind::MinorInPiano, 5, 3);
        QVERIFY(a.score == b.score);
        QVERIFY(a.cause == Stem::Piano);
        const Score none = PlantedCause::keepStems(a.score, {0, 0, 0, 0, 0});
        QVERIFY(none.parts.empty());
    }
};

QTEST_GUILESS_MAIN(TestFaithfulness)
#include "tst_faithfulness.moc"
