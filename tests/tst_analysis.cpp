// Whole-song analysis: window plans, effects, JSON, and SongAnalyzer end to end on
// synthetic audio with a small seeded model.

#include <QTest>

#include <cmath>
#include <numbers>

#include "TestData.h"
#include "analysis/AnalysisTextReport.h"
#include "analysis/SongAnalyzer.h"
#include "analysis/WindowPlan.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

AudioBuffer toneSong(double seconds, int rate = 44100, int channels = 2)
{
    AudioBuffer a;
    a.sampleRate = rate;
    a.channels = channels;
    const auto frames = std::int64_t(seconds * rate);
    a.samples.resize(std::size_t(frames * channels));
    for (std::int64_t i = 0; i < frames; ++i) {
        const double t = double(i) / rate;
        // a chord that changes every second, with a pulse, so windows differ
        const double f = 220.0 * (1.0 + 0.25 * double(int(t) % 3));
        const double v = 0.3 * std::sin(2 * std::numbers::pi * f * t) + 0.1 * std::sin(2 * std::numbers::pi * 1.5 * f * t)
                         + ((i % (rate / 2)) < 200 ? 0.3 : 0.0);
        for (int c = 0; c < channels; ++c) a.samples[std::size_t(i * channels + c)] = float(v);
    }
    return a;
}

SongAnalyzer smallAnalyzer(AnalysisSettings settings = {})
{
    return SongAnalyzer(ModelPackage::untrained(8, 5), settings);
}

/// A baseline as training would give it: label means on [0, 1].
EmotionBaseline someBaseline()
{
    return {{0.55, 0.4, 0.35, 0.6, 0.3, 0.65, 0.45}, {0.52, 0.48}};
}

