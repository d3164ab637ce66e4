// Domain adaptation with unlabelled real recordings (TargetDomainRegulariser) and
// fine-tuning from given weights: the two transformations do what they say, the
// settings refuse the development split and bad values, and a short joint training run
// with the regulariser records its terms and makes arousal rise under a speed-up of the
// unlabelled music (the ranking constraint at work).

#include <QTest>

#include <cmath>
#include <fstream>
#include <random>

#include <torch/torch.h>

#include "TestData.h"
#include "audio/AudioEncoder.h"
#include "lab/LabSongWriter.h"
#include "model/ModelPackage.h"
#include "model/TorchRuntime.h"
#include "train/JointTrainer.h"
#include "train/TargetDomainRegulariser.h"
#include "train/TrainingSet.h"
#include "util/Error.h"

using namespace emotrace;
namespace fs = std::filesystem;

namespace {

fs::path dir() { return test::workDir("domain_adaptation"); }

/// A few seconds of "real" music: a click train at `bpm` over a drone, 22.05 kHz mono.
AudioBuffer clicks(double bpm, double seconds, double pitchHz)
{
    const int rate = 22050;
    AudioBuffer b{rate, 1, std::vector<float>(std::size_t(seconds * rate), 0.0f)};
    const double period = 60.0 / bpm;
    for (std::size_t i = 0; i < b.samples.size(); ++i) {
        const double t = double(i) / rate;
        const double sinceBeat = std::fmod(t, period);
        b.samples[i] = float(0.2 * std::sin(2.0 * M_PI * pitchHz * t) + 0.6 * std::exp(-sinceBeat * 60.0) *
                                                                              std::sin(2.0 * M_PI * 2000.0 * t));
    }
    return b;
}

fs::path writeManifest()
{
    const fs::path audio = dir() / "real";
    fs::create_directories(audio);
    std::ofstream csv(dir() / "manifest.csv");
    csv << "package,path,split,style_group,mode,title,seconds\n";
    const double bpms[] = {70, 95, 120, 150};
    for (int i = 0; i < 4; ++i) {
        const fs::path file = audio / ("piece" + std::to_string(i) + ".wav");
        if (!fs::exists(file)) AudioEncoder::write(file, clicks(bpms[i], 8.0, 110.0 * (i + 1)), AudioEncoder::Format::Wav, 16);
        csv << "test," << fs::relative(file, dir()).string() << ",train-unlabelled,neutral,major,piece " << i << ",8\n";
    }
    csv << "test,real/never.wav,dev,neutral,major,held out,8\n";   // the development set: never read
    csv << "test,real/tune.mid,train-unlabelled,neutral,,a MIDI file,8\n"; // not a recording: skipped
    return dir() / "manifest.csv";
}

std::vector<float> ramp(int bands, std::int64_t frames)
{
    std::vector<float> v(std::size_t(bands) * std::size_t(frames));
    for (int b = 0; b < bands; ++b)
        for (std::int64_t t = 0; t < frames; ++t) v[std::size_t(b) * std::size_t(frames) + std::size_t(t)] = float(100 * b + t);
    return v;
}

/// Mean arousal(stretch(x)) - arousal(x) of the network in eval mode over fixed draws.
double arousalGain(ExplainableResNet& net, TargetDomainRegulariser& reg, SpectrogramCache& cache)
{
    net->eval();
    torch::NoGradGuard noGrad;
    std::mt19937_64 rng(99);
    double sum = 0.0;
    for (int i = 0; i < 8; ++i) sum += reg.step(net, cache, 64, torch::kCPU, rng).arousalGain;
    net->train();
    return sum / 8.0;
}

} // namespace

