// The real-recordings check: its statistics against hand-computed values, its audio
// proxies on generated signals whose tempo, percussiveness and mode are known, and a smoke
// run of the whole check (manifest, level one, proxies, tables, JSON, errors) on four
// generated recordings with an untrained model. The Debian recordings are not needed.

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <random>

#include "audio/AudioEncoder.h"
#include "evaluation/RankStatistics.h"
#include "evaluation/RealRecordingProxies.h"
#include "evaluation/RealRecordingsCheck.h"
#include "model/ModelPackage.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

constexpr int kRate = RealRecordingProxies::kSampleRate;
constexpr double kPi = 3.14159265358979323846;

/// Clicks (10-ms decaying noise bursts) at `bpm` for `seconds`.
std::vector<float> clickTrack(double bpm, double seconds, std::uint64_t seed = 7)
{
    std::vector<float> x(std::size_t(seconds * kRate), 0.0f);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    for (double t = 0.1; t < seconds; t += 60.0 / bpm) {
        const auto start = std::size_t(t * kRate);
        for (std::size_t i = 0; i < std::size_t(0.03 * kRate) && start + i < x.size(); ++i)
            x[start + i] += 0.8f * noise(rng) * float(std::exp(-double(i) / (0.01 * kRate)));
    }
    return x;
}

/// Chords (MIDI note lists), one per `chordSeconds`, cycled for `seconds`: sines with
/// three decaying harmonics and a soft attack, so nothing in it is percussive.
std::vector<float> chords(const std::vector<std::vector<int>>& progression, double chordSeconds, double seconds)
{
    std::vector<float> x(std::size_t(seconds * kRate), 0.0f);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / kRate;
        const auto& chord = progression[std::size_t(t / chordSeconds) % progression.size()];
        const double local = std::fmod(t, chordSeconds);
        const double envelope = std::min(1.0, local / 0.05) * std::min(1.0, (chordSeconds - local) / 0.05);
        double v = 0.0;
        for (int note : chord) {
            const double f = 440.0 * std::pow(2.0, (note - 69) / 12.0);
            for (int h = 1; h <= 3; ++h) v += std::sin(2.0 * kPi * f * h * t) / (h * h);
        }
        x[i] = float(0.15 * envelope * v);
    }
    return x;
}

const std::vector<std::vector<int>> kCMajor{{60, 64, 67}, {65, 69, 72}, {67, 71, 74}, {60, 64, 67}};
const std::vector<std::vector<int>> kCMinor{{60, 63, 67}, {65, 68, 72}, {67, 71, 74}, {60, 63, 67}};

void writeWav(const QString& file, const std::vector<float>& mono)
{
    AudioBuffer b;
    b.sampleRate = kRate;
    b.channels = 1;
    b.samples = mono;
    AudioEncoder::write(file.toStdString(), b, AudioEncoder::Format::Wav, 16);
}

} // namespace

class TestRealCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ranksAverageTies()
    {
        const std::vector<double> x{3.0, 1.0, 2.0, 2.0};
        QCOMPARE(RankStatistics::ranks(x), (std::vector<double>{4.0, 1.0, 2.5, 2.5}));
    }

    void spearmanByHand()
    {
        // ranks x 1, 2.5, 2.5, 4; ranks y 1, 3, 2, 4: sum dxdy 4.5, sum dx^2 4.5, sum dy^2 5
        const std::vector<double> x{1, 2, 2, 3}, y{1, 3, 2, 4};
        QVERIFY(std::abs(RankStatistics::spearman(x, y) - 3.0 / std::sqrt(10.0)) < 1e-12);
        const std::vector<double> up{1, 5, 9, 20}, down{4, 3, 2, 1};
        QCOMPARE(RankStatistics::spearman(up, up), 1.0);
        QCOMPARE(RankStatistics::spearman(up, down), -1.0);
        const std::vector<double> constant{2, 2, 2, 2};
        QVERIFY(std::isnan(RankStatistics::spearman(up, constant)));
    }

    void aucByHand()
    {
        // positives 0.35, 0.8 against negatives 0.1, 0.4: 3 of 4 pairs won
        const std::vector<double> s{0.1, 0.4, 0.35, 0.8};
        QCOMPARE(RankStatistics::auc(s, {false, false, true, true}), 0.75);
        const std::vector<double> tie{0.5, 0.5};
        QCOMPARE(RankStatistics::auc(tie, {true, false}), 0.5);
        QVERIFY(std::isnan(RankStatistics::auc(tie, {true, true})));
    }

    void standardDeviationByHand()
    {
        const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, squares 32, n - 1 = 7
        QVERIFY(std::abs(RankStatistics::standardDeviation(v) - std::sqrt(32.0 / 7.0)) < 1e-12);
        QCOMPARE(RankStatistics::mean(v), 5.0);
    }

    void bootstrapContainsEstimate()
    {
        std::vector<double> x, y;
        std::mt19937_64 rng(3);
        std::normal_distribution<double> n01;
        for (int i = 0; i < 40; ++i) {
            x.push_back(n01(rng));
            y.push_back(x.back() + n01(rng));
        }
        const double rho = RankStatistics::spearman(x, y);
        const auto ci = RankStatistics::bootstrapSpearman(x, y, 1000, 5);
        QVERIFY2(ci.low <= rho && rho <= ci.high, qPrintable(QString("rho %1 [%2, %3]").arg(rho).arg(ci.low).arg(ci.high)));
        QVERIFY(ci.low > 0.2 && ci.high < 1.0 && ci.high - ci.low > 0.05);
        const auto again = RankStatistics::bootstrapSpearman(x, y, 1000, 5);
        QCOMPARE(again.low, ci.low); // seeded: reproducible
        QCOMPARE(again.high, ci.high);
    }

    void tempoOfClickTracks_data()
    {
        QTest::addColumn<double>("bpm");
        QTest::newRow("90") << 90.0;
        QTest::newRow("150") << 150.0;
        QTest::newRow("120") << 120.0;
    }
    void tempoOfClickTracks()
    {
        QFETCH(double, bpm);
        const auto [tempo, strength] = RealRecordingProxies::tempo(clickTrack(bpm, 20.0));
        qInfo("click track at %.0f BPM: %.1f BPM, strength %.2f", bpm, tempo, strength);
        QVERIFY2(std::abs(tempo - bpm) / bpm < 0.05, qPrintable(QString::number(tempo)));
        QVERIFY(strength > 0.2);
    }

    void percussiveShareOrdersNoiseAndChords()
    {
        const double clicks = RealRecordingProxies::percussiveShare(clickTrack(240.0, 10.0));
        const double chord = RealRecordingProxies::percussiveShare(chords(kCMajor, 2.0, 10.0));
        qInfo("percussive share: noise bursts %.3f, sustained chords %.3f", clicks, chord);
        QVERIFY(clicks > chord + 0.3);
        QVERIFY(chord < 0.2);
    }

    void modeOfChordProgressions()
    {
        const auto major = RealRecordingProxies::key(RealRecordingProxies::chroma(chords(kCMajor, 1.0, 12.0)));
        const auto minor = RealRecordingProxies::key(RealRecordingProxies::chroma(chords(kCMinor, 1.0, 12.0)));
        qInfo("C major progression: tonic %d minor %d confidence %.2f; C minor: tonic %d minor %d confidence %.2f", major.tonic,
              int(major.minor), major.confidence, minor.tonic, int(minor.minor), minor.confidence);
        QVERIFY(!major.minor);
        QCOMPARE(major.tonic, 0);
        QVERIFY(minor.minor);
        QCOMPARE(minor.tonic, 0);
        QVERIFY(major.confidence > 0.0 && minor.confidence > 0.0);
    }

    void computeRejectsShortAudio()
    {
        const std::vector<float> shortAudio(std::size_t(kRate), 0.1f);
        QVERIFY_THROWS_EXCEPTION(Error, RealRecordingProxies::compute(shortAudio, "short.wav"));
    }

    void smokeRunOnGeneratedRecordings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeWav(dir.filePath("fast.wav"), clickTrack(160.0, 8.0, 1));
        writeWav(dir.filePath("slow.wav"), clickTrack(70.0, 8.0, 2));
        writeWav(dir.filePath("major.wav"), chords(kCMajor, 1.0, 8.0));
        writeWav(dir.filePath("minor.wav"), chords(kCMinor, 1.0, 8.0));
        const QString manifest = dir.filePath("manifest.csv");
        {
            std::ofstream out(manifest.toStdString());
            out << "package,path,split,style_group,mode\n"
                << "gen,fast.wav,dev,energetic,\n"
                << "gen,slow.wav,dev,calm,\n"
                << "gen,major.wav,dev,neutral,major\n"
                << "gen," << dir.filePath("minor.wav").toStdString() << ",dev,neutral,minor\n"
                << "gen,not-there.wav,train-unlabelled,neutral,\n"; // other splits are not read
        }
        RealRecordingsCheck::Settings settings;
        settings.analysis.windowSeconds = 5.0;
        settings.analysis.hopSeconds = 2.5;
        settings.bootstrapReplicates = 200;
        RealRecordingsCheck check(ModelPackage::untrained(8, 1), settings);
        int calls = 0;
        const auto result = check.run(manifest.toStdString(), [&calls](int, int n, const RealRecordingsCheck::Song&) {
            ++calls;
            QCOMPARE(n, 4);
        });
        QCOMPARE(calls, 4);
        QCOMPARE(int(result.songs.size()), 4);
        QCOMPARE(int(result.targets.size()), 9);
        QCOMPARE(int(result.stats.size()), 9);
        QCOMPARE(int(result.goals.size()), 6);
        QCOMPARE(result.songs[2].modeSource, std::string("manifest"));
        QCOMPARE(result.songs[0].modeSource, std::string("audio"));
        QVERIFY(std::abs(result.songs[0].proxies.tempoBpm - 160.0) < 8.0);
        QVERIFY(result.songs[0].proxies.percussiveShare > result.songs[2].proxies.percussiveShare);
        for (const auto& s : result.stats) {
            QVERIFY(std::isfinite(s.standardDeviation));
            QVERIFY(std::isfinite(s.aucEnergeticVsCalm)); // one energetic, one calm
            QVERIFY(std::isfinite(s.aucMinorVsMajor));
        }
        const auto json = result.toJson();
        QCOMPARE(json["songs"].size(), std::size_t(4));
        QVERIFY(json["targets"].contains("arousal"));
        QVERIFY(json["goals"][0].contains("met"));
        const std::string table = result.formatTable();
        QVERIFY(table.find("UNTRAINED") != std::string::npos);
        QVERIFY(table.find("arousal std over songs") != std::string::npos);
        qInfo("%s", table.c_str());

        // a dev row whose file is missing: one error naming the manifest and the file
        {
            std::ofstream out(manifest.toStdString(), std::ios::app);
            out << "gen,gone.wav,dev,neutral,\n";
        }
        try {
            check.run(manifest.toStdString());
            QFAIL("missing file accepted");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("manifest.csv") != std::string::npos && what.find("gone.wav") != std::string::npos, e.what());
        }
    }

    void manifestErrorsNameFileAndLine()
    {
        QTemporaryDir dir;
        const QString manifest = dir.filePath("bad.csv");
        {
            std::ofstream out(manifest.toStdString());
            out << "package,path,split,style_group\nx,a.wav,dev,loud\n";
        }
        try {
            RealRecordingsCheck::readManifest(manifest.toStdString());
            QFAIL("bad style group accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("bad.csv:2") != std::string::npos, e.what());
        }
        {
            std::ofstream out(manifest.toStdString());
            out << "package,path,style_group\nx,a.wav,calm\n";
        }
        QVERIFY_THROWS_EXCEPTION(Error, RealRecordingsCheck::readManifest(manifest.toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestRealCheck)
#include "tst_realcheck.moc"
