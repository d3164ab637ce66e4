// The built-in classical separator on a synthetic mix with known sources.

#include <QTest>

#include <cmath>
#include <numbers>
#include <random>

#include "separation/BuiltinSeparator.h"
#include "separation/SeparationQuality.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

constexpr int kRate = 44100;

AudioBuffer stereo(double seconds, const std::function<std::pair<float, float>(double t, std::int64_t i)>& f)
{
    AudioBuffer a;
    a.sampleRate = kRate;
    a.channels = 2;
    const auto n = std::int64_t(seconds * kRate);
    a.samples.resize(std::size_t(2 * n));
    for (std::int64_t i = 0; i < n; ++i) {
        const auto [l, r] = f(double(i) / kRate, i);
        a.samples[std::size_t(2 * i)] = l;
        a.samples[std::size_t(2 * i + 1)] = r;
    }
    return a;
}

struct Sources {
    AudioBuffer vocals, drums, bass, other, mix;
};

Sources makeSources()
{
    using std::numbers::pi;
    Sources s;
    // a sung-like line in the centre: harmonic tone with vibrato, changing notes
    s.vocals = stereo(6.0, [](double t, std::int64_t) {
        const double f0 = 440.0 * std::pow(2.0, double(int(t * 2) % 4) / 12.0);
        const double phase = 2 * pi * f0 * t + 0.8 * std::sin(2 * pi * 5.5 * t);
        const float v = float(0.2 * (std::sin(phase) + 0.5 * std::sin(2 * phase) + 0.25 * std::sin(3 * phase)));
        return std::pair{v, v};
    });
    // clicks and noise bursts every quarter second, panned a little
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.0f, 0.3f);
    s.drums = stereo(6.0, [&](double, std::int64_t i) {
        const std::int64_t k = i % (kRate / 4);
        const float env = float(std::exp(-double(k) / 600.0));
        const float x = env * noise(rng);
        return std::pair{0.7f * x, 1.0f * x};
    });
    s.bass = stereo(6.0, [](double t, std::int64_t) {
        const float v = float(0.3 * std::sin(2 * pi * 55.0 * t));
        return std::pair{v, v};
    });
    // a sustained chord hard left (not centre, above the bass band)
    s.other = stereo(6.0, [](double t, std::int64_t) {
        const float v = float(0.08 * (std::sin(2 * pi * 330.0 * t) + std::sin(2 * pi * 415.3 * t) + std::sin(2 * pi * 493.9 * t)));
        return std::pair{v, 0.0f};
    });
    s.mix = s.vocals;
    for (const AudioBuffer* src : {&s.drums, &s.bass, &s.other})
        for (std::size_t i = 0; i < s.mix.samples.size(); ++i) s.mix.samples[i] += src->samples[i];
    return s;
}

} // namespace

class TestBuiltinSeparator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stemsSumToTheMix()
    {
        const Sources s = makeSources();
        BuiltinSeparator separator;
        const StemSet stems = separator.separate(s.mix, "synthetic.wav");
        QCOMPARE(stems.names, (std::vector<std::string>{"vocals", "drums", "bass", "other"}));
        QCOMPARE(stems.backend, std::string("builtin"));
        float worst = 0;
        for (std::size_t i = 0; i < s.mix.samples.size(); ++i) {
            float sum = 0;
            for (const auto& stem : stems.stems) sum += stem.samples[i];
            worst = std::max(worst, std::fabs(sum - s.mix.samples[i]));
        }
        QVERIFY2(worst < 1e-5f, qPrintable(QString::number(double(worst))));
        for (const auto& stem : stems.stems) {
            QCOMPARE(stem.sampleRate, kRate);
            QCOMPARE(stem.channels, 2);
            QCOMPARE(stem.frameCount(), s.mix.frameCount());
        }
    }

    void eachStemCarriesItsSource()
    {
        const Sources s = makeSources();
        BuiltinSeparator separator;
        const StemSet stems = separator.separate(s.mix, "synthetic.wav");
        const double vocals = SeparationQuality::sdr(s.vocals, stems.stems[0]);
        const double drums = SeparationQuality::sdr(s.drums, stems.stems[1]);
        const double bass = SeparationQuality::sdr(s.bass, stems.stems[2]);
        const double other = SeparationQuality::sdr(s.other, stems.stems[3]);
        qInfo("SDR vocals %.1f dB, drums %.1f dB, bass %.1f dB, other %.1f dB", vocals, drums, bass, other);
        // clearly better than leaving the stem silent (0 dB) and than giving it the mix
        for (auto [sdr, ref] : {std::pair{vocals, &s.vocals}, {drums, &s.drums}, {bass, &s.bass}, {other, &s.other}}) {
            QVERIFY(sdr > 2.0);
            QVERIFY(sdr > SeparationQuality::sdr(*ref, s.mix));
        }
    }

    void monoHasNoVocalsAndSaysSo()
    {
        AudioBuffer mono;
        mono.sampleRate = 22050;
        mono.channels = 1;
        mono.samples.resize(22050 * 2);
        for (std::size_t i = 0; i < mono.samples.size(); ++i) mono.samples[i] = float(0.3 * std::sin(0.05 * double(i)));
        BuiltinSeparator separator;
        const StemSet stems = separator.separate(mono, "mono.wav");
        QCOMPARE(stems.warnings.size(), std::size_t(1));
        QVERIFY(std::all_of(stems.stems[0].samples.begin(), stems.stems[0].samples.end(), [](float v) { return std::fabs(v) < 1e-6f; }));
    }

    void sdrDefinition()
    {
        AudioBuffer a;
        a.sampleRate = 10;
        a.channels = 1;
        a.samples = {1, -1, 1, -1};
        AudioBuffer half = a;
        for (float& v : half.samples) v *= 0.5f;
        QVERIFY(std::fabs(SeparationQuality::sdr(a, half) - 10 * std::log10(4.0)) < 1e-6);
        QVERIFY(SeparationQuality::sdr(a, a) > 80.0);
        AudioBuffer other = a;
        other.samples.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, SeparationQuality::sdr(a, other));
    }

    void emptyInputAndCancellation()
    {
        BuiltinSeparator separator;
        QVERIFY_THROWS_EXCEPTION(Error, separator.separate(AudioBuffer{}, "empty.wav"));
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(Cancelled, separator.separate(makeSources().mix, "x.wav", Progress({}, &cancel)));
    }
};

QTEST_GUILESS_MAIN(TestBuiltinSeparator)
#include "tst_separation_builtin.moc"