class TestDomainAdaptation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureTorchThreads(2); }

    void shiftMovesBandsAndRepeatsTheEdge()
    {
        const auto x = ramp(6, 5);
        const auto up = TargetDomainRegulariser::shiftBands(x, 6, 5, 2);
        for (int b = 0; b < 6; ++b)
            for (int t = 0; t < 5; ++t) QCOMPARE(up[std::size_t(b * 5 + t)], float(100 * std::max(0, b - 2) + t));
        const auto down = TargetDomainRegulariser::shiftBands(x, 6, 5, -1);
        for (int t = 0; t < 5; ++t) {
            QCOMPARE(down[std::size_t(0 * 5 + t)], float(100 * 1 + t));
            QCOMPARE(down[std::size_t(5 * 5 + t)], float(100 * 5 + t)); // top band repeated
        }
    }

    void squeezePlaysFaster()
    {
        // 10 source frames into 5: every band's ramp is sampled at 0, 2.25, 4.5, 6.75, 9.
        const auto x = ramp(3, 10);
        const auto fast = TargetDomainRegulariser::squeezeFrames(x, 3, 10, 5);
        QCOMPARE(fast.size(), std::size_t(15));
        const float expected[] = {0.0f, 2.25f, 4.5f, 6.75f, 9.0f};
        for (int b = 0; b < 3; ++b)
            for (int t = 0; t < 5; ++t) QVERIFY(std::abs(fast[std::size_t(b * 5 + t)] - (100.0f * b + expected[t])) < 1e-4f);
    }

    void settingsReadTheTrainingSplitOnly()
    {
        const fs::path manifest = writeManifest();
        auto s = TargetDomainRegulariser::Settings::fromJson({{"manifest", "manifest.csv"}}, dir());
        QCOMPARE(s.manifest, manifest);
        const TargetDomainRegulariser reg(s);
        QCOMPARE(reg.files().size(), std::size_t(4)); // not the dev piece, not the MIDI file
        for (const auto& f : reg.files()) QVERIFY(fs::is_regular_file(f));

        const auto fails = [&](const nlohmann::json& j, const char* needle) {
            try {
                TargetDomainRegulariser(TargetDomainRegulariser::Settings::fromJson(j, dir()));
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
                return;
            }
            QFAIL(needle);
        };
        fails({{"manifest", "manifest.csv"}, {"split", "dev"}}, "never trained on");
        fails({{"manifest", "manifest.csv"}, {"stretch", 3.0}}, "adaptation.stretch");
        fails({{"manifest", "manifest.csv"}, {"split", "nothing"}}, "no audio recordings");
        fails({{"split", "x"}}, "adaptation.manifest");
        fails({{"manifest", "missing.csv"}}, "missing.csv");
    }

    void trainingWithRealMusicRaisesArousalUnderSpeedUp()
    {
        writeManifest();
        const fs::path corpus = dir() / "corpus";
        LabSongWriter writer;
        for (int i = 0; i < 4; ++i) {
            const LabSongSpec spec = LabSongSpec::draw(31, i, "timgm6mb", Style::Dance, 10.0);
            if (!fs::is_regular_file(corpus / spec.id / "labels.json")) writer.write(corpus, spec);
        }
        const nlohmann::json j = {
            {"model", {{"base_channels", 4}}},
            {"sources", {{{"type", "lab"}, {"path", corpus.string()}, {"validation_fraction", 0.0}}}},
            {"train", {{"epochs", 6}, {"batch_size", 2}, {"excerpt_frames", 64}, {"lr", 0.003}, {"weight_decay", 0.0},
                       {"schedule", "constant"}, {"patience", 0}, {"seed", 5}, {"steps_per_epoch", 4}}},
            {"adaptation", {{"manifest", "manifest.csv"}, {"batch_size", 2}, {"tempo_rank_weight", 20.0}, {"margin", 0.1},
                            {"consistency_weight", 1.0}}},
            {"cache", (dir() / "cache").string()},
            {"out", (dir() / "out").string()}};
        fs::remove_all(dir() / "out");
        const TrainingConfig config = TrainingConfig::fromJson(j, "test config", dir());
        QVERIFY(config.adaptation.has_value());
        QCOMPARE(config.toJson()["adaptation"]["tempo_rank_weight"].get<double>(), 20.0);
        JointTrainer trainer(config, TrainingSet::load(config));
        ExplainableResNet net = trainer.network();
        TargetDomainRegulariser reg(*config.adaptation);
        trainer.cache().prepare(reg.files());
        const double before = arousalGain(net, reg, trainer.cache());
        std::vector<std::string> lines;
        const TrainingOutcome outcome = trainer.train(false, [&](const EpochRecord& r) { lines.push_back(r.line(6)); });
        const double after = arousalGain(net, reg, trainer.cache());
        QVERIFY2(after > before + 0.02, qPrintable(QString("arousal gain under speed-up %1 -> %2").arg(before).arg(after)));
        QCOMPARE(outcome.history.size(), std::size_t(6));
        for (const auto& r : outcome.history) {
            QVERIFY(std::isfinite(r.adaptationLoss));
            QVERIFY(std::isfinite(r.adaptationConsistency));
            // The record survives the trainer state's JSON.
            QCOMPARE(EpochRecord::fromJson(r.toJson()).adaptationArousalGain, r.adaptationArousalGain);
        }
        QVERIFY2(lines.back().find("  real: L_u ") != std::string::npos, lines.back().c_str());
        const auto info = test::readJson(config.out / "model.json");
        QVERIFY(info.dump().find("tempo_rank_weight") != std::string::npos); // the model card can say how it was trained
    }

    void fineTuningStartsFromTheGivenWeights()
    {
        const fs::path init = dir() / "init";
        auto package = ModelPackage::untrained(4, 77);
        ModelPackage::save(init, package.info, package.network);
        nlohmann::json j = {{"model", {{"base_channels", 4}, {"init_weights", "init/weights.pt"}}},
                            {"sources", {{{"type", "lab"}, {"path", (dir() / "corpus").string()}}}},
                            {"out", (dir() / "tuned").string()}};
        const TrainingConfig config = TrainingConfig::fromJson(j, "test config", dir());
        QCOMPARE(config.initWeights, init / "weights.pt");
        JointTrainer trainer(config, TrainingSet::load(config));
        ExplainableResNet net = trainer.network();
        net->eval();
        package.network->eval();
        torch::manual_seed(3);
        const torch::Tensor x = torch::rand({1, 1, 149, 64});
        QVERIFY(torch::equal(net->forward(x).concepts, package.network->forward(x).concepts));
        j["model"]["init_weights"] = "init/absent.pt";
        const TrainingConfig bad = TrainingConfig::fromJson(j, "test config", dir());
        QVERIFY_THROWS_EXCEPTION(Error, JointTrainer(bad, TrainingSet::load(bad)));
    }
};

QTEST_GUILESS_MAIN(TestDomainAdaptation)
#include "tst_domain_adaptation.moc"
