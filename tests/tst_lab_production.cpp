// The realistic lab (issue 10): ProducedSongRenderer's groups (recorded drum kit, sung
// lead, guitar amp), production chain, mastering and codec keep the stems summing to the
// mix and silent stems silent; the same spec gives the same bytes; the production chain
// never moves the mid-level labels or valence, while arousal follows what is heard
// (intensity, brightness, percussion); PerceivedEmotion's rule does what its comment says.

#include <QTest>

#include <cmath>
#include <fstream>
#include <sstream>

#include "TestData.h"
#include "lab/Composer.h"
#include "lab/LabSongWriter.h"
#include "lab/MidiFile.h"
#include "lab/PerceivedEmotion.h"
#include "lab/ProducedSongRenderer.h"
#include "lab/ScoreLabeler.h"
#include "lab/SoundfontCatalog.h"
#include "production/MixMeasures.h"
#include "util/Error.h"

using namespace emotrace;
namespace fs = std::filesystem;

namespace {

std::string bytesOf(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

double maxSumError(const RenderedSong& song)
{
    double worst = 0.0;
    for (std::size_t i = 0; i < song.mix.samples.size(); ++i) {
        double sum = 0.0;
        for (Stem stem : allStems()) sum += song.stems.at(stem).samples[i];
        worst = std::max(worst, std::abs(sum - double(song.mix.samples[i])));
    }
    return worst;
}

/// Energy of the left channel's third difference: a steep high-pass (+18 dB/octave), so
/// it is dominated by the top octaves a low-bitrate codec removes.
double highFrequencyEnergy(const AudioBuffer& b)
{
    double e = 0.0;
    for (std::size_t i = 6; i < b.samples.size(); i += 2) {
        const double d = b.samples[i] - 3.0 * b.samples[i - 2] + 3.0 * b.samples[i - 4] - b.samples[i - 6];
        e += d * d;
    }
    return e;
}

} // namespace

class TestLabProduction : public QObject {
    Q_OBJECT

    std::unique_ptr<PartRenderer> m_tim, m_kit;

private Q_SLOTS:
    void initTestCase()
    {
        m_tim = std::make_unique<PartRenderer>(SoundfontCatalog().resolve("timgm6mb"));
        m_kit = std::make_unique<PartRenderer>(SoundfontCatalog().resolve("black-pearl"));
    }

    void ruleFollowsItsFormula()
    {
        const HeardCues none = HeardCues::from(-40.0, 100.0, 0.0);
        const HeardCues full = HeardCues::from(-6.0, 9000.0, 0.8);
        QCOMPARE(none.intensity, 0.0);
        QCOMPARE(none.percussive, 0.0);
        QCOMPARE(full.intensity, 1.0);
        QCOMPARE(full.brightness, 1.0);
        QCOMPARE(full.percussive, 1.0);
        const HeardCues mid = HeardCues::from(-16.0, 707.10678, 0.1);
        QVERIFY(std::abs(mid.intensity - 0.5) < 1e-9);
        QVERIFY(std::abs(mid.brightness - 0.5) < 1e-6);
        QVERIFY(std::abs(mid.percussive - 0.5) < 1e-9);
        QVERIFY(std::abs(PerceivedEmotion::arousal(0, 0, 0, none) - 0.0) < 1e-12);
        QVERIFY(std::abs(PerceivedEmotion::arousal(1, 1, 1, full) - 1.0) < 1e-12);
        // Each heard cue raises arousal by its weight.
        QVERIFY(std::abs(PerceivedEmotion::arousal(0.5, 0.5, 0.5, HeardCues::from(-10.0, 100.0, 0.0))
                         - PerceivedEmotion::arousal(0.5, 0.5, 0.5, none) - 0.25) < 1e-12);
        QVERIFY(std::abs(PerceivedEmotion::arousal(0.5, 0.5, 0.5, HeardCues::from(-40.0, 100.0, 0.4))
                         - PerceivedEmotion::arousal(0.5, 0.5, 0.5, none) - 0.20) < 1e-12);
        QVERIFY(std::abs(PerceivedEmotion::valence(0, 1, 1, 0) - 1.0) < 1e-12);
        QVERIFY(std::abs(PerceivedEmotion::valence(1, 0, 0, 1) - 0.10) < 1e-12);
    }

    void stemsSumToTheMixThroughEveryStage()
    {
        // A rock song: recorded kit, amp guitars, a sung lead, a codec.
        LabSongSpec spec = LabSongSpec::drawRealistic(7, 3, "timgm6mb", {"black-pearl"}, Style::Rock, 12.0);
        QVERIFY(spec.production.has_value());
        spec.production->sungLead = true;
        spec.production->codec = "mp3";
        spec.production->codecKbps = 128;
        const Score score = Composer::compose(spec.controls, spec.seed);
        bool hasAmpGuitar = false, hasVocals = false;
        for (const Part& p : score.parts) {
            hasAmpGuitar |= !p.percussion && ProducedSongRenderer::isAmpGuitar(p.program);
            hasVocals |= p.stem == Stem::Vocals && !p.notes.empty();
        }
        const ProducedSong produced = ProducedSongRenderer::render(score, spec.render, *spec.production, *m_tim, *m_kit, spec.seed);
        const RenderedSong& song = produced.song;
        QVERIFY(song.frameCount() >= std::int64_t(12.0 * song.sampleRate));
        QVERIFY2(maxSumError(song) < 1e-5, qPrintable(QString::number(maxSumError(song))));
        float peak = 0.0f;
        for (float s : song.mix.samples) peak = std::max(peak, std::abs(s));
        QVERIFY(peak <= 1.0f && peak > 0.3f);
        QVERIFY(!song.stems.at(Stem::Drums).isSilent());
        QCOMPARE(song.stems.at(Stem::Vocals).isSilent(), !hasVocals);
        if (!hasVocals) QVERIFY(std::all_of(song.stems.at(Stem::Vocals).samples.begin(), song.stems.at(Stem::Vocals).samples.end(),
                                            [](float s) { return s == 0.0f; }));
        QVERIFY2(hasAmpGuitar, "the rock style plays overdriven or distortion guitar");
        QVERIFY(produced.heard.drumShare > 0.0 && produced.heard.drumShare < 1.0);
        QVERIFY(produced.heard.centroidHz > 100.0);
    }

