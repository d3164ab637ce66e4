// Level two end to end on known stems: components, excerpt, the unperturbed mix's
// prediction, Shapley efficiency, segments, seeded sampling, cancellation.

#include <QTest>

#include <cmath>
#include <numbers>

#include "audio/MonoResampler.h"
#include "analysis/WindowPlan.h"
#include "dsp/LogSpectrogramFrontEnd.h"
#include "explain/SongExplainer.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

StemSet knownStems(double seconds)
{
    const int rate = 44100;
    const auto n = std::int64_t(seconds * rate);
    StemSet set;
    set.backend = "test";
    set.names = {"vocals", "drums", "bass", "other"};
    for (int s = 0; s < 4; ++s) {
        AudioBuffer b;
        b.sampleRate = rate;
        b.channels = 2;
        b.samples.resize(std::size_t(2 * n));
        for (std::int64_t i = 0; i < n; ++i) {
            const double t = double(i) / rate;
            double v = 0;
            switch (s) {
            case 0: v = 0.2 * std::sin(2 * std::numbers::pi * (440 + 40 * std::sin(3 * t)) * t); break;
            case 1: v = (i % (rate / 2)) < 300 ? 0.5 * std::sin(double(i)) : 0.0; break;
            case 2: v = 0.3 * std::sin(2 * std::numbers::pi * 55 * t); break;
            default: v = 0.1 * std::sin(2 * std::numbers::pi * 330 * t) + 0.1 * std::sin(2 * std::numbers::pi * 392 * t); break;
            }
            b.samples[std::size_t(2 * i)] = b.samples[std::size_t(2 * i + 1)] = float(v);
        }
        set.stems.push_back(std::move(b));
    }
    return set;
}

AudioBuffer mixOf(const StemSet& set)
{
    AudioBuffer mix = set.stems.front();
    for (std::size_t s = 1; s < set.size(); ++s)
        for (std::size_t i = 0; i < mix.samples.size(); ++i) mix.samples[i] += set.stems[s].samples[i];
    return mix;
}

SongExplainer::Settings shortWindow()
{
    SongExplainer::Settings s;
    s.windowSeconds = 6.0;
    return s;
}

} // namespace

class TestSongExplainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exhaustiveExplanationIsConsistent()
    {
        const StemSet stems = knownStems(10.0);
        const AudioBuffer mix = mixOf(stems);
        SongExplainer explainer(ModelPackage::untrained(8, 2), shortWindow());
        const SourceExplanation e = explainer.explainStems(mix, stems, SongInfo{"known.wav", 0, "", 0, 0, 0});
        QCOMPARE(e.components, stems.names);
        QCOMPARE(e.targets.size(), std::size_t(9));
        QCOMPARE(e.targets.back(), std::string("valence"));
        QVERIFY(e.explanation.perturbations.exhaustive);
        QCOMPARE(e.explanation.perturbations.rows.size(), std::size_t(16));
        // the excerpt is the middle 6 s of 10 s
        QVERIFY(std::fabs(e.excerptStartSeconds - 2.0) < 1e-3 && std::fabs(e.excerptEndSeconds - 8.0) < 1e-3);

        // row 0 (everything kept) is the model on the excerpt of the mix itself
        std::vector<float> mono = MonoResampler::toMono(mix, 22050);
        const std::vector<float> excerpt(mono.begin() + 44100, mono.begin() + 44100 + 132300);
        const Spectrogram spec = LogSpectrogramFrontEnd().compute(excerpt);
        BatchPredictor predictor(explainer.model().network);
        // the model window: the reference's times_to_frames(6 s) = 187 frames
        const WindowOutput direct = predictor.predict(spec, {0}, WindowPlan::secondsToFrames(6.0, 22050, 31.3)).front();
        for (std::size_t t = 0; t < 7; ++t) QVERIFY(std::fabs(e.explanation.predictions[0][t] - direct.concepts[t]) < 1e-3);

        // Shapley efficiency: the values add up to f(all) - f(none)
        const auto& rows = e.explanation.perturbations.rows;
        const std::size_t none = std::size_t(std::find(rows.begin(), rows.end(), std::vector<std::uint8_t>(4, 0)) - rows.begin());
        for (std::size_t t = 0; t < 9; ++t) {
            const auto& c = e.explanation.targets[t];
            QCOMPARE(c.shapley.size(), std::size_t(4));
            double sum = 0;
            for (double v : c.shapley) sum += v;
            QVERIFY(std::fabs(sum - (e.explanation.predictions[0][t] - e.explanation.predictions[none][t])) < 1e-6);
            QVERIFY(std::isfinite(c.r2));
        }
        const auto j = e.toJson();
        QCOMPARE(j["format"].get<std::string>(), std::string("emotrace-explanation"));
        QCOMPARE(j["audiolime"]["components"].size(), std::size_t(4));
    }

    void segmentsMultiplyComponents()
    {
        const StemSet stems = knownStems(6.0);
        auto settings = shortWindow();
        settings.segments = 2;
        settings.lime.samples = 40;
        settings.lime.seed = 7;
        SongExplainer explainer(ModelPackage::untrained(8, 2), settings);
        const SourceExplanation e = explainer.explainStems(mixOf(stems), stems, SongInfo{"known.wav", 0, "", 0, 0, 0});
        QCOMPARE(e.components.size(), std::size_t(8));
        QCOMPARE(e.components[0], std::string("vocals@0.0-3.0s"));
        QCOMPARE(e.components[1], std::string("vocals@3.0-6.0s"));
        QVERIFY(!e.explanation.perturbations.exhaustive);
        QVERIFY(e.explanation.targets[0].shapley.empty());
        // seeded: the same again, another seed differs
        const SourceExplanation again = explainer.explainStems(mixOf(stems), stems, SongInfo{"known.wav", 0, "", 0, 0, 0});
        QVERIFY(again.explanation.perturbations.rows == e.explanation.perturbations.rows);
        QVERIFY(again.explanation.targets[3].weights == e.explanation.targets[3].weights);
        settings.lime.seed = 8;
        SongExplainer other(ModelPackage::untrained(8, 2), settings);
        QVERIFY(other.explainStems(mixOf(stems), stems, SongInfo{"known.wav", 0, "", 0, 0, 0}).explanation.perturbations.rows
                != e.explanation.perturbations.rows);
    }

    void badInputAndCancellation()
    {
        const StemSet stems = knownStems(6.0);
        SongExplainer explainer(ModelPackage::untrained(8, 2), shortWindow());
        StemSet shorter = stems;
        shorter.stems[1].samples.resize(shorter.stems[1].samples.size() / 2);
        QVERIFY_THROWS_EXCEPTION(Error, explainer.explainStems(mixOf(stems), shorter, SongInfo{"x.wav", 0, "", 0, 0, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, explainer.explainStems(mixOf(stems), StemSet{}, SongInfo{"x.wav", 0, "", 0, 0, 0}));
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(Cancelled, explainer.explainStems(mixOf(stems), stems, SongInfo{"x.wav", 0, "", 0, 0, 0},
                                                                   Progress({}, &cancel)));
        auto bad = shortWindow();
        bad.segments = 0;
        QVERIFY_THROWS_EXCEPTION(Error, SongExplainer(ModelPackage::untrained(8, 2), bad));
    }
};

QTEST_GUILESS_MAIN(TestSongExplainer)
#include "tst_song_explainer.moc"
