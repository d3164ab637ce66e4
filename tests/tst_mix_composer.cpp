// Spectrograms of stem mixes composed in the STFT domain equal the front end on the
// mixed waveform.

#include <QTest>

#include <cmath>
#include <numbers>
#include <random>

#include "explain/MixSpectrogramComposer.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

constexpr float kTolerance = 2e-5f; // log10(1+x) units; float rounding of a 4-term sum and 1/peak

std::vector<std::vector<float>> components()
{
    const std::size_t n = 22050 * 6;
    std::vector<std::vector<float>> c(4, std::vector<float>(n, 0.0f));
    std::mt19937 rng(9);
    std::normal_distribution<float> noise(0.0f, 0.2f);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = double(i) / 22050.0;
        c[0][i] = float(0.4 * std::sin(2 * std::numbers::pi * 220.0 * t));                      // whole length
        c[1][i] = (i % 5512) < 400 ? noise(rng) : 0.0f;                                           // clicks, zeros between
        c[2][i] = i >= 30000 ? float(0.3 * std::sin(2 * std::numbers::pi * 660.0 * t)) : 0.0f;    // starts late
        c[3][i] = i < n - 40000 ? float(0.6 * std::sin(2 * std::numbers::pi * 97.0 * t)) : 0.0f;  // ends early, loudest
    }
    return c;
}

float maxDiff(const Spectrogram& a, const Spectrogram& b)
{
    if (a.frames != b.frames || a.bands != b.bands) return std::numeric_limits<float>::infinity();
    float worst = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i) worst = std::max(worst, std::fabs(a.values[i] - b.values[i]));
    return worst;
}

} // namespace

class TestMixComposer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyMixEqualsTheFrontEnd()
    {
        const MixSpectrogramComposer composer(LogSpectrogramFrontEnd{}, components());
        for (int m = 0; m < 16; ++m) {
            std::vector<std::uint8_t> mask(4);
            for (int i = 0; i < 4; ++i) mask[std::size_t(i)] = (m >> i) & 1;
            const Spectrogram a = composer.compose(mask);
            const Spectrogram b = composer.direct(mask);
            const float d = maxDiff(a, b);
            QVERIFY2(d <= kTolerance, qPrintable(QString("mask %1: diff %2").arg(m).arg(double(d))));
        }
    }

    /// A component switched off is silence in place: every mix keeps the excerpt's frame
    /// grid, whether its audio ends early or starts late (the front end's zero trimming
    /// would shorten or shift it, and the model's loop padding would then replay it).
    void switchedOffIsSilenceInPlace()
    {
        const auto c = components();
        const MixSpectrogramComposer composer(LogSpectrogramFrontEnd{}, c);
        const LogSpectrogramFrontEnd fe;
        const double hop = fe.parameters().hop();
        const int frameSize = fe.parameters().frameSize;
        const Spectrogram full = composer.compose({1, 1, 1, 1});
        const Spectrogram endsEarly = composer.compose({0, 0, 0, 1});
        const Spectrogram startsLate = composer.compose({0, 0, 1, 0});
        QCOMPARE(endsEarly.frames, full.frames);
        QCOMPARE(startsLate.frames, full.frames);
        const std::int64_t end = std::int64_t(c[3].size()) - 40000, start = 30000;
        for (std::int64_t f = 0; f < full.frames; ++f) {
            const double first = double(f) * hop; // frame f covers [f * hop, f * hop + frameSize)
            float early = 0, late = 0;
            for (int b = 0; b < full.bands; ++b) {
                early = std::max(early, endsEarly.values[std::size_t(b) * std::size_t(full.frames) + std::size_t(f)]);
                late = std::max(late, startsLate.values[std::size_t(b) * std::size_t(full.frames) + std::size_t(f)]);
            }
            if (first > double(end)) QCOMPARE(early, 0.0f);                      // after its end: silence
            if (first + frameSize < double(end) - 1.0) QVERIFY(early > 0.0f);
            if (first + frameSize <= double(start)) QCOMPARE(late, 0.0f);        // before its start: silence
            if (first > double(start) + 1.0) QVERIFY(late > 0.0f);
        }
    }

    void silenceGivesZeros()
    {
        const MixSpectrogramComposer composer(LogSpectrogramFrontEnd{}, components());
        const Spectrogram s = composer.compose({0, 0, 0, 0});
        QVERIFY(s.frames > 0);
        for (float v : s.values) QCOMPARE(v, 0.0f);
    }

    void badInput()
    {
        QVERIFY_THROWS_EXCEPTION(Error, MixSpectrogramComposer(LogSpectrogramFrontEnd{}, {}));
        QVERIFY_THROWS_EXCEPTION(Error, MixSpectrogramComposer(LogSpectrogramFrontEnd{}, {{0.1f, 0.2f}, {0.1f}}));
        const MixSpectrogramComposer composer(LogSpectrogramFrontEnd{}, components());
        QVERIFY_THROWS_EXCEPTION(Error, composer.compose({1, 0}));
    }
};

QTEST_GUILESS_MAIN(TestMixComposer)
#include "tst_mix_composer.moc"
