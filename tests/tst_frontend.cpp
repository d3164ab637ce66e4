// Parity of the front end with madmom's log-filtered spectrogram (fixtures/madmom).

#include <QTest>

#include <cmath>

#include "TestData.h"
#include "dsp/FrameGrid.h"
#include "dsp/LogSpectrogramFrontEnd.h"
#include "util/Error.h"

using namespace emotrace;
using namespace emotrace::test;

namespace {
constexpr float kSpecTolerance = 5e-7f; // fixtures/madmom/README.md section 3
}

class TestFrontEnd : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filterbankIsBitExact()
    {
        const LogFilterbank bank{FrontEndParameters{}};
        QCOMPARE(bank.bandCount(), 149);
        QCOMPARE(bank.binCount(), 1024);
        const auto reference = readRaw<float>(madmomFixture("filterbank_1024x149.f32"));
        const auto ours = bank.denseMatrix();
        QCOMPARE(ours.size(), reference.size());
        int differing = 0;
        for (std::size_t i = 0; i < ours.size(); ++i) differing += ours[i] != reference[i];
        QCOMPARE(differing, 0);
    }

    void windowWithinOneUlp()
    {
        // numpy's cos on the reference machine is AVX-512 SVML, not correctly rounded:
        // glibc's cos differs in the last bit for ~40 % of the values. Allow 1 ulp of cos,
        // i.e. an absolute 2.3e-16 (0.5 + 0.5 cos cancels near the ends of the window).
        const LogSpectrogramFrontEnd frontEnd;
        const auto reference = readRaw<double>(madmomFixture("window_hann2048.f64"));
        QCOMPARE(frontEnd.window().size(), reference.size());
        for (std::size_t i = 0; i < reference.size(); ++i) {
            const double a = frontEnd.window()[i], b = reference[i];
            QVERIFY2(std::fabs(a - b) <= 2.3e-16, qPrintable(QString("window[%1]").arg(i)));
        }
    }

    void framingMatchesReference_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("key");
        for (const char* name : {"a_sine440_3s", "b_noise_5s", "c_chirp_4s", "d_sines_clicks_2p5s", "e_padded_zeros", "f_short_0p05s"})
            QTest::newRow(name) << QString(name) + ".json" << QString();
        QTest::newRow("40s") << "framing_long.json" << "40s_882000samples";
        QTest::newRow("45s") << "framing_long.json" << "45s_992250samples";
    }
    void framingMatchesReference()
    {
        QFETCH(QString, json);
        QFETCH(QString, key);
        const auto j = readJson(madmomFixture(json.toStdString()));
        std::int64_t samples;
        nlohmann::json framing;
        if (key.isEmpty()) {
            samples = j["trim"]["num_samples_after_trim"];
            framing = j["framing"];
        } else {
            framing = j[key.toStdString()];
            samples = framing["num_samples"];
        }
        const FrameGrid grid(FrontEndParameters{}.hop(), samples);
        QCOMPARE(grid.frameCount(), framing["num_frames"].get<std::int64_t>());
        const auto starts = framing["frame_start_samples"].get<std::vector<std::int64_t>>();
        QCOMPARE(std::int64_t(starts.size()), grid.frameCount());
        for (std::size_t i = 0; i < starts.size(); ++i) QCOMPARE(grid.frameStart(std::int64_t(i)), starts[i]);
    }

    void stagesOfSinesAndClicks()
    {
        const LogSpectrogramFrontEnd frontEnd;
        const auto input = readRaw<float>(madmomFixture("d_sines_clicks_2p5s.input.f32"));
        // stage 1: trimmed and normalised, bit-exact
        const auto prepared = LogSpectrogramFrontEnd::trimAndNormalise(input);
        const auto stage1 = readRaw<float>(madmomFixture("d_sines_clicks_2p5s.stage1_signal.f32"));
        QCOMPARE(prepared.size(), stage1.size());
        for (std::size_t i = 0; i < prepared.size(); ++i) QCOMPARE(prepared[i], stage1[i]);

        // stage 2: complex64 STFT, bit-exact with the reference's own window table
        // (pocketfft in double, as scipy)
        const LogSpectrogramFrontEnd referenceWindowed(FrontEndParameters{}, readRaw<double>(madmomFixture("window_hann2048.f64")));
        const auto stft = referenceWindowed.stft(prepared);
        const auto stage2 = readRaw<std::complex<float>>(madmomFixture("d_sines_clicks_2p5s.stage2_stft.c64"));
        QCOMPARE(stft.size(), stage2.size());
        int differing = 0;
        for (std::size_t i = 0; i < stft.size(); ++i) differing += stft[i] != stage2[i];
        QCOMPARE(differing, 0);
        // with the computed window (last-bit differences) the STFT stays within 1e-6 relative
        const auto own = frontEnd.stft(prepared);
        float peak = 0, worst = 0;
        for (std::size_t i = 0; i < own.size(); ++i) {
            peak = std::max(peak, std::abs(stage2[i]));
            worst = std::max(worst, std::abs(own[i] - stage2[i]));
        }
        QVERIFY2(worst <= 1e-6f * peak, qPrintable(QString("STFT differs by %1 of peak %2").arg(double(worst)).arg(double(peak))));

        // stage 3: magnitude of the reference STFT, bit-exact
        const auto stage3 = readRaw<float>(madmomFixture("d_sines_clicks_2p5s.stage3_magnitude.f32"));
        QCOMPARE(stage3.size(), stage2.size());
        for (std::size_t i = 0; i < stage2.size(); ++i) QCOMPARE(LogSpectrogramFrontEnd::magnitude(stage2[i]), stage3[i]);

        // stage 4: filterbank applied to the reference magnitude, bit-exact
        const auto stage4 = readRaw<float>(madmomFixture("d_sines_clicks_2p5s.stage4_filtered.f32"));
        const std::size_t frames = stage3.size() / 1024;
        QCOMPARE(stage4.size(), frames * 149);
        std::vector<float> bands(149);
        for (std::size_t f = 0; f < frames; ++f) {
            frontEnd.filterbank().apply(stage3.data() + f * 1024, bands.data());
            for (int k = 0; k < 149; ++k) QCOMPARE(bands[k], stage4[f * 149 + std::size_t(k)]);
        }
    }

    void spectrogramWithinTolerance_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* name : {"a_sine440_3s", "b_noise_5s", "c_chirp_4s", "d_sines_clicks_2p5s", "e_padded_zeros", "f_short_0p05s"})
            QTest::newRow(name) << QString(name);
    }
    void spectrogramWithinTolerance()
    {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        const auto meta = readJson(madmomFixture(n + ".json"));
        const auto input = readRaw<float>(madmomFixture(n + ".input.f32"));
        const auto reference = readRaw<float>(madmomFixture(n + ".spec.f32"));
        const LogSpectrogramFrontEnd frontEnd;
        const Spectrogram spec = frontEnd.compute(input);
        QCOMPARE(spec.bands, meta["output"]["shape"][0].get<int>());
        QCOMPARE(spec.frames, meta["output"]["shape"][1].get<std::int64_t>());
        QCOMPARE(spec.values.size(), reference.size());
        float worst = 0;
        for (std::size_t i = 0; i < reference.size(); ++i) worst = std::max(worst, std::fabs(spec.values[i] - reference[i]));
        QVERIFY2(worst <= kSpecTolerance, qPrintable(QString("max abs diff %1").arg(double(worst))));
    }

    void silenceGivesZerosNotNaN()
    {
        const LogSpectrogramFrontEnd frontEnd;
        const std::vector<float> silence(44100, 0.0f);
        const Spectrogram spec = frontEnd.compute(silence);
        QCOMPARE(spec.bands, 149);
        QCOMPARE(spec.frames, std::int64_t(std::ceil(44100 / FrontEndParameters{}.hop())));
        for (float v : spec.values) QCOMPARE(v, 0.0f);
    }

    void emptyInputGivesNoFrames()
    {
        const LogSpectrogramFrontEnd frontEnd;
        const Spectrogram spec = frontEnd.compute(std::vector<float>{});
        QCOMPARE(spec.frames, std::int64_t(0));
        QVERIFY(spec.values.empty());
    }

    void negativeZeroIsTrimmed()
    {
        const std::vector<float> x{-0.0f, 0.0f, 0.5f, -0.25f, 0.0f, -0.0f};
        const auto prepared = LogSpectrogramFrontEnd::trimAndNormalise(x);
        QCOMPARE(prepared.size(), std::size_t(2));
        QCOMPARE(prepared[0], 1.0f);
        QCOMPARE(prepared[1], -0.5f);
    }

    void invalidParametersAreRefused()
    {
        FrontEndParameters odd;
        odd.frameSize = 2047;
        QVERIFY_THROWS_EXCEPTION(Error, LogSpectrogramFrontEnd{odd});
        FrontEndParameters noFps;
        noFps.framesPerSecond = 0;
        QVERIFY_THROWS_EXCEPTION(Error, LogSpectrogramFrontEnd{noFps});
        FrontEndParameters inverted;
        inverted.minFrequency = 20000;
        QVERIFY_THROWS_EXCEPTION(Error, LogSpectrogramFrontEnd{inverted});
    }

    void nonFiniteInputIsAnError()
    {
        const std::vector<float> x{0.1f, std::nanf(""), 0.2f};
        QVERIFY_THROWS_EXCEPTION(Error, LogSpectrogramFrontEnd::trimAndNormalise(x));
    }

};

QTEST_GUILESS_MAIN(TestFrontEnd)
#include "tst_frontend.moc"
