// The real-stems check of issue 11: tracker modules rendered per stem with libopenmpt
// (ModuleRenderer, ModuleMultitrack, ModuleMultitrackWriter), the grouping rule
// (StemGroupingRule on names and on InstrumentSoundMeasures), the trivial estimates
// beside SDR (TrivialEstimates) and the silent-stem leakage (SeparationBenchmark), and
// `emotrace-cli lab multitracks` / `lab sdr` as a user runs them.
//
// A small ProTracker module is written here (samples named "kick", "snare", "bass",
// "lead" and an unplayed "drum loop"), so the name rule is checked through libopenmpt on
// every machine; the Debian modules (tecnoballz-data, tomatoes-data; none of their
// samples has a telling name) are checked where installed, else skipped with a message.
// Tolerance for "the stems sum to the mix": 10 log10(Σ(mix − Σ stems)² / Σ mix²) ≤ −100 dB
// (libopenmpt's integer mixing rounds per voice, measured −119..−165 dB; 24-bit FLAC adds
// about −140 dB).

#include <QProcess>
#include <QTest>

#include "ProcessRun.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <numbers>
#include <random>

#include "TestData.h"
#include "audio/AudioDecoder.h"
#include "audio/AudioEncoder.h"
#include "evaluation/DebianModuleSet.h"
#include "evaluation/InstrumentSoundMeasures.h"
#include "evaluation/ModuleMultitrack.h"
#include "evaluation/ModuleMultitrackWriter.h"
#include "evaluation/ModuleRenderer.h"
#include "evaluation/SeparationBenchmark.h"
#include "evaluation/SeparationScoreTable.h"
#include "evaluation/StemGroupingRule.h"
#include "evaluation/TrivialEstimates.h"
#include "separation/SeparationQuality.h"
#include "util/Error.h"
#include "vocab/Stem.h"

using namespace emotrace;
namespace fs = std::filesystem;

