// SeparationBenchmark on music-lab song folders (mix.flac + stems/<stem>.flac, the layout
// LabSongWriter writes) built here from synthetic sources, with separators whose output
// is known: an oracle returning the true stems scores very high, silence scores 0 dB
// (SeparationQuality's epsilon makes 0/0 vanish), a half-gain estimate scores
// 10 log10(4) = 6.02 dB; true stems the separator lacks are scored within its "other";
// stems silent in the song are left out; folders that are not lab songs are refused.

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>
#include <map>
#include <numbers>

#include "audio/AudioDecoder.h"
#include "audio/AudioEncoder.h"
#include "separation/SeparationQuality.h"
#include "util/Error.h"
#include "vocab/Stem.h"
#if __has_include("evaluation/SeparationBenchmark.h")
#include "evaluation/SeparationBenchmark.h"
#else
#include "separation/SeparationBenchmark.h"
#endif

using namespace emotrace;
namespace fs = std::filesystem;

namespace {

constexpr int kRate = 44100;
constexpr double kSeconds = 1.5;

/// A stereo source: a tone at `hz` with a slow tremolo, scaled by `gain` (0: silence).
AudioBuffer source(double hz, double gain, double pan)
{
    AudioBuffer a{kRate, 2, {}};
    const auto n = std::int64_t(kSeconds * kRate);
    a.samples.resize(std::size_t(2 * n));
    for (std::int64_t i = 0; i < n; ++i) {
        const double t = double(i) / kRate;
        const double v = gain * std::sin(2 * std::numbers::pi * hz * t) * (0.7 + 0.3 * std::sin(2 * std::numbers::pi * 1.3 * t));
        a.samples[std::size_t(2 * i)] = float(v * (1.0 - pan));
        a.samples[std::size_t(2 * i + 1)] = float(v * (1.0 + pan));
    }
    return a;
}

AudioBuffer sum(const std::vector<const AudioBuffer*>& parts)
{
    AudioBuffer out = *parts.front();
    for (std::size_t p = 1; p < parts.size(); ++p)
        for (std::size_t i = 0; i < out.samples.size(); ++i) out.samples[i] += parts[p]->samples[i];
    return out;
}

AudioBuffer scaled(const AudioBuffer& a, float gain)
{
    AudioBuffer out = a;
    for (float& v : out.samples) v *= gain;
    return out;
}

AudioBuffer silenceLike(const AudioBuffer& a)
{
    AudioBuffer out = a;
    std::fill(out.samples.begin(), out.samples.end(), 0.0f);
    return out;
}

/// Writes a lab-song folder; `gains` per stem name (0 makes that stem silent). Returns
/// the true stems as decoded from the written files (what the benchmark compares with).
std::map<std::string, AudioBuffer> writeLabSong(const fs::path& folder, const std::map<std::string, double>& gains)
{
    const std::map<std::string, double> hz{{"vocals", 440.0}, {"drums", 2500.0}, {"bass", 55.0}, {"piano", 262.0}, {"other", 660.0}};
    fs::create_directories(folder / "stems");
    std::map<std::string, AudioBuffer> stems;
    std::vector<const AudioBuffer*> parts;
    double pan = -0.6;
    for (Stem stem : allStems()) {
        const std::string name = stemName(stem);
        stems[name] = source(hz.at(name), 0.15 * gains.at(name), pan);
        pan += 0.3;
        AudioEncoder::write(folder / "stems" / (name + ".flac"), stems[name], AudioEncoder::Format::Flac, 24);
        parts.push_back(&stems[name]);
    }
    AudioEncoder::write(folder / "mix.flac", sum(parts), AudioEncoder::Format::Flac, 24);
    std::map<std::string, AudioBuffer> decoded;
    for (const auto& [name, buffer] : stems) decoded[name] = AudioDecoder::decode(folder / "stems" / (name + ".flac"));
    return decoded;
}

/// Returns fixed stems (made from the mix it is given, so lengths always match).
class FixedSeparator : public Separator {
public:
    using Make = std::function<StemSet(const AudioBuffer& mix)>;
    explicit FixedSeparator(Make make) : m_make(std::move(make)) {}
    std::string name() const override { return "fixed"; }
    StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress&) override
    {
        ++calls;
        lastMixFile = mixFile;
        StemSet set = m_make(mix);
        set.backend = "fixed";
        for (const auto& s : set.stems)
            if (s.samples.size() != mix.samples.size() || s.channels != mix.channels) throw Error("fixed separator: wrong length");
        return set;
    }
    int calls = 0;
    std::string lastMixFile;

private:
    Make m_make;
};