    void productionMovesArousalOnlyThroughWhatIsHeard()
    {
        LabSongSpec spec = LabSongSpec::drawRealistic(8, 1, "timgm6mb", {"black-pearl"}, Style::Ballad, 12.0);
        const Score score = MidiFile::decode(MidiFile::encode(Composer::compose(spec.controls, spec.seed)), "test");
        ProductionPlan soft = *spec.production, hard = *spec.production;
        soft.production = ProductionSettings::draw(5, 0.0);
        hard.production = ProductionSettings::draw(5, 1.0);
        soft.codec.clear();
        hard.codec.clear();
        const ProducedSong a = ProducedSongRenderer::render(score, spec.render, soft, *m_tim, *m_kit, spec.seed);
        const ProducedSong b = ProducedSongRenderer::render(score, spec.render, hard, *m_tim, *m_kit, spec.seed);
        QVERIFY2(b.heard.rmsDb > a.heard.rmsDb + 3.0, qPrintable(QString("%1 vs %2 dB").arg(a.heard.rmsDb).arg(b.heard.rmsDb)));
        const MidLevelLabels la = PerceivedEmotion::label(score, a.heard), lb = PerceivedEmotion::label(score, b.heard);
        const MidLevelLabels fromScore = ScoreLabeler::label(score);
        for (const char* name : {"melodiousness", "articulation", "rhythm_complexity", "rhythm_stability", "dissonance",
                                 "tonal_stability", "minorness"}) {
            QCOMPARE(la.toJson().at(name).get<double>(), fromScore.toJson().at(name).get<double>());
            QCOMPARE(lb.toJson().at(name).get<double>(), fromScore.toJson().at(name).get<double>());
        }
        QCOMPARE(la.valence, lb.valence);
        QVERIFY(lb.arousal > la.arousal);
    }

    void codecBandLimits()
    {
        LabSongSpec spec = LabSongSpec::drawRealistic(9, 0, "timgm6mb", {""}, Style::Dance, 10.0);
        const Score score = Composer::compose(spec.controls, spec.seed);
        ProductionPlan plain = *spec.production, coded = *spec.production;
        plain.codec.clear();
        coded.codec = "mp3";
        coded.codecKbps = 64;
        const auto a = ProducedSongRenderer::render(score, spec.render, plain, *m_tim, *m_tim, spec.seed);
        const auto b = ProducedSongRenderer::render(score, spec.render, coded, *m_tim, *m_tim, spec.seed);
        QCOMPARE(a.song.frameCount(), b.song.frameCount());
        QVERIFY(highFrequencyEnergy(b.song.mix) < 0.8 * highFrequencyEnergy(a.song.mix));
        QVERIFY(maxSumError(b.song) < 1e-5);
    }

    void sameSpecSameBytes()
    {
        const fs::path dir = test::workDir("lab_production");
        LabSongWriter writer;
        const LabSongSpec spec = LabSongSpec::drawRealistic(10, 2, "timgm6mb", {"black-pearl", ""}, Style::Metal, 10.0);
        const auto first = writer.write(dir / "a", spec);
        LabSongWriter other;
        const auto second = other.write(dir / "b", spec);
        for (const char* file : {"mix.flac", "labels.json", "score.mid", "stems/drums.flac", "stems/vocals.flac"})
            QVERIFY2(bytesOf(first.folder / file) == bytesOf(second.folder / file), file);
        const auto j = test::readJson(first.folder / "labels.json");
        QCOMPARE(j.at("format_version").get<int>(), 2);
        QVERIFY(j.at("heard").contains("intensity"));
        QVERIFY(j.at("production").contains("production"));
        QCOMPARE(j.at("labels").at("arousal").get<double>(), first.labels.arousal);
        QVERIFY(j.at("id").get<std::string>().rfind("real-10-", 0) == 0);
        // The plan reads back as written.
        const ProductionPlan back = ProductionPlan::fromJson(j.at("production"));
        QCOMPARE(back.toJson().dump(), spec.production->toJson().dump());
    }

    void badPlansAreRefused()
    {
        nlohmann::json j = ProductionPlan{}.toJson();
        j["master_peak_db"] = 3.0;
        QVERIFY_THROWS_EXCEPTION(Error, ProductionPlan::fromJson(j));
        j = ProductionPlan{}.toJson();
        j["codec"] = {{"format", "wma"}, {"kbps", 128}};
        QVERIFY_THROWS_EXCEPTION(Error, ProductionPlan::fromJson(j));
        j = ProductionPlan{}.toJson();
        j["amp"]["gain_db"] = 500.0;
        QVERIFY_THROWS_EXCEPTION(Error, ProductionPlan::fromJson(j));
    }
};

QTEST_GUILESS_MAIN(TestLabProduction)
#include "tst_lab_production.moc"