namespace {

constexpr double kSumToleranceDb = -100.0;

// ---- a ProTracker "M.K." module, written byte by byte --------------------------------

struct ModSample {
    std::string name;
    std::vector<std::int8_t> data; ///< even length
    int volume = 40;               ///< 0..64
    bool loop = false;             ///< loop the whole sample
};

/// Amiga periods of C-1..B-3 (ProTracker's three octaves).
int period(int octave, int semitone)
{
    static const int table[36] = {856, 808, 762, 720, 678, 640, 604, 570, 538, 508, 480, 453,
                                  428, 404, 381, 360, 339, 320, 302, 285, 269, 254, 240, 226,
                                  214, 202, 190, 180, 170, 160, 151, 143, 135, 127, 120, 113};
    return table[(octave - 1) * 12 + semitone];
}

struct Cell {
    int sample = 0; ///< 1-based, 0 = none
    int period = 0; ///< 0 = no note
};

/// Writes one 64-row, 4-channel pattern played once.
void writeMod(const fs::path& file, const std::vector<ModSample>& samples, const std::vector<std::array<Cell, 4>>& rows)
{
    std::vector<std::uint8_t> b;
    auto put = [&b](const std::string& s, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) b.push_back(i < s.size() ? std::uint8_t(s[i]) : 0);
    };
    auto word = [&b](int w) {
        b.push_back(std::uint8_t(w >> 8));
        b.push_back(std::uint8_t(w & 0xff));
    };
    put("emotrace test", 20);
    for (int i = 0; i < 31; ++i) {
        const ModSample s = i < int(samples.size()) ? samples[std::size_t(i)] : ModSample{};
        put(s.name, 22);
        word(int(s.data.size() / 2));
        b.push_back(0); // finetune
        b.push_back(std::uint8_t(s.volume));
        word(0);
        word(s.loop ? int(s.data.size() / 2) : 1);
    }
    b.push_back(1);   // song length
    b.push_back(127); // restart
    for (int i = 0; i < 128; ++i) b.push_back(0);
    put("M.K.", 4);
    for (int r = 0; r < 64; ++r)
        for (int c = 0; c < 4; ++c) {
            const Cell cell = r < int(rows.size()) ? rows[std::size_t(r)][std::size_t(c)] : Cell{};
            b.push_back(std::uint8_t((cell.sample & 0xf0) | ((cell.period >> 8) & 0x0f)));
            b.push_back(std::uint8_t(cell.period & 0xff));
            b.push_back(std::uint8_t((cell.sample & 0x0f) << 4));
            b.push_back(0);
        }
    for (const auto& s : samples)
        for (std::int8_t v : s.data) b.push_back(std::uint8_t(v));
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

/// The test module: kick and snare on channel 0, a bass line on 1, a lead on 2; sample 5
/// ("drum loop") is never played. 0.12 s per row.
fs::path writeTestModule(const fs::path& file)
{
    const double rate = 8287.0; // Paula rate at C-2
    ModSample kick{"kick", {}, 48, false};
    for (int i = 0; i < 2000; ++i) {
        const double t = i / rate;
        kick.data.push_back(std::int8_t(std::lround(120.0 * std::exp(-t / 0.05) * std::sin(2 * std::numbers::pi * (60.0 * t + 400.0 * t * t)))));
    }
    ModSample snare{"Snare 2", {}, 40, false};
    std::mt19937 noise(7);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    for (int i = 0; i < 1600; ++i) snare.data.push_back(std::int8_t(std::lround(110.0 * std::exp(-i / rate / 0.04) * uniform(noise))));
    ModSample bass{"Bass 1", {}, 48, true}; // one sine cycle: 65 Hz at C-1
    for (int i = 0; i < 64; ++i) bass.data.push_back(std::int8_t(std::lround(100.0 * std::sin(2 * std::numbers::pi * i / 64.0))));
    ModSample lead{"lead", {}, 32, true}; // one cycle with a second harmonic: 518 Hz at C-3
    for (int i = 0; i < 32; ++i) {
        const double phase = 2 * std::numbers::pi * i / 32.0;
        lead.data.push_back(std::int8_t(std::lround(80.0 * std::sin(phase) + 25.0 * std::sin(2 * phase))));
    }
    ModSample unused{"drum loop", std::vector<std::int8_t>(64, 0), 40, false};

    std::vector<std::array<Cell, 4>> rows(64);
    const int bassNotes[4] = {0, 4, 7, 9}, leadNotes[4] = {0, 2, 4, 7};
    for (int r = 0; r < 64; ++r) {
        if (r % 8 == 0) rows[std::size_t(r)][0] = {1, period(2, 0)};
        if (r % 8 == 4) rows[std::size_t(r)][0] = {2, period(2, 0)};
        if (r % 4 == 0) rows[std::size_t(r)][1] = {3, period(1, bassNotes[(r / 4) % 4])};
        if (r % 2 == 0) rows[std::size_t(r)][2] = {4, period(3, leadNotes[(r / 2) % 4])};
    }
    writeMod(file, {kick, snare, bass, lead, unused}, rows);
    return file;
}

// ---- audio helpers ---------------------------------------------------------------------

double energy(const AudioBuffer& b)
{
    double e = 0.0;
    for (float v : b.samples) e += double(v) * v;
    return e;
}

/// 10 log10(Σ (mix − Σ stems)² / Σ mix²), dB.
double sumResidualDb(const AudioBuffer& mix, const std::map<Stem, AudioBuffer>& stems)
{
    double residual = 0.0;
    for (std::size_t i = 0; i < mix.samples.size(); ++i) {
        double sum = 0.0;
        for (const auto& [stem, buffer] : stems) sum += buffer.samples.at(i);
        residual += (mix.samples[i] - sum) * (mix.samples[i] - sum);
    }
    return 10.0 * std::log10(std::max(residual, 1e-300) / energy(mix));
}

AudioBuffer tone(double hz, double seconds, double gain, double pan, int rate = 44100)
{
    AudioBuffer a{rate, 2, {}};
    const auto n = std::size_t(seconds * rate);
    for (std::size_t i = 0; i < n; ++i) {
        const double v = gain * std::sin(2 * std::numbers::pi * hz * double(i) / rate);
        a.samples.push_back(float(v * (1.0 - pan)));
        a.samples.push_back(float(v * (1.0 + pan)));
    }
    return a;
}

AudioBuffer plus(const AudioBuffer& a, const AudioBuffer& b)
{
    AudioBuffer out = a;
    for (std::size_t i = 0; i < out.samples.size(); ++i) out.samples[i] += b.samples[i];
    return out;
}

AudioBuffer scaled(const AudioBuffer& a, double g)
{
    AudioBuffer out = a;
    for (float& v : out.samples) v = float(v * g);
    return out;
}

/// Decaying noise bursts every `everySeconds`, each `decaySeconds` long (time constant).
AudioBuffer bursts(double seconds, double everySeconds, double decaySeconds, int rate = 44100)
{
    AudioBuffer a{rate, 2, {}};
    std::mt19937 noise(3);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    const auto n = std::size_t(seconds * rate);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = std::fmod(double(i) / rate, everySeconds);
        const float v = float(0.5 * std::exp(-t / decaySeconds) * uniform(noise));
        a.samples.push_back(v);
        a.samples.push_back(v);
    }
    return a;
}