/// The same seeded model as smallAnalyzer, with someBaseline().
SongAnalyzer centredAnalyzer(AnalysisSettings settings = {})
{
    LoadedModel model = ModelPackage::untrained(8, 5);
    model.network->setEmotionBaseline(someBaseline());
    return SongAnalyzer(std::move(model), settings);
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void secondsToFramesAsTheReference()
    {
        QCOMPARE(WindowPlan::secondsToFrames(40.0, 22050, 31.3), std::int64_t(1252));
        QCOMPARE(WindowPlan::secondsToFrames(20.0, 22050, 31.3), std::int64_t(626));
        QCOMPARE(WindowPlan::secondsToFrames(0.0, 22050, 31.3), std::int64_t(0));
    }

    void windowPlanCoversTheSong()
    {
        auto p = WindowPlan::make(3000, 1252, 626);
        QCOMPARE(p.starts, (std::vector<std::int64_t>{0, 626, 1252, 1748}));
        QVERIFY(!p.loopPadded);
        QCOMPARE(p.starts.back() + p.windowFrames, std::int64_t(3000));
        p = WindowPlan::make(1252, 1252, 626);
        QCOMPARE(p.starts, std::vector<std::int64_t>{0});
        QVERIFY(!p.loopPadded);
        p = WindowPlan::make(500, 1252, 626);
        QCOMPARE(p.starts, std::vector<std::int64_t>{0});
        QVERIFY(p.loopPadded);
        p = WindowPlan::make(2504, 1252, 1252);
        QCOMPARE(p.starts, (std::vector<std::int64_t>{0, 1252}));
        QVERIFY_THROWS_EXCEPTION(Error, WindowPlan::make(0, 1252, 626));
        QVERIFY_THROWS_EXCEPTION(Error, WindowPlan::make(100, 0, 626));
        QVERIFY_THROWS_EXCEPTION(Error, WindowPlan::make(100, 10, 0));
    }

    void effectsAddUpToThePrediction()
    {
        const std::vector<std::vector<double>> w{{0.5, -1.0, 2.0}, {0.0, 0.0, 0.0}};
        const std::vector<double> m{0.2, 0.4, -0.1};
        const auto e = EmotionEffects::compute(w, m);
        QCOMPARE(e.effects[0], (std::vector<double>{0.1, -0.4, -0.2}));
        double absSum = 0;
        for (double r : e.relative[0]) absSum += std::fabs(r);
        QVERIFY(std::fabs(absSum - 1.0) < 1e-12);
        QCOMPARE(e.relative[0][1], -0.4 / 0.7);
        QCOMPARE(e.relative[1], (std::vector<double>{0.0, 0.0, 0.0}));
        QVERIFY_THROWS_EXCEPTION(Error, EmotionEffects::compute({{1.0}}, m));
        // Without a baseline: b = 0 and m_bar = 0, the sum of the effects is the prediction.
        QCOMPARE(e.baseline, (std::vector<double>{0.0, 0.0}));
        QCOMPARE(e.featureMeans, (std::vector<double>{0.0, 0.0, 0.0}));
        QCOMPARE(e.total(0), 0.1 - 0.4 - 0.2);
    }

    void effectsAreMeasuredFromTheBaseline()
    {
        // e = b + W (m - m_bar): effect_j = W_j (m_j - m_bar_j), baseline + effects = e.
        const std::vector<std::vector<double>> w{{0.5, -1.0, 2.0}, {-1.26, 0.3, 0.0}};
        const std::vector<double> m{0.2, 0.4, 0.7};
        const EmotionBaseline baseline{{0.5, 0.4, 0.5}, {0.45, 0.6}};
        const auto e = EmotionEffects::compute(w, m, baseline);
        QCOMPARE(e.effects[0], (std::vector<double>{0.5 * (0.2 - 0.5), -1.0 * (0.4 - 0.4), 2.0 * (0.7 - 0.5)}));
        QCOMPARE(e.baseline, baseline.emotionMeans);
        QCOMPARE(e.featureMeans, baseline.featureMeans);
        for (std::size_t k = 0; k < 2; ++k) {
            double prediction = baseline.emotionMeans[k];
            for (std::size_t j = 0; j < 3; ++j) prediction += w[k][j] * (m[j] - baseline.featureMeans[j]);
            QVERIFY(std::fabs(e.total(k) - prediction) < 1e-15);
        }
        // A feature at its training mean has no effect, whatever its weight.
        QCOMPARE(e.effects[0][1], 0.0);
        // Melodiousness below its mean with a negative weight raises valence.
        QVERIFY(e.effects[1][0] > 0.0);
        QVERIFY_THROWS_EXCEPTION(Error, EmotionEffects::compute(w, m, EmotionBaseline{{0.5}, {0.45, 0.6}}));
        QVERIFY_THROWS_EXCEPTION(Error, EmotionEffects::compute(w, m, EmotionBaseline{{0.5, 0.4, 0.5}, {0.45}}));
    }

    void baselineAddsUpToThePrediction()
    {
        AnalysisSettings settings;
        settings.windowSeconds = 4.0;
        settings.hopSeconds = 2.0;
        auto plain = smallAnalyzer(settings);
        auto centred = centredAnalyzer(settings);
        const AudioBuffer song = toneSong(11.0);
        const auto r0 = plain.analyzeAudio(song, SongInfo{"tone", 0, "", 0, 0, 0});
        const auto r = centred.analyzeAudio(song, SongInfo{"tone", 0, "", 0, 0, 0});
        const EmotionBaseline b = someBaseline();
        QCOMPARE(r.effects.baseline, b.emotionMeans);
        QCOMPARE(r.effects.featureMeans, b.featureMeans);
        // The baseline changes neither the mid-level values nor the weights W.
        QCOMPARE(r.concepts, r0.concepts);
        QCOMPARE(r.weights, r0.weights);
        for (std::size_t k = 0; k < 2; ++k) {
            // baseline + effects = the whole-song prediction, exactly.
            double sum = r.effects.baseline[k];
            for (double e : r.effects.effects[k]) sum += e;
            QCOMPARE(sum, r.emotions[k]);
            QCOMPARE(r.effects.total(k), r.emotions[k]);
            // Each effect is W (m - m_bar); the prediction is the uncentred one shifted by b - W m_bar.
            double shift = b.emotionMeans[k];
            for (std::size_t j = 0; j < 7; ++j) {
                QVERIFY(std::fabs(r.effects.effects[k][j] - r.weights[k][j] * (r.concepts[j] - b.featureMeans[j])) < 1e-15);
                shift -= r.weights[k][j] * b.featureMeans[j];
            }
            QVERIFY(std::fabs(r.emotions[k] - (r0.emotions[k] + shift)) < 1e-12);
            // The model's own windows apply the same baseline (float32 in the model).
            for (std::size_t w = 0; w < r.windows.size(); ++w) {
                double windowPrediction = b.emotionMeans[k];
                for (std::size_t j = 0; j < 7; ++j) windowPrediction += r.weights[k][j] * (r.windows[w].concepts[j] - b.featureMeans[j]);
                QVERIFY(std::fabs(windowPrediction - r.windows[w].emotions[k]) < 1e-5);
                QVERIFY(std::fabs(r.windows[w].emotions[k] - (r0.windows[w].emotions[k] + shift)) < 1e-5);
            }
        }
        // Without a baseline the effects are W m, as before the baseline existed.
        QCOMPARE(r0.effects.baseline, (std::vector<double>{0.0, 0.0}));
        QCOMPARE(r0.effects.featureMeans, std::vector<double>(7, 0.0));
        QCOMPARE(r0.effects.effects, EmotionEffects::compute(r0.weights, r0.concepts).effects);
        for (std::size_t k = 0; k < 2; ++k) {
            double uncentred = 0.0;
            for (std::size_t j = 0; j < 7; ++j) uncentred += r0.weights[k][j] * r0.concepts[j];
            QCOMPARE(r0.emotions[k], uncentred); // bit for bit: the old formula
        }
    }

    void songAnalysisIsConsistent()
    {
        AnalysisSettings settings;
        settings.windowSeconds = 4.0;
        settings.hopSeconds = 2.0;
        auto analyzer = smallAnalyzer(settings);
        const auto r = analyzer.analyzeAudio(toneSong(11.0), SongInfo{"tone", 0, "", 0, 0, 0});
        QCOMPARE(r.song.sampleRate, 44100);
        QCOMPARE(r.song.channels, 2);
        QVERIFY(std::fabs(r.song.durationSeconds - 11.0) < 1e-9);
        QCOMPARE(r.features.size(), std::size_t(7));
        QCOMPARE(r.targets, (std::vector<std::string>{"arousal", "valence"}));
        // 11 s -> 344 frames; windows of 125 frames every 62: 0,62,124,186 and one at the end
        QCOMPARE(r.windows.size(), std::size_t(5));
        QVERIFY(std::fabs(r.windows[1].startSeconds - 62 * 704.4728434504792 / 22050) < 1e-9);
        for (std::size_t j = 0; j < 7; ++j) {
            double mean = 0;
            for (const auto& w : r.windows) mean += w.concepts[j] / double(r.windows.size());
            QVERIFY(std::fabs(mean - r.concepts[j]) < 1e-9);
        }
        for (std::size_t k = 0; k < 2; ++k) {
            double sum = 0;
            for (double e : r.effects.effects[k]) sum += e;
            QVERIFY(std::fabs(sum - r.emotions[k]) < 1e-9);
            // each window's emotions are W m of that window (the model has no bias)
            double windowPrediction = 0;
            for (std::size_t j = 0; j < 7; ++j) windowPrediction += r.weights[k][j] * r.windows[2].concepts[j];
            QVERIFY(std::fabs(windowPrediction - r.windows[2].emotions[k]) < 1e-5);
        }
        // different windows of a changing song see different things
        QVERIFY(r.windows[0].concepts != r.windows[3].concepts);
    }

    /// A digital-silence intro is trimmed by the front end (as the reference does), but
    /// window times stay song times: they are those of the song without the intro, shifted
    /// by the intro's length (within 50 ms: the resampler's filter rings about 31 ms into
    /// the zeros before the onset, and those samples are not trimmed).
    void windowTimesAreSongTimes()
    {
        AnalysisSettings settings;
        settings.windowSeconds = 4.0;
        settings.hopSeconds = 2.0;
        auto analyzer = smallAnalyzer(settings);
        const AudioBuffer plain = toneSong(11.0);
        AudioBuffer intro = plain;
        intro.samples.insert(intro.samples.begin(), std::size_t(5 * 44100 * 2), 0.0f);
        const auto a = analyzer.analyzeAudio(plain, SongInfo{"plain", 0, "", 0, 0, 0});
        const auto b = analyzer.analyzeAudio(intro, SongInfo{"intro", 0, "", 0, 0, 0});
        QCOMPARE(b.windows.size(), a.windows.size());
        for (std::size_t w = 0; w < a.windows.size(); ++w) {
            QVERIFY2(std::fabs(b.windows[w].startSeconds - (a.windows[w].startSeconds + 5.0)) < 0.05,
                     qPrintable(QString("window %1 starts at %2 s").arg(w).arg(b.windows[w].startSeconds)));
            QVERIFY(std::fabs(b.windows[w].endSeconds - (a.windows[w].endSeconds + 5.0)) < 0.05);
            QVERIFY(b.windows[w].startSeconds > a.windows[w].startSeconds + 4.9); // the old times were 5 s early
        }
    }

    void shortSongIsLoopPadded()
    {
        auto analyzer = smallAnalyzer();
        const auto r = analyzer.analyzeAudio(toneSong(3.0), SongInfo{"short", 0, "", 0, 0, 0});
        QCOMPARE(r.windows.size(), std::size_t(1));
        QVERIFY(r.windows[0].loopPadded);
        QVERIFY(std::fabs(r.windows[0].endSeconds - 1252 * 704.4728434504792 / 22050) < 1e-9);
    }

    void silenceAndEmptyAudioAreErrors()
    {
        auto analyzer = smallAnalyzer();
        AudioBuffer silent = toneSong(2.0);
        std::fill(silent.samples.begin(), silent.samples.end(), 0.0f);
        try {
            analyzer.analyzeAudio(silent, SongInfo{"quiet.wav", 0, "", 0, 0, 0});
            QFAIL("silence accepted");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("quiet.wav: audio is silent (every sample is zero)"));
        }
        AudioBuffer empty;
        empty.sampleRate = 44100;
        empty.channels = 2;
        QVERIFY_THROWS_EXCEPTION(Error, analyzer.analyzeAudio(empty, SongInfo{"empty.wav", 0, "", 0, 0, 0}));
    }

    void cancellationStopsTheAnalysis()
    {
        auto analyzer = smallAnalyzer();
        std::atomic<bool> cancel{true};
        const Progress progress({}, &cancel);
        QVERIFY_THROWS_EXCEPTION(Cancelled, analyzer.analyzeAudio(toneSong(5.0), SongInfo{"x", 0, "", 0, 0, 0}, progress));
    }

    void progressReachesEveryStage()
    {
        auto analyzer = smallAnalyzer();
        std::vector<std::string> stages;
        const Progress progress([&](std::string_view stage, int percent) {
            if (percent == 100) stages.emplace_back(stage);
        }, nullptr);
        analyzer.analyzeAudio(toneSong(5.0), SongInfo{"x", 0, "", 0, 0, 0}, progress);
        QCOMPARE(stages, (std::vector<std::string>{"resample", "spectrogram", "model"}));
    }

    void jsonRoundTrip()
    {
        auto analyzer = smallAnalyzer();
        const auto r = analyzer.analyzeAudio(toneSong(5.0), SongInfo{"song.flac", 1234, "00ff", 0, 0, 0});
        const auto j = r.toJson();
        QCOMPARE(j["format"].get<std::string>(), std::string("emotrace-analysis"));
        QCOMPARE(j["prediction"]["emotions"]["arousal"].get<double>(), r.emotions[0]);
        QCOMPARE(j["effects"]["valence"]["minorness"].get<double>(), r.effects.effects[1][6]);
        const auto back = AnalysisResult::fromJson(nlohmann::json::parse(j.dump()), "x.json");
        QVERIFY(back.toJson() == j);
        QVERIFY_THROWS_EXCEPTION(Error, AnalysisResult::fromJson(nlohmann::json{{"format", "other"}}, "x.json"));
        auto broken = j;
        broken["prediction"]["mid_level"].erase("dissonance");
        QVERIFY_THROWS_EXCEPTION(Error, AnalysisResult::fromJson(broken, "x.json"));
        // A model without a baseline writes zeros.
        QCOMPARE(j["emotion_baseline"]["emotions"]["arousal"].get<double>(), 0.0);

        // With a baseline: written by name and read back.
        auto centred = centredAnalyzer();
        const auto c = centred.analyzeAudio(toneSong(5.0), SongInfo{"song.flac", 1234, "00ff", 0, 0, 0});
        const auto cj = c.toJson();
        QCOMPARE(cj["emotion_baseline"]["emotions"]["valence"].get<double>(), someBaseline().emotionMeans[1]);
        QCOMPARE(cj["emotion_baseline"]["features"]["minorness"].get<double>(), someBaseline().featureMeans[6]);
        const auto cback = AnalysisResult::fromJson(nlohmann::json::parse(cj.dump()), "c.json");
        QCOMPARE(cback.effects.baseline, c.effects.baseline);
        QCOMPARE(cback.effects.featureMeans, c.effects.featureMeans);
        QVERIFY(cback.toJson() == cj);
        // A document from before the baseline existed reads with zeros.
        auto old = j;
        old.erase("emotion_baseline");
        const auto oldBack = AnalysisResult::fromJson(old, "old.json");
        QCOMPARE(oldBack.effects.baseline, (std::vector<double>{0.0, 0.0}));
        QCOMPARE(oldBack.effects.featureMeans, std::vector<double>(7, 0.0));
    }

    void tableNamesEverything()
    {
        auto analyzer = smallAnalyzer();
        const auto r = analyzer.analyzeAudio(toneSong(5.0), SongInfo{"song.flac", 0, "", 0, 0, 0});
        const std::string table = formatAnalysisTable(r);
        for (const auto& name : r.features) QVERIFY2(table.find(name) != std::string::npos, name.c_str());
        QVERIFY(table.find("arousal") != std::string::npos);
        QVERIFY(table.find("UNTRAINED") != std::string::npos);
        QVERIFY(table.find("(loop-padded)") != std::string::npos);
        QVERIFY(table.find("baseline  ") != std::string::npos);
        QVERIFY(table.find("this model has no baseline") != std::string::npos);
        QVERIFY(table.find("    mean") == std::string::npos);
        auto centred = centredAnalyzer();
        const std::string centredTable = formatAnalysisTable(centred.analyzeAudio(toneSong(5.0), SongInfo{"song.flac", 0, "", 0, 0, 0}));
        QVERIFY(centredTable.find("   +0.520") != std::string::npos); // the arousal baseline
        QVERIFY(centredTable.find("    mean") != std::string::npos);
        QVERIFY(centredTable.find("baseline + effects") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