StemSet stemsOf(const std::map<std::string, AudioBuffer>& stems, const std::vector<std::string>& names)
{
    StemSet set;
    for (const auto& name : names) {
        set.names.push_back(name);
        set.stems.push_back(stems.at(name));
    }
    return set;
}

const std::map<std::string, double> kAllAudible{{"vocals", 1}, {"drums", 1}, {"bass", 1}, {"piano", 1}, {"other", 1}};

} // namespace

class TestSeparationBenchmark : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    fs::path folder(const char* name) const { return fs::path(m_dir.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void oracleScoresVeryHigh()
    {
        const auto truth = writeLabSong(folder("oracle"), kAllAudible);
        FixedSeparator oracle([&](const AudioBuffer&) { return stemsOf(truth, {"vocals", "drums", "bass", "piano", "other"}); });
        const auto sdr = SeparationBenchmark::evaluate(folder("oracle"), oracle);
        QCOMPARE(oracle.calls, 1);
        QCOMPARE(fs::path(oracle.lastMixFile), folder("oracle") / "mix.flac");
        QCOMPARE(sdr.size(), std::size_t(5));
        for (const auto& [name, value] : sdr) {
            qInfo("oracle %s: %.1f dB", name.c_str(), value);
            QVERIFY2(value > 100.0, name.c_str()); // exact stems: only the 1e-9 epsilon bounds it
        }
    }

    void silenceScoresZeroDecibels()
    {
        const auto truth = writeLabSong(folder("silence"), kAllAudible);
        FixedSeparator silent([&](const AudioBuffer& mix) {
            StemSet set;
            for (const char* name : {"vocals", "drums", "bass", "piano", "other"}) {
                set.names.push_back(name);
                set.stems.push_back(silenceLike(mix));
            }
            return set;
        });
        const auto sdr = SeparationBenchmark::evaluate(folder("silence"), silent);
        QCOMPARE(sdr.size(), std::size_t(5));
        for (const auto& [name, value] : sdr) QVERIFY2(std::fabs(value) < 1e-6, (name + " " + std::to_string(value)).c_str());
    }

    void gainErrorsCountAsDistortion()
    {
        // Half the true stem: error = s / 2, so SDR = 10 log10(4) = 6.0206 dB.
        const auto truth = writeLabSong(folder("half"), kAllAudible);
        FixedSeparator half([&](const AudioBuffer&) {
            StemSet set = stemsOf(truth, {"vocals", "drums", "bass", "piano", "other"});
            for (auto& s : set.stems) s = scaled(s, 0.5f);
            return set;
        });
        const auto sdr = SeparationBenchmark::evaluate(folder("half"), half);
        QCOMPARE(sdr.size(), std::size_t(5));
        for (const auto& [name, value] : sdr) QVERIFY2(std::fabs(value - 10.0 * std::log10(4.0)) < 1e-3, name.c_str());
    }

    void missingStemsAreScoredWithinOther()
    {
        // A four-stem separator (no piano, like the built-in one): its "other" is compared
        // with other + piano. The oracle for that layout scores very high; an "other" that
        // misses the piano scores exactly |other + piano|^2 / |piano|^2.
        const auto truth = writeLabSong(folder("fourstems"), kAllAudible);
        const AudioBuffer otherAndPiano = sum({&truth.at("other"), &truth.at("piano")});
        FixedSeparator oracle([&](const AudioBuffer&) {
            StemSet set = stemsOf(truth, {"vocals", "drums", "bass"});
            set.names.push_back("other");
            set.stems.push_back(otherAndPiano);
            return set;
        });
        auto sdr = SeparationBenchmark::evaluate(folder("fourstems"), oracle);
        QCOMPARE(sdr.size(), std::size_t(4));
        QVERIFY(!sdr.count("piano"));
        QVERIFY2(sdr.at("other") > 100.0, std::to_string(sdr.at("other")).c_str());

        FixedSeparator noPiano([&](const AudioBuffer&) { return stemsOf(truth, {"vocals", "drums", "bass", "other"}); });
        sdr = SeparationBenchmark::evaluate(folder("fourstems"), noPiano);
        const double expected = SeparationQuality::sdr(otherAndPiano, truth.at("other"));
        QVERIFY(expected > 0.0 && expected < 30.0);
        QVERIFY2(std::fabs(sdr.at("other") - expected) < 1e-9, std::to_string(sdr.at("other")).c_str());
        QVERIFY(sdr.at("vocals") > 100.0);
    }

    void stemsSilentInTheSongAreLeftOut()
    {
        // No drums and no piano in this song: SDR is undefined for them, so no entry,
        // even though the separator returns (silent) estimates of both.
        auto gains = kAllAudible;
        gains["drums"] = 0.0;
        gains["piano"] = 0.0;
        const auto truth = writeLabSong(folder("sparse"), gains);
        QVERIFY(truth.at("drums").isSilent());
        FixedSeparator oracle([&](const AudioBuffer&) { return stemsOf(truth, {"vocals", "drums", "bass", "piano", "other"}); });
        const auto sdr = SeparationBenchmark::evaluate(folder("sparse"), oracle);
        QCOMPARE(sdr.size(), std::size_t(3));
        QVERIFY(!sdr.count("drums"));
        QVERIFY(!sdr.count("piano"));
        for (const char* name : {"vocals", "bass", "other"}) QVERIFY2(sdr.count(name) && sdr.at(name) > 100.0, name);
    }

    void otherIsScoredWhenOnlyTheStemsItStandsForSound()
    {
        // No "other" part in this song, but a piano, and a four-stem separator: its
        // "other" stands for other + piano, which is not silent, so it has an SDR.
        auto gains = kAllAudible;
        gains["other"] = 0.0;
        const auto truth = writeLabSong(folder("pianoonly"), gains);
        const AudioBuffer otherAndPiano = sum({&truth.at("other"), &truth.at("piano")});
        FixedSeparator oracle([&](const AudioBuffer&) {
            StemSet set = stemsOf(truth, {"vocals", "drums", "bass"});
            set.names.push_back("other");
            set.stems.push_back(otherAndPiano);
            return set;
        });
        const auto sdr = SeparationBenchmark::evaluate(folder("pianoonly"), oracle);
        QVERIFY(!sdr.count("piano"));
        QVERIFY(sdr.count("other"));
        if (sdr.count("other")) QVERIFY(sdr.at("other") > 100.0);
    }

    void stemsUnknownToTheSongAreNotScored()
    {
        // A "residual" (or any name the lab does not render) has no true source.
        const auto truth = writeLabSong(folder("residual"), kAllAudible);
        FixedSeparator withResidual([&](const AudioBuffer& mix) {
            StemSet set = stemsOf(truth, {"vocals", "drums", "bass", "piano", "other"});
            set.names.push_back("residual");
            set.stems.push_back(silenceLike(mix));
            return set;
        });
        const auto sdr = SeparationBenchmark::evaluate(folder("residual"), withResidual);
        QCOMPARE(sdr.size(), std::size_t(5));
        QVERIFY(!sdr.count("residual"));
    }

    void foldersThatAreNotLabSongsAreRefused()
    {
        FixedSeparator never([](const AudioBuffer&) -> StemSet { throw Error("must not be called"); });
        const fs::path empty = folder("empty");
        fs::create_directories(empty);
        try {
            SeparationBenchmark::evaluate(empty, never);
            QFAIL("a folder without mix.flac was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("mix.flac") != std::string::npos, e.what());
        }
        writeLabSong(folder("nostem"), kAllAudible);
        fs::remove(folder("nostem") / "stems" / "bass.flac");
        try {
            SeparationBenchmark::evaluate(folder("nostem"), never);
            QFAIL("a lab song without stems/bass.flac was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("bass.flac") != std::string::npos, e.what());
        }
        QCOMPARE(never.calls, 0);
    }
};

QTEST_GUILESS_MAIN(TestSeparationBenchmark)
#include "tst_separation_benchmark.moc"