/// A separator that returns fixed stems.
class FixedSeparator : public Separator {
public:
    explicit FixedSeparator(StemSet stems) : m_stems(std::move(stems)) {}
    std::string name() const override { return "fixed"; }
    StemSet separate(const AudioBuffer&, const std::string&, const Progress&) override { return m_stems; }

private:
    StemSet m_stems;
};

using Run = emotrace::test::ProcessRun;
Run cli(const QStringList& args, int timeoutMs = 120000) { return emotrace::test::runProcess(EMOTRACE_CLI, args, timeoutMs); }

/// The Debian modules, or empty when a package is missing (the caller skips).
std::vector<DebianModuleSet::Module> debianModules(QString& why)
{
    try {
        return DebianModuleSet::find();
    } catch (const Error& e) {
        why = QString("Debian module packages absent (") + e.what() + ")";
        return {};
    }
}

bool oneLine(const QString& s)
{
    return !s.trimmed().isEmpty() && !s.trimmed().contains('\n');
}

} // namespace

class TestModuleMultitrack : public QObject {
    Q_OBJECT
    fs::path m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = test::workDir("module_multitrack");
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        writeTestModule(m_dir / "test.mod");
    }

    // ---- trivial estimates and leakage on synthetic buffers ----------------------------

    void trivialEstimatesMatchTheirDefinition()
    {
        const AudioBuffer s = tone(220.0, 1.0, 0.3, -0.4);
        const AudioBuffer x = plus(s, tone(1375.0, 1.0, 0.2, 0.5));
        const TrivialEstimates t = TrivialEstimates::of(s, x);
        const double g = t.bestGain;
        QVERIFY(g > 0.0 && g < 1.0);
        // each figure is SeparationQuality::sdr of the estimate it names
        QVERIFY(std::fabs(t.halfMixSdrDb - SeparationQuality::sdr(s, scaled(x, 0.5))) < 1e-4);
        QVERIFY(std::fabs(t.bestGainSdrDb - SeparationQuality::sdr(s, scaled(x, g))) < 1e-4);
        QCOMPARE(t.silenceSdrDb, 0.0);
        // the best gain beats every other gain
        for (double other : {0.0, 0.25, 0.5, 0.75, 1.0, g * 0.9, g * 1.1})
            QVERIFY2(t.bestGainSdrDb >= SeparationQuality::sdr(s, scaled(x, other)) - 1e-9, qPrintable(QString::number(other)));
        QVERIFY(t.bestGainSdrDb >= t.halfMixSdrDb);
        QCOMPARE(t.best(), t.bestGainSdrDb);
    }

    void trivialEstimatesEqualityCases()
    {
        // x = 2 s: g* = 0.5 and the mix / 2 is the source itself
        const AudioBuffer s = tone(330.0, 0.5, 0.2, 0.0);
        const TrivialEstimates twice = TrivialEstimates::of(s, scaled(s, 2.0));
        QVERIFY(std::fabs(twice.bestGain - 0.5) < 1e-9);
        QCOMPARE(twice.halfMixSdrDb, twice.bestGainSdrDb);
        QVERIFY(twice.halfMixSdrDb > 100.0);
        // s orthogonal to x (left channel only vs right only): g* = 0, best gain = silence = 0 dB
        AudioBuffer left = s, right = s;
        for (std::size_t i = 0; i < s.samples.size(); ++i) (i % 2 ? left : right).samples[i] = 0.0f;
        const TrivialEstimates orthogonal = TrivialEstimates::of(left, right);
        QCOMPARE(orthogonal.bestGain, 0.0);
        QCOMPARE(orthogonal.bestGainSdrDb, 0.0);
        QCOMPARE(orthogonal.silenceSdrDb, 0.0);
        // a silent mix: g* = 0 and nothing beats silence
        const TrivialEstimates silentMix = TrivialEstimates::of(s, scaled(s, 0.0));
        QCOMPARE(silentMix.bestGain, 0.0);
        QCOMPARE(silentMix.best(), 0.0);
        // s = x: everything but silence is a gain error
        const TrivialEstimates same = TrivialEstimates::of(s, s);
        QVERIFY(std::fabs(same.halfMixSdrDb - 10.0 * std::log10(4.0)) < 1e-6);
        QVERIFY(std::fabs(same.bestGain - 1.0) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(Error, TrivialEstimates::of(s, tone(330.0, 0.4, 0.2, 0.0)));
    }

    void benchmarkReportsTrivialEstimatesAndLeakage()
    {
        // a song whose piano is silent; the separator returns the true drums, the mix / 2
        // as bass, 0.1 × the mix as piano (leakage −20 dB) and silence for the rest
        const fs::path song = m_dir / "synthetic-song";
        fs::create_directories(song / "stems");
        std::map<std::string, AudioBuffer> truth{{"vocals", tone(440.0, 1.0, 0.10, -0.2)},
                                                 {"drums", bursts(1.0, 0.25, 0.03)},
                                                 {"bass", tone(55.0, 1.0, 0.25, 0.0)},
                                                 {"piano", scaled(tone(262.0, 1.0, 0.1, 0.0), 0.0)},
                                                 {"other", tone(660.0, 1.0, 0.10, 0.3)}};
        AudioBuffer mix = scaled(truth["other"], 0.0);
        for (auto& [name, buffer] : truth) {
            AudioEncoder::write(song / "stems" / (name + ".flac"), buffer, AudioEncoder::Format::Flac, 24);
            buffer = AudioDecoder::decode(song / "stems" / (name + ".flac"));
            mix = plus(mix, buffer);
        }
        AudioEncoder::write(song / "mix.flac", mix, AudioEncoder::Format::Flac, 24);
        mix = AudioDecoder::decode(song / "mix.flac");

        StemSet estimate;
        estimate.backend = "fixed";
        estimate.names = {"vocals", "drums", "bass", "piano", "other"};
        estimate.stems = {scaled(mix, 0.0), truth["drums"], scaled(mix, 0.5), scaled(mix, 0.1), scaled(mix, 0.0)};
        FixedSeparator separator(estimate);
        const auto score = SeparationBenchmark::score(song, separator);
        QCOMPARE(score.stems.size(), std::size_t(5));

        const auto* piano = score.find("piano");
        QVERIFY(piano && piano->sourceSilent);
        QVERIFY(std::isnan(piano->sdrDb) && std::isnan(piano->marginDb()));
        QVERIFY2(std::fabs(piano->leakageDb - (-20.0)) < 1e-3, qPrintable(QString::number(piano->leakageDb)));
        QVERIFY(score.worstLeakageDb() && std::fabs(*score.worstLeakageDb() - piano->leakageDb) < 1e-12);

        const auto* bass = score.find("bass");
        QVERIFY(bass && !bass->sourceSilent && std::isnan(bass->leakageDb));
        QVERIFY(std::fabs(bass->sdrDb - bass->trivial.halfMixSdrDb) < 1e-3); // it is the mix / 2
        const TrivialEstimates expected = TrivialEstimates::of(truth["bass"], mix);
        QCOMPARE(bass->trivial.bestGainSdrDb, expected.bestGainSdrDb);
        QVERIFY(std::fabs(bass->marginDb() - (bass->sdrDb - expected.bestGainSdrDb)) < 1e-12);
        const auto* vocals = score.find("vocals");
        QVERIFY(std::fabs(vocals->sdrDb) < 1e-9 && std::fabs(vocals->trivial.silenceSdrDb) < 1e-12); // silence scores 0 dB
        QVERIFY(score.find("drums")->sdrDb > 100.0);

        // evaluate() is score()'s SDR part
        const auto sdr = SeparationBenchmark::evaluate(song, separator);
        QCOMPARE(sdr.size(), std::size_t(4));
        QVERIFY(!sdr.count("piano"));
        QCOMPARE(sdr.at("bass"), bass->sdrDb);

        const std::string table = SeparationScoreTable::medians({score, score});
        QVERIFY2(table.find("medians over 2 songs") != std::string::npos, table.c_str());
        QVERIFY2(table.find("worst silent-stem leakage: -20.0 dB") != std::string::npos, table.c_str());
        QVERIFY(SeparationScoreTable::song(score).find("piano") != std::string::npos);
        QCOMPARE(SeparationScoreTable::median({3.0, 1.0, 2.0}), 2.0);
        QCOMPARE(SeparationScoreTable::median({4.0, 1.0, 2.0, 3.0}), 2.5);
    }

    void benchmarkRefusesFoldersWithoutStems()
    {
        const fs::path song = m_dir / "no-stems";
        fs::create_directories(song);
        AudioEncoder::write(song / "mix.flac", tone(220.0, 0.2, 0.1, 0.0), AudioEncoder::Format::Flac, 24);
        FixedSeparator separator({});
        try {
            SeparationBenchmark::score(song, separator);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(song.string()) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("vocals.flac") != std::string::npos, e.what());
            QVERIFY(oneLine(e.what()));
        }
    }

    // ---- the grouping rule -------------------------------------------------------------

    void namesChooseStems()
    {
        const std::vector<std::pair<std::string, Stem>> named{
            {"Kick 1", Stem::Drums},   {"BD-808", Stem::Drums},       {"HiHat open", Stem::Drums}, {"hi-hat", Stem::Drums},
            {"Bass Drum", Stem::Drums}, {"snare2", Stem::Drums},      {"tom", Stem::Drums},        {"Crash Cymbal", Stem::Drums},
            {"Synth Bass", Stem::Bass}, {"bas", Stem::Bass},          {"E.Piano", Stem::Piano},    {"rhodes", Stem::Piano},
            {"keys", Stem::Piano},      {"Choir Aah", Stem::Vocals},  {"vox 1", Stem::Vocals},     {"female voice", Stem::Vocals}};
        for (const auto& [name, stem] : named) {
            const auto d = StemGroupingRule::byName(name);
            QVERIFY2(d && d->stem == stem, name.c_str());
            QVERIFY(d->reason.rfind("name:", 0) == 0);
        }
        for (const char* name : {"I Have No Tomatoes", "MUSIC BY REG & ZBB 01", "bassoon", "basic", "keyboard-less", "",
                                 "_*  NoisePacker_v3  *", "ride-cymbalist"}) {
            const auto d = StemGroupingRule::byName(name);
            // "ride-cymbalist" has the word "ride": a drum; every other name says nothing
            if (std::string(name) == "ride-cymbalist") QVERIFY(d && d->stem == Stem::Drums);
            else QVERIFY2(!d, name);
        }
    }

    void soundChoosesDrumsBassOther()
    {
        // short noise hits at one pitch: drums
        const auto hits = InstrumentSoundMeasures::measure(bursts(3.0, 0.5, 0.02));
        QVERIFY2(hits.onsets >= 5 && hits.decayMs <= 200.0 && hits.decayedShare > 0.8, qPrintable(QString::number(hits.decayMs)));
        QCOMPARE(StemGroupingRule::bySound(hits, 1).stem, Stem::Drums);
        // a sustained 55 Hz tone at many notes: bass
        const auto low = InstrumentSoundMeasures::measure(tone(55.0, 3.0, 0.3, 0.0));
        QVERIFY2(low.lowShare > 0.9 && low.centroidHz < 200.0, qPrintable(QString::number(low.centroidHz)));
        QCOMPARE(StemGroupingRule::bySound(low, 12).stem, Stem::Bass);
        // a sustained 440 Hz tone: other
        const auto mid = InstrumentSoundMeasures::measure(tone(440.0, 3.0, 0.3, 0.0));
        QVERIFY(std::fabs(mid.centroidHz - 440.0) < 40.0 && mid.lowShare < 0.05);
        QCOMPARE(mid.onsets, 1);
        QVERIFY(mid.decayMs > 2000.0);
        QCOMPARE(StemGroupingRule::bySound(mid, 8).stem, Stem::Other);
        // a short dying hit below 3 kHz at many pitches is no drum; at one or two it is, unless
        // it is a held note cut by the next one
        InstrumentSoundMeasures plucked = hits;
        plucked.centroidHz = 900.0;
        plucked.lowShare = 0.1;
        QCOMPARE(StemGroupingRule::bySound(plucked, 9).stem, Stem::Other);
        QCOMPARE(StemGroupingRule::bySound(plucked, 2).stem, Stem::Drums);
        plucked.decayedShare = 0.2;
        QCOMPARE(StemGroupingRule::bySound(plucked, 2).stem, Stem::Other);
        // silence measures zero
        const auto silent = InstrumentSoundMeasures::measure(scaled(tone(440.0, 1.0, 0.3, 0.0), 0.0));
        QCOMPARE(silent.energy, 0.0);
        QCOMPARE(silent.onsets, 0);
    }

    // ---- modules -----------------------------------------------------------------------

    void testModuleGroupsByNameAndSound()
    {
        const ModuleRenderer renderer(m_dir / "test.mod");
        QCOMPARE(renderer.format(), std::string("mod"));
        QVERIFY(!renderer.instrumentMode()); // a MOD has samples, muted by sample index
        QCOMPARE(renderer.instruments().size(), std::size_t(31));
        QCOMPARE(renderer.instruments()[0].distinctNotes, 1);
        QCOMPARE(renderer.instruments()[2].distinctNotes, 4);

        ModuleMultitrack::Settings settings;
        settings.maxSeconds = 4.0;
        const ModuleMultitrack m = ModuleMultitrack::render(m_dir / "test.mod", settings);
        QCOMPARE(m.mix.sampleRate, 44100);
        QCOMPARE(m.mix.channels, 2);
        QCOMPARE(m.mix.frameCount(), std::int64_t(4 * 44100));
        const auto& in = m.instruments;
        QVERIFY(in[0].used && in[0].stem == Stem::Drums && in[0].reason == "name: 'kick'");
        QVERIFY(in[1].used && in[1].stem == Stem::Drums && in[1].reason == "name: 'snare'");
        QVERIFY(in[2].used && in[2].stem == Stem::Bass);
        QVERIFY2(in[3].used && in[3].stem == Stem::Other && in[3].reason.rfind("sound:", 0) == 0, in[3].reason.c_str());
        QVERIFY(in[3].sound.centroidHz > 400.0 && in[3].sound.centroidHz < 1500.0);
        QVERIFY2(!in[4].used && in[4].reason == "unused: never played", in[4].reason.c_str()); // "drum loop", never played
        const auto perStem = m.instrumentsPerStem();
        QCOMPARE(perStem.at(Stem::Drums), 2);
        QCOMPARE(perStem.at(Stem::Vocals), 0);
        QVERIFY(m.stems.at(Stem::Vocals).isSilent() && m.stems.at(Stem::Piano).isSilent());
        QVERIFY(!m.stems.at(Stem::Drums).isSilent());

        // the stems sum to the mix, as rendered and as written
        qInfo("test module: residual %.1f dB, %s", m.mixResidualDb, m.summary().c_str());
        QVERIFY(!m.mixIsStemSum);
        QVERIFY(m.mixResidualDb <= kSumToleranceDb);
        QVERIFY(sumResidualDb(m.mix, m.stems) <= kSumToleranceDb);
        const fs::path folder = ModuleMultitrackWriter::write(m_dir / "written", "test", m, "none");
        QCOMPARE(folder, m_dir / "written" / "test");
        QVERIFY(!fs::exists(m_dir / "written" / ".test.partial"));
        std::map<Stem, AudioBuffer> decoded;
        for (Stem stem : allStems()) decoded[stem] = AudioDecoder::decode(folder / "stems" / (std::string(stemName(stem)) + ".flac"));
        const double writtenResidual = sumResidualDb(AudioDecoder::decode(folder / "mix.flac"), decoded);
        qInfo("as written (24-bit FLAC): residual %.1f dB", writtenResidual);
        QVERIFY(writtenResidual <= kSumToleranceDb);
        const auto json = test::readJson(folder / "multitrack.json");
        QCOMPARE(json["format"].get<std::string>(), std::string("emotrace-multitrack"));
        QCOMPARE(json["stems"]["drums"].size(), std::size_t(2));
        QCOMPARE(json["render"]["muted_by"].get<std::string>(), std::string("sample"));
        std::ifstream csv(folder / "grouping.csv");
        std::string header, row;
        std::getline(csv, header);
        QVERIFY(header.rfind("module,instrument,name,stem,reason", 0) == 0);
        std::getline(csv, row);
        QVERIFY2(row.rfind("test,0,kick,drums,name: 'kick'", 0) == 0, row.c_str());

        // the written folder reads as a song with true stems: oracle stems score very high
        StemSet oracle;
        for (Stem stem : allStems()) {
            oracle.names.push_back(stemName(stem));
            oracle.stems.push_back(decoded[stem]);
        }
        FixedSeparator separator(oracle);
        const auto score = SeparationBenchmark::score(folder, separator);
        QVERIFY(score.find("drums")->sdrDb > 100.0 && score.find("piano")->sourceSilent);
    }

    void unreadableModulesAreRefused()
    {
        const fs::path text = m_dir / "not-a-module.mod";
        std::ofstream(text) << "this is not a tracker module\n";
        const fs::path empty = m_dir / "empty.it";
        std::ofstream{empty};
        for (const fs::path& file : {text, empty, m_dir / "missing.xm"}) {
            try {
                ModuleMultitrack::render(file);
                QFAIL(qPrintable(QString::fromStdString(file.string()) + ": no error"));
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).rfind(file.string() + ": ", 0) == 0, e.what());
                QVERIFY2(oneLine(e.what()), e.what());
            }
        }
    }

    void missingPackagesAreNamed()
    {
        const fs::path root = m_dir / "empty-root";
        fs::create_directories(root);
        try {
            DebianModuleSet::find(root);
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("tecnoballz-data") != std::string::npos && what.find("tomatoes-data") != std::string::npos, e.what());
            QVERIFY(oneLine(e.what()));
        }
    }

    void debianModulesSumToTheirMix()
    {
        QString why;
        const auto modules = debianModules(why);
        if (modules.empty()) QSKIP(qPrintable(why));
        QCOMPARE(modules.size(), std::size_t(16));
        // one MOD (samples) and the IT, 5 s each
        for (const char* wanted : {"area1-game.mod", "IHaveNoTomatoes.it"}) {
            const auto it = std::find_if(modules.begin(), modules.end(), [&](const auto& m) { return m.file.filename() == wanted; });
            QVERIFY2(it != modules.end(), wanted);
            ModuleMultitrack::Settings settings;
            settings.maxSeconds = 5.0;
            const ModuleMultitrack m = ModuleMultitrack::render(it->file, settings);
            qInfo("%s: %s", wanted, m.summary().c_str());
            QVERIFY2(m.mixResidualDb <= kSumToleranceDb, wanted);
            QVERIFY(sumResidualDb(m.mix, m.stems) <= kSumToleranceDb);
            if (m.format == "mod") QVERIFY2(m.instrumentsPerStem().at(Stem::Drums) >= 1, wanted);
            for (const auto& in : m.instruments)
                if (in.used) QVERIFY(!in.reason.empty());
        }
    }

    // ---- the command line --------------------------------------------------------------

    void cliRefusesBadInput()
    {
        const Run noStems = cli({"lab", "sdr", QString::fromStdString((m_dir / "no-stems").string())});
        QCOMPARE(noStems.exitCode, 1);
        QVERIFY2(oneLine(noStems.err) && noStems.err.contains("no-stems"), qPrintable(noStems.err));
        const Run noOut = cli({"lab", "multitracks"});
        QCOMPARE(noOut.exitCode, 2);
        QVERIFY(noOut.err.contains("--out"));
        const Run badDuration = cli({"lab", "multitracks", "--out", "x", "--duration", "abc"});
        QCOMPARE(badDuration.exitCode, 2);
    }

    void cliRendersAndScoresModules()
    {
        QString why;
        if (debianModules(why).empty()) QSKIP(qPrintable(why));
        const QString out = QString::fromStdString((m_dir / "cli-multitracks").string());
        const Run render = cli({"lab", "multitracks", "--out", out, "--duration", "2"});
        QVERIFY2(render.exitCode == 0, qPrintable(render.err));
        QCOMPARE(render.out.trimmed().split('\n').size(), 16);
        QVERIFY2(render.out.contains("area1-game") && render.out.contains("drums"), qPrintable(render.out));
        QVERIFY(fs::is_regular_file(m_dir / "cli-multitracks" / "IHaveNoTomatoes" / "stems" / "piano.flac"));
        QVERIFY(fs::is_regular_file(m_dir / "cli-multitracks" / "area1-game" / "grouping.csv"));
        const Run sdr = cli({"lab", "sdr", out + "/area1-game", out + "/high-score", "--separator", "builtin"});
        QVERIFY2(sdr.exitCode == 0, qPrintable(sdr.err));
        QVERIFY2(sdr.out.contains("medians over 2 songs (builtin)") && sdr.out.contains("best-gain") &&
                     sdr.out.contains("worst silent-stem leakage"),
                 qPrintable(sdr.out));
        qInfo("%s", qPrintable(sdr.out));
    }
};

QTEST_GUILESS_MAIN(TestModuleMultitrack)
#include "tst_module_multitrack.moc"
