// Regression pin of the shipped model: models/emotrace-lab-v1 on the bundled demo song,
// whole-song analysis through SongAnalyzer as `emotrace-cli analyze` runs it. The expected
// values are the CLI's own JSON, committed in tests/fixtures/shipped_model (README there
// has the command). Any change of the decoder, resampler, front end, window plan, model
// code or weights that moves a number by more than kTolerance fails here and prints what
// moved. A deliberate change regenerates the fixtures with the documented command.

#include <QTest>

#include <cmath>

#include <torch/torch.h>

#include "TestData.h"
#include "analysis/AnalysisResult.h"
#include "analysis/SongAnalyzer.h"
#include "model/ModelPackage.h"

using namespace emotrace;
using namespace emotrace::test;

namespace {

/// Absolute, on every value in [0, 1]-ish units: well above thread-count and backend
/// rounding (~1e-6), well below anything a user would see (the CLI prints 3 decimals).
constexpr double kTolerance = 1e-4;

std::filesystem::path projectDir() { return std::filesystem::path(EMOTRACE_TEST_SOURCE_DIR).parent_path(); }
std::filesystem::path fixtureDir() { return std::filesystem::path(EMOTRACE_TEST_SOURCE_DIR) / "fixtures" / "shipped_model"; }

/// Compares expected and actual value lists; appends one line per value that moved.
void compareValues(const std::string& what, const std::vector<std::string>& names, const std::vector<double>& expected,
                   const std::vector<double>& actual, std::vector<std::string>& moved, double& worst)
{
    if (expected.size() != actual.size()) {
        moved.push_back(what + ": " + std::to_string(actual.size()) + " values, expected " + std::to_string(expected.size()));
        worst = std::numeric_limits<double>::infinity();
        return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double d = std::fabs(actual[i] - expected[i]);
        if (!(d <= worst)) worst = d;
        if (!(d <= kTolerance)) {
            char line[256];
            std::snprintf(line, sizeof line, "%s %s: expected %.6f, now %.6f (moved %+.6f)", what.c_str(),
                          i < names.size() ? names[i].c_str() : "?", expected[i], actual[i], actual[i] - expected[i]);
            moved.emplace_back(line);
        }
    }
}

} // namespace

class TestShippedModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void secondModelExplainsFromItsBaseline()
    {
        // emotrace-lab-v2 (selectable, not the default) carries the training means: its
        // effects are measured from them and add up with the baseline to the prediction.
        const auto folder = projectDir() / "models" / "emotrace-lab-v2";
        const auto model = ModelPackage::load(folder);
        QVERIFY(model.info.trained);
        QCOMPARE(model.info.emotionBaseline.featureMeans.size(), std::size_t(7));
        QCOMPARE(model.info.emotionBaseline.emotionMeans.size(), std::size_t(2));
        const auto card = readJson(folder / "model.json");
        QCOMPARE(model.info.emotionBaseline.emotionMean(0), card["emotion_baseline"]["emotions"]["arousal"].get<double>());
        SongAnalyzer analyzer(model, {});
        const AnalysisResult r = analyzer.analyze(projectDir() / "resources" / "demo" / "demo-song.ogg");
        QCOMPARE(r.effects.baseline.size(), std::size_t(2));
        for (std::size_t k = 0; k < 2; ++k) {
            QCOMPARE(r.effects.baseline[k], model.info.emotionBaseline.emotionMean(k));
            double sum = r.effects.baseline[k];
            for (std::size_t j = 0; j < 7; ++j) {
                const double expected = r.weights[k][j] * (r.concepts[j] - model.info.emotionBaseline.featureMean(j));
                QVERIFY(std::fabs(r.effects.effects[k][j] - expected) < 1e-9);
                sum += r.effects.effects[k][j];
            }
            QVERIFY2(std::fabs(sum - r.emotions[k]) < 1e-6, qPrintable(QString("%1 vs %2").arg(sum).arg(r.emotions[k])));
        }
    }

    void demoSongPredictionsArePinned_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("40-s windows (the paper's, loop-padded)") << "demo-song.window40.json";
        QTest::newRow("10-s windows, 5-s hop") << "demo-song.window10.json";
    }
    void demoSongPredictionsArePinned()
    {
        QFETCH(QString, fixture);
        const auto file = fixtureDir() / fixture.toStdString();
        const AnalysisResult expected = AnalysisResult::fromJson(readJson(file), file.string());
        const auto model = projectDir() / "models" / ModelPackage::kDefaultModelName;
        const auto song = projectDir() / "resources" / "demo" / "demo-song.ogg";
        QVERIFY2(std::filesystem::is_regular_file(model / "weights.pt"), model.string().c_str());

        SongAnalyzer analyzer(ModelPackage::load(model), expected.settings);
        const AnalysisResult actual = analyzer.analyze(song);

        // What the numbers were made from: if these moved, the inputs changed, not the code.
        QCOMPARE(QString::fromStdString(actual.model.name), QString::fromStdString(expected.model.name));
        QCOMPARE(QString::fromStdString(actual.model.version), QString::fromStdString(expected.model.version));
        QCOMPARE(actual.model.baseChannels, expected.model.baseChannels);
        QCOMPARE(actual.model.trained, expected.model.trained);
        QCOMPARE(QString::fromStdString(actual.song.contentHash), QString::fromStdString(expected.song.contentHash));
        QCOMPARE(actual.song.sampleRate, expected.song.sampleRate);
        QCOMPARE(actual.song.channels, expected.song.channels);
        QVERIFY(std::fabs(actual.song.durationSeconds - expected.song.durationSeconds) < 1e-9);
        QVERIFY(actual.features == expected.features);
        QVERIFY(actual.targets == expected.targets);

        std::vector<std::string> moved;
        double worst = 0.0;
        compareValues("whole song", actual.features, expected.concepts, actual.concepts, moved, worst);
        compareValues("whole song", actual.targets, expected.emotions, actual.emotions, moved, worst);
        for (std::size_t k = 0; k < expected.weights.size() && k < actual.weights.size(); ++k)
            compareValues("weight " + expected.targets[k] + " <-", actual.features, expected.weights[k], actual.weights[k], moved, worst);
        QCOMPARE(actual.windows.size(), expected.windows.size());
        for (std::size_t w = 0; w < expected.windows.size(); ++w) {
            const auto& e = expected.windows[w];
            const auto& a = actual.windows[w];
            QCOMPARE(a.startSeconds, e.startSeconds);
            QCOMPARE(a.endSeconds, e.endSeconds);
            QCOMPARE(a.loopPadded, e.loopPadded);
            const std::string label = "window " + std::to_string(w) + " (" + std::to_string(e.startSeconds) + " s)";
            compareValues(label, actual.features, e.concepts, a.concepts, moved, worst);
            compareValues(label, actual.targets, e.emotions, a.emotions, moved, worst);
        }
        qInfo("%s: %zu window(s), largest change %.3g (tolerance %.0e)", fixture.toUtf8().constData(), actual.windows.size(), worst,
              kTolerance);
        if (!moved.empty()) {
            std::string text = std::to_string(moved.size()) + " value(s) moved more than the tolerance:";
            for (const auto& line : moved) text += "\n  " + line;
            text += "\nIf the change is intended, regenerate the fixtures (tests/fixtures/shipped_model/README.md).";
            QFAIL(text.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestShippedModel)
#include "tst_shipped_model.moc"
