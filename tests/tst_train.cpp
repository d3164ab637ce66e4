// Joint training end to end on a tiny model (base 4, 64-frame excerpts) and six short
// music-lab songs rendered here: the loss falls, sampling is balanced by style, the
// split holds out the requested soundfont/seeds, checkpoints reload to identical
// outputs and are read by Python's torch.load, resume continues where it stopped and
// cancellation leaves a resumable checkpoint. Hostile inputs: tampered cache entries are
// recomputed (never trusted), a NaN loss or NaN initial weights stop with one clear line.

#include <QProcess>
#include <QTest>

#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <fstream>
#include <map>
#include <tuple>

#include <torch/torch.h>

#include "ErrorOf.h"
#include "TestData.h"
#include "lab/LabSongWriter.h"
#include "model/ModelPackage.h"
#include "model/StateDictWriter.h"
#include "separation/SeparatorPackage.h"
#include "model/TorchRuntime.h"
#include "train/BalancedSampler.h"
#include "train/JointTrainer.h"
#include "train/LabCorpusSource.h"
#include "train/ModelEvaluator.h"
#include "train/SeparatorTrainer.h"
#include "train/SpectrogramCache.h"
#include "train/StemCorpus.h"
#include "train/TrainingSet.h"
#include "util/Error.h"
#include "util/FileHash.h"

using namespace emotrace;
using emotrace::test::errorOf;
namespace fs = std::filesystem;

namespace {

fs::path corpus() { return test::workDir("train") / "corpus"; }

/// A config over the test corpus; `extra` is merged into "train", `holdout` into the source.
TrainingConfig makeConfig(const std::string& out, const nlohmann::json& extra = nlohmann::json::object(),
                          const nlohmann::json& holdout = nullptr)
{
    nlohmann::json source = {{"type", "lab"}, {"path", corpus().string()}};
    if (!holdout.is_null()) source["holdout"] = holdout;
    nlohmann::json train = {{"epochs", 3},     {"batch_size", 4}, {"excerpt_frames", 64}, {"lr", 0.003}, {"weight_decay", 0.0},
                            {"schedule", "constant"}, {"patience", 0}, {"seed", 3},       {"steps_per_epoch", 3}};
    for (const auto& [k, v] : extra.items()) train[k] = v;
    const nlohmann::json j = {{"model", {{"base_channels", 4}}},
                              {"sources", {source}},
                              {"train", train},
                              {"cache", (test::workDir("train") / "cache").string()},
                              {"out", (test::workDir("train") / out).string()},
                              {"name", "test-" + out}};
    fs::remove_all(test::workDir("train") / out);
    return TrainingConfig::fromJson(j, "test config", test::workDir("train"));
}

/// Holds out the song with the first song's composer seed (a seeds_mod rule).
nlohmann::json firstSeedHoldout()
{
    const auto items = LabCorpusSource::read(corpus(), "lab");
    const std::uint64_t m = 1000003;
    return {{"seeds_mod", {m, *items.front().seed % m}}};
}


bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// A spectrogram cache entry as SpectrogramCache writes it (format ETSPEC02), with any
/// header and payload; the checksum is the right one for them unless given.
void writeCacheEntry(const fs::path& file, std::uint32_t bands, std::int64_t frames, const std::vector<float>& values,
                     std::optional<std::uint64_t> checksum = std::nullopt, const char* magic = "ETSPEC02")
{
    const std::uint32_t reserved = 0;
    char head[16];
    std::memcpy(head, &bands, 4);
    std::memcpy(head + 4, &reserved, 4);
    std::memcpy(head + 8, &frames, 8);
    const std::string_view payload(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    const std::uint64_t sum = checksum.value_or(fnv1a(payload, fnv1a(std::string_view(head, 16))));
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(magic, 8);
    out.write(head, 16);
    out.write(reinterpret_cast<const char*>(&sum), 8);
    out.write(payload.data(), std::streamsize(payload.size()));
}

torch::Tensor sampleInput()
{
    torch::manual_seed(11);
    return torch::rand({2, 1, 149, 64});
}

} // namespace

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        configureTorchThreads(2);
        // Six 10-s songs, two per style, rendered once per work folder.
        const std::vector<Style> styles{Style::Ballad, Style::March, Style::Dance};
        LabSongWriter writer;
        for (int i = 0; i < 6; ++i) {
            const LabSongSpec spec = LabSongSpec::draw(21, i, "timgm6mb", styles[std::size_t(i % 3)], 10.0);
            if (!fs::is_regular_file(corpus() / spec.id / "labels.json")) writer.write(corpus(), spec);
        }
        QCOMPARE(LabCorpusSource::read(corpus(), "lab").size(), std::size_t(6));
    }

    void lossFalls()
    {
        const TrainingConfig config = makeConfig("falls", {{"epochs", 8}, {"steps_per_epoch", 4}}, firstSeedHoldout());
        JointTrainer trainer(config, TrainingSet::load(config));
        ExplainableResNet net = trainer.network();
        const TrainingSet& data = trainer.data();
        const double before = ModelEvaluator::evaluate(net, data.items, data.split.training, trainer.cache(), 64).loss();
        std::vector<std::string> lines;
        const TrainingOutcome outcome = trainer.train(false, [&](const EpochRecord& r) { lines.push_back(r.line(8)); });
        const double after = ModelEvaluator::evaluate(net, data.items, data.split.training, trainer.cache(), 64).loss();
        QVERIFY2(after < 0.7 * before, qPrintable(QString("training loss %1 -> %2").arg(before).arg(after)));
        QCOMPARE(outcome.history.size(), std::size_t(8));
        QCOMPARE(lines.size(), std::size_t(8));
        QVERIFY2(lines.front().rfind("epoch 1/8  lr 3.00e-03  train L_m ", 0) == 0, lines.front().c_str());
        QVERIFY(std::isfinite(outcome.history.back().validationLoss));
        QVERIFY(outcome.bestEpoch >= 1);
        QVERIFY(fs::is_regular_file(config.out / "weights.pt"));
        QVERIFY(fs::is_regular_file(config.out / "evaluation.json"));
        QVERIFY(fs::is_regular_file(config.out / "last" / "optimizer.pt"));
        QVERIFY(!fs::exists(config.out / "last.partial"));
        // Spectrograms were cached: one entry per song, read back as computed.
        for (const auto& item : data.items) {
            const fs::path entry = trainer.cache().entryFor(item.audio);
            QVERIFY(fs::is_regular_file(entry));
            SpectrogramCache fresh(config.cache, {}, 0);
            const auto spec = fresh.get(item.audio);
            QCOMPARE(spec->bands, 149);
            QCOMPARE(spec->values, trainer.cache().get(item.audio)->values);
            FrontEndParameters other;
            other.framesPerSecond = 50.0;
            QVERIFY(SpectrogramCache(config.cache, other, 0).entryFor(item.audio) != entry); // keyed by the front end too
        }
        // A damaged entry is computed again.
        const fs::path entry = trainer.cache().entryFor(data.items.front().audio);
        fs::resize_file(entry, 100);
        SpectrogramCache fresh(config.cache, {}, 0);
        QCOMPARE(fresh.get(data.items.front().audio)->values, trainer.cache().get(data.items.front().audio)->values);
        QVERIFY(fs::file_size(entry) > 100);
    }

    void tamperedCacheEntriesAreRecomputed()
    {
        const fs::path folder = test::workDir("train") / "cache-tamper";
        fs::remove_all(folder);
        const auto items = LabCorpusSource::read(corpus(), "lab");
        const fs::path audio = items.front().audio;
        SpectrogramCache first(folder, {}, 0);
        const Spectrogram reference = *first.get(audio);
        const fs::path entry = first.entryFor(audio);
        QCOMPARE(reference.bands, first.bands());
        QCOMPARE(first.rejectedEntries(), 0);

        std::vector<std::string> warnings;
        // Reads the entry through a fresh cache (nothing in memory): what get() returns,
        // how many entries it rejected, and the entry is whole again afterwards.
        auto readBack = [&](int rejected, const std::string& why) {
            warnings.clear();
            SpectrogramCache cache(folder, {}, 0);
            cache.setWarningHandler([&](const std::string& w) { warnings.push_back(w); });
            const auto spec = cache.get(audio);
            QCOMPARE(spec->bands, reference.bands);
            QCOMPARE(spec->frames, reference.frames);
            QVERIFY2(spec->values == reference.values, why.c_str());
            QCOMPARE(cache.rejectedEntries(), rejected);
            QCOMPARE(int(warnings.size()), rejected);
            if (rejected) {
                QVERIFY2(contains(warnings[0], entry.string() + ": damaged spectrogram cache entry (" + why), warnings[0].c_str());
                QVERIFY2(warnings[0].find('\n') == std::string::npos, warnings[0].c_str());
            }
            SpectrogramCache again(folder, {}, 0);
            again.get(audio);
            QCOMPARE(again.rejectedEntries(), 0); // rewritten whole
        };

        // The test's writer makes entries the cache accepts: a valid entry is read, not recomputed.
        writeCacheEntry(entry, std::uint32_t(reference.bands), reference.frames, std::vector<float>(reference.values.size(), 0.25f));
        {
            SpectrogramCache cache(folder, {}, 0);
            QCOMPARE(cache.get(audio)->values, std::vector<float>(reference.values.size(), 0.25f));
            QCOMPARE(cache.rejectedEntries(), 0);
        }
        // Another band count with a consistent size and checksum (the out-of-bounds case).
        writeCacheEntry(entry, 100, reference.frames, std::vector<float>(std::size_t(100) * std::size_t(reference.frames), 0.5f));
        readBack(1, "the header says 100 bands, the front end gives 149");
        writeCacheEntry(entry, 4096, 2, std::vector<float>(8192, 0.5f));
        readBack(1, "the header says 4096 bands");
        // A frame count beyond any song, and one of 0.
        writeCacheEntry(entry, 149, std::int64_t(1) << 40, std::vector<float>(149, 0.5f));
        readBack(1, "the header says 1099511627776 frames");
        writeCacheEntry(entry, 149, 0, {});
        readBack(1, "the header says 0 frames");
        // A flipped bit in the payload.
        writeCacheEntry(entry, 149, reference.frames, reference.values);
        {
            std::fstream f(entry, std::ios::binary | std::ios::in | std::ios::out);
            f.seekg(32 + 1000);
            char c = 0;
            f.read(&c, 1);
            c ^= 0x10;
            f.seekp(32 + 1000);
            f.write(&c, 1);
        }
        readBack(1, "checksum mismatch");
        // A wrong checksum over an unchanged payload.
        writeCacheEntry(entry, 149, reference.frames, reference.values, std::uint64_t(12345));
        readBack(1, "checksum mismatch");
        // Truncated payload, trailing bytes, truncated header, empty file, foreign file.
        writeCacheEntry(entry, 149, reference.frames, reference.values);
        fs::resize_file(entry, fs::file_size(entry) - 4);
        readBack(1, std::to_string(32 + 4 * reference.values.size() - 4) + " bytes, but a 149 x " + std::to_string(reference.frames));
        writeCacheEntry(entry, 149, reference.frames, reference.values);
        fs::resize_file(entry, fs::file_size(entry) + 4);
        readBack(1, std::to_string(32 + 4 * reference.values.size() + 4) + " bytes, but a 149 x");
        fs::resize_file(entry, 20);
        readBack(1, "truncated header, 20 bytes");
        fs::resize_file(entry, 0);
        readBack(1, "truncated header, 0 bytes");
        std::ofstream(entry, std::ios::binary | std::ios::trunc) << std::string(64, 'x');
        readBack(1, "not a spectrogram cache entry");
        // NaN, infinite or negative values under a valid checksum.
        for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -1.0f}) {
            std::vector<float> values = reference.values;
            values[3 * std::size_t(reference.frames) + 5] = bad;
            writeCacheEntry(entry, 149, reference.frames, values);
            readBack(1, "value ");
            QVERIFY2(contains(warnings.at(0), "at band 3 frame 5 is not a log magnitude"), warnings.at(0).c_str());
        }
        // An entry of the older format (ETSPEC01, no checksum) is recomputed without a warning.
        {
            std::ofstream out(entry, std::ios::binary | std::ios::trunc);
            const std::uint32_t bands = 149, reserved = 0;
            const std::int64_t frames = reference.frames;
            out.write("ETSPEC01", 8);
            out.write(reinterpret_cast<const char*>(&bands), 4);
            out.write(reinterpret_cast<const char*>(&reserved), 4);
            out.write(reinterpret_cast<const char*>(&frames), 8);
            const std::vector<float> zeros(reference.values.size(), 0.0f);
            out.write(reinterpret_cast<const char*>(zeros.data()), std::streamsize(zeros.size() * sizeof(float)));
        }
        readBack(0, "");

        // Whoever stacks spectrograms into one batch checks that they agree.
        Spectrogram odd;
        odd.bands = 100;
        odd.frames = 3;
        odd.values.assign(300, 0.0f);
        QVERIFY(contains(errorOf([&] { SpectrogramCache::requireShape(odd, 149, "x.flac", "the training batch"); }),
                         "x.flac: its spectrogram has 100 bands, the training batch has 149"));
        odd.values.resize(299);
        QVERIFY(contains(errorOf([&] { SpectrogramCache::requireShape(odd, 100, "x.flac", "the training batch"); }),
                         "x.flac: its spectrogram is inconsistent (299 values for 100 x 3)"));

        // Training over a cache whose every entry claims another band count: each is
        // recomputed, the run trains normally (it once wrote out of bounds here).
        TrainingConfig config = makeConfig("tampered", {{"epochs", 1}, {"steps_per_epoch", 1}});
        config.cache = test::workDir("train") / "cache-tampered";
        fs::remove_all(config.cache);
        {
            SpectrogramCache names(config.cache, {}, 0);
            for (const auto& item : items)
                writeCacheEntry(names.entryFor(item.audio), 100, 400, std::vector<float>(std::size_t(100) * 400, 3.0f));
        }
        JointTrainer trainer(config, TrainingSet::load(config));
        warnings.clear();
        trainer.cache().setWarningHandler([&](const std::string& w) { warnings.push_back(w); });
        const TrainingOutcome outcome = trainer.train(false);
        QCOMPARE(outcome.history.size(), std::size_t(1));
        QVERIFY(std::isfinite(outcome.history[0].trainMidLevelLoss) && std::isfinite(outcome.history[0].validationLoss));
        QCOMPARE(trainer.cache().rejectedEntries(), int(items.size()));
        QCOMPARE(warnings.size(), items.size());
        for (const auto& item : items) QCOMPARE(trainer.cache().get(item.audio)->bands, 149);
    }

    void nonFiniteLossStopsTraining()
    {
        // NaN weights (as from a damaged --init file or a diverged run): the first step's
        // loss is NaN; training stops with one line and writes no model at all.
        const TrainingConfig config = makeConfig("nan", {{"epochs", 2}}, firstSeedHoldout());
        JointTrainer trainer(config, TrainingSet::load(config));
        {
            torch::NoGradGuard noGrad;
            trainer.network()->parameters().front().fill_(std::numeric_limits<float>::quiet_NaN());
        }
        const std::string error = errorOf([&] { trainer.train(false); });
        QVERIFY2(error == "training stopped at epoch 1 step 1: the loss is NaN (check the initial weights and the data)", error.c_str());
        QVERIFY(!fs::exists(config.out / "weights.pt"));
        QVERIFY(!fs::exists(config.out / "model.json"));
        QVERIFY(!fs::exists(config.out / "last"));
        QVERIFY(!fs::exists(config.out / "last.partial"));

        // Infinite weights: the same, said so.
        const TrainingConfig inf = makeConfig("inf", {{"epochs", 1}}, firstSeedHoldout());
        JointTrainer infinite(inf, TrainingSet::load(inf));
        {
            torch::NoGradGuard noGrad;
            for (auto& p : infinite.network()->parameters()) p.fill_(std::numeric_limits<float>::infinity());
        }
        const std::string infError = errorOf([&] { infinite.train(false); });
        QVERIFY2(contains(infError, "training stopped at epoch 1 step 1: the loss is "), infError.c_str());
        QVERIFY(!fs::exists(inf.out / "weights.pt"));

        // model.init_weights holding NaN is refused before any training, naming the file.
        const fs::path weights = test::workDir("train") / "nan-weights" / "weights.pt";
        fs::create_directories(weights.parent_path());
        ExplainableResNet bad = ModelPackage::untrained(4, 1).network;
        {
            torch::NoGradGuard noGrad;
            bad->parameters().front().fill_(std::numeric_limits<float>::quiet_NaN());
        }
        StateDictWriter::write(weights, bad->stateDict(), bad->moduleVersions());
        TrainingConfig init = makeConfig("nan-init", {{"epochs", 1}}, firstSeedHoldout());
        init.initWeights = weights;
        const std::string initError = errorOf([&] { JointTrainer(init, TrainingSet::load(init)).train(false); });
        QVERIFY2(contains(initError, weights.string()) && contains(initError, "NaN"), initError.c_str());
        QVERIFY(!fs::exists(init.out / "weights.pt"));
    }

    void separatorTrainingStopsAtANonFiniteLoss()
    {
        MaskNetworkConfig small;
        small.fftSize = 512;
        small.hopSize = 128;
        small.hidden = 16;
        small.recurrentLayers = 1;
        const StemCorpus stems({corpus()}, small.stems, small.sampleRate);
        LoadedSeparator bad;
        bad.name = "nan-sep";
        bad.version = "0";
        bad.network = MaskNetwork(small);
        {
            torch::NoGradGuard noGrad;
            for (auto& p : bad.network->parameters()) p.fill_(std::numeric_limits<float>::quiet_NaN());
        }
        const fs::path init = test::workDir("train") / "nan-separator", out = test::workDir("train") / "nan-separator-out";
        fs::remove_all(init);
        fs::remove_all(out);
        SeparatorPackage::save(init, bad);
        SeparatorTrainer::Settings settings;
        settings.init = init;
        settings.steps = 3;
        settings.batch = 1;
        settings.segmentSeconds = 0.5;
        settings.validationFraction = 0.2;
        settings.validateEvery = 1;
        settings.validationBatches = 1;
        const std::string error = errorOf([&] { SeparatorTrainer::train(stems, settings, out); });
        // Refused when the package is read, or at the first step: never a saved separator.
        QVERIFY2(error == "separator training stopped at step 1: the loss is NaN (check the initial weights and the data)"
                     || (contains(error, init.string()) && contains(error, "NaN")),
                 error.c_str());
        QVERIFY(!fs::exists(out / "weights.pt"));
    }

    void splitHoldsOutSoundfontsAndSeeds()
    {
        const nlohmann::json holdout = firstSeedHoldout();
        const TrainingSet set = TrainingSet::load(makeConfig("split", {}, holdout));
        const std::uint64_t m = holdout["seeds_mod"][0], r = holdout["seeds_mod"][1];
        // The rule names the test split; the validation split is drawn from the rest.
        QVERIFY(!set.split.test.empty());
        for (const auto i : set.split.test) QCOMPARE(*set.items[i].seed % m, r);
        for (const auto i : set.split.training) QVERIFY(*set.items[i].seed % m != r);
        for (const auto i : set.split.validation) QVERIFY(*set.items[i].seed % m != r);
        QVERIFY(!set.split.validation.empty());
        QCOMPARE(set.split.training.size() + set.split.validation.size() + set.split.test.size(), std::size_t(6));
        QCOMPARE(set.description["validation_items"].get<std::size_t>(), set.split.validation.size());
        QCOMPARE(set.description["test_items"].get<std::size_t>(), set.split.test.size());
        // Holding out the corpus' only soundfont leaves nothing to train on.
        bool threw = false;
        try {
            TrainingSet::load(makeConfig("split", {}, {{"soundfonts", {"timgm6mb"}}}));
        } catch (const Error& e) {
            threw = std::string(e.what()).find("training split is empty") != std::string::npos;
        }
        QVERIFY(threw);
        // Another soundfont: nothing of this corpus is held out.
        QVERIFY(TrainingSet::load(makeConfig("split", {}, {{"soundfonts", {"fluidr3"}}})).split.test.empty());
    }

    void balancedSamplingCoversStyles()
    {
        const TrainingSet set = TrainingSet::load(makeConfig("balance", {}, firstSeedHoldout()));
        const BalancedSampler sampler(set.items, set.split.training, true);
        QCOMPARE(sampler.tags(), (std::vector<std::string>{"ballad", "dance", "march"}));
        std::map<std::string, int> perTag;
        for (const auto i : sampler.draw(300, 9)) ++perTag[set.items[i].tag];
        for (const auto& tag : sampler.tags()) QCOMPARE(perTag[tag], 100);
    }

    void checkpointReloadsToIdenticalOutputs()
    {
        const TrainingConfig config = makeConfig("reload", {{"epochs", 2}}, firstSeedHoldout());
        JointTrainer trainer(config, TrainingSet::load(config));
        trainer.train(false);
        ExplainableResNet net = trainer.network();
        net->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor x = sampleInput();
        const ModelOutput expected = net->forward(x);
        LoadedModel last = ModelPackage::load(config.out / "last");
        const ModelOutput got = last.network->forward(x);
        QVERIFY(torch::equal(got.concepts, expected.concepts));
        QVERIFY(torch::equal(got.emotions, expected.emotions));
        const LoadedModel best = ModelPackage::load(config.out);
        QVERIFY(best.info.trained);
        QCOMPARE(best.info.inputFrames, 64);
        QCOMPARE(best.info.architecture.baseChannels, 4);
        QCOMPARE(best.info.name, std::string("test-reload"));
        QVERIFY(best.info.metrics.contains("validation"));
        QVERIFY(best.info.trainingData.contains("sources"));

        // The emotion baseline is the training split's label means: in model.json, applied
        // by the loaded network (whose emotions above equal the trained network's).
        const TrainingSet& data = trainer.data();
        std::vector<double> m(7, 0.0), e(2, 0.0);
        for (const auto i : data.split.training) {
            for (std::size_t j = 0; j < 7; ++j) m[j] += (*data.items[i].midLevel)[j] / double(data.split.training.size());
            for (std::size_t k = 0; k < 2; ++k) e[k] += (*data.items[i].emotions)[k] / double(data.split.training.size());
        }
        for (const LoadedModel* model : std::initializer_list<const LoadedModel*>{&best, &last}) {
            const EmotionBaseline& b = model->info.emotionBaseline;
            QCOMPARE(b.featureMeans.size(), std::size_t(7));
            QCOMPARE(b.emotionMeans.size(), std::size_t(2));
            for (std::size_t j = 0; j < 7; ++j) QVERIFY(std::abs(b.featureMeans[j] - m[j]) < 1e-12);
            for (std::size_t k = 0; k < 2; ++k) QVERIFY(std::abs(b.emotionMeans[k] - e[k]) < 1e-12);
            QCOMPARE(model->network->emotionBaseline(), b);
        }
        QCOMPARE(net->emotionBaseline(), best.info.emotionBaseline);
        const nlohmann::json written = test::readJson(config.out / "model.json")["emotion_baseline"];
        QVERIFY(std::abs(written["features"]["rhythm_stability"].get<double>() - m[3]) < 1e-12);
        QVERIFY(std::abs(written["emotions"]["valence"].get<double>() - e[1]) < 1e-12);
        // The loss saw e = b + W (m - m_bar): the trained network's output says so.
        const torch::Tensor w = net->emotionWeights().detach();
        const torch::Tensor mbar = torch::tensor(std::vector<float>(m.begin(), m.end()));
        const torch::Tensor bias = torch::tensor(std::vector<float>(e.begin(), e.end()));
        QVERIFY(torch::allclose(expected.emotions, bias + torch::linear(expected.concepts - mbar, w), 1e-5, 1e-5));

        for (const fs::path& folder : {config.out / "last", config.out}) {
            QProcess python;
            python.start(EMOTRACE_REFERENCE_PYTHON, {QString(EMOTRACE_TEST_SOURCE_DIR) + "/python/check_trained_checkpoint.py",
                                                     QString::fromStdString(folder.string()), "4"});
            QVERIFY(python.waitForFinished(120000));
            const QString output = python.readAllStandardOutput() + python.readAllStandardError();
            QVERIFY2(python.exitCode() == 0, qPrintable(output));
        }
    }

    void resumeContinuesFromTheSavedEpoch()
    {
        const TrainingConfig full = makeConfig("full", {{"epochs", 4}}, firstSeedHoldout());
        JointTrainer uninterrupted(full, TrainingSet::load(full));
        const TrainingOutcome reference = uninterrupted.train(false);

        const TrainingConfig first = makeConfig("resumed", {{"epochs", 2}}, firstSeedHoldout());
        JointTrainer part(first, TrainingSet::load(first));
        QCOMPARE(part.train(false).history.size(), std::size_t(2));
        TrainingConfig rest = first;
        rest.epochs = 4;
        JointTrainer resumed(rest, TrainingSet::load(rest));
        std::vector<int> epochsRun;
        const TrainingOutcome outcome = resumed.train(true, [&](const EpochRecord& r) { epochsRun.push_back(r.epoch); });
        QCOMPARE(epochsRun, (std::vector<int>{3, 4}));
        QCOMPARE(outcome.history.size(), std::size_t(4));
        // Same draws and the restored Adam state: the resumed run retraces the uninterrupted one.
        for (std::size_t e = 0; e < 4; ++e) {
            const double a = reference.history[e].trainMidLevelLoss, b = outcome.history[e].trainMidLevelLoss;
            QVERIFY2(std::abs(a - b) <= 1e-4 * std::max(1.0, std::abs(a)), qPrintable(QString("epoch %1: %2 vs %3").arg(e + 1).arg(a).arg(b)));
        }
        const nlohmann::json state = test::readJson(rest.out / "last" / "trainer_state.json");
        QCOMPARE(state["epoch"].get<int>(), 4);
        // A finished run resumes to nothing.
        JointTrainer again(rest, TrainingSet::load(rest));
        epochsRun.clear();
        QCOMPARE(again.train(true, [&](const EpochRecord& r) { epochsRun.push_back(r.epoch); }).history.size(), std::size_t(4));
        QVERIFY(epochsRun.empty());
    }

    void cancellationLeavesAResumableCheckpoint()
    {
        const TrainingConfig config = makeConfig("cancel", {{"epochs", 3}}, firstSeedHoldout());
        JointTrainer trainer(config, TrainingSet::load(config));
        std::atomic<bool> cancel{false};
        bool cancelled = false;
        try {
            trainer.train(false, [&](const EpochRecord&) { cancel = true; }, Progress({}, &cancel));
        } catch (const Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(test::readJson(config.out / "last" / "trainer_state.json")["epoch"].get<int>(), 1);
        QVERIFY(!fs::exists(config.out / "last.partial"));
        JointTrainer resumed(config, TrainingSet::load(config));
        QCOMPARE(resumed.train(true).history.size(), std::size_t(3));
        // Resuming without a checkpoint is an error naming the file.
        const TrainingConfig none = makeConfig("cancel-none", {}, firstSeedHoldout());
        JointTrainer fresh(none, TrainingSet::load(none));
        bool threw = false;
        try {
            fresh.train(true);
        } catch (const Error& e) {
            threw = std::string(e.what()).find("trainer_state.json") != std::string::npos;
        }
        QVERIFY(threw);
    }

    void earlyStoppingAfterPatience()
    {
        // A learning rate far too large: the validation loss stops improving at once.
        const TrainingConfig config = makeConfig("early", {{"epochs", 30}, {"lr", 10.0}, {"patience", 2}}, firstSeedHoldout());
        JointTrainer trainer(config, TrainingSet::load(config));
        const TrainingOutcome outcome = trainer.train(false);
        QVERIFY(outcome.stoppedEarly);
        QVERIFY(outcome.history.size() < 30);
        QCOMPARE(int(outcome.history.size()), outcome.bestEpoch + 2);
        QVERIFY(test::readJson(config.out / "last" / "trainer_state.json")["stopped_early"].get<bool>());
        JointTrainer resumed(config, TrainingSet::load(config));
        QCOMPARE(resumed.train(true).history.size(), outcome.history.size()); // nothing left to do
    }

    void mixedSourcesContributeTheirOwnLabels()
    {
        // Look-alikes of PMEmo (emotions only) and the mid-level data set (features only).
        const fs::path pmemo = test::workDir("train/pmemo"), midlevel = test::workDir("train/midlevel");
        std::string pmemoCsv = "musicId,Arousal(mean),Valence(mean)\n";
        std::string midCsv = "song_id,melodiousness,articulation,rhythm_complexity,rhythm_stability,dissonance,tonal_stability,minorness\n";
        for (int i = 1; i <= 4; ++i) {
            const std::string id = std::to_string(i);
            for (const fs::path& file : {pmemo / "chorus" / (id + ".mp3"), midlevel / "audio" / (id + ".mp3")}) {
                if (fs::exists(file)) continue;
                fs::create_directories(file.parent_path());
                QProcess p;
                p.start("ffmpeg", {"-v", "error", "-y", "-f", "lavfi", "-i",
                                   QString("sine=frequency=%1:duration=3:sample_rate=22050").arg(150 * i), QString::fromStdString(file.string())});
                QVERIFY(p.waitForFinished(60000));
                QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            }
            pmemoCsv += id + "," + std::to_string(0.2 * i) + "," + std::to_string(1.0 - 0.2 * i) + "\n";
            midCsv += id + ",1,2,3,4,5,6," + std::to_string(2 * i) + "\n";
        }
        fs::create_directories(pmemo / "annotations");
        std::ofstream(pmemo / "annotations" / "static_annotations.csv") << pmemoCsv;
        fs::create_directories(midlevel / "metadata_annotations");
        std::ofstream(midlevel / "metadata_annotations" / "annotations.csv") << midCsv;

        TrainingConfig config = makeConfig("mixed", {{"epochs", 2}}, firstSeedHoldout());
        TrainingConfig::Source p, m;
        p.type = p.name = "pmemo";
        p.path = pmemo;
        p.weight = 0.5;
        p.validationFraction = 0.25;
        m.type = m.name = "midlevel";
        m.path = midlevel;
        m.validationFraction = 0.25;
        config.sources.push_back(p);
        config.sources.push_back(m);
        JointTrainer trainer(config, TrainingSet::load(config));
        QCOMPARE(trainer.data().items.size(), std::size_t(14));
        QCOMPARE(trainer.data().split.validation.size(), std::size_t(3)); // 1 of 5 lab songs, 1 of 4 per data set
        QCOMPARE(trainer.data().split.test.size(), std::size_t(1));       // the lab song the rule holds out
        const TrainingOutcome outcome = trainer.train(false);
        for (const auto& r : outcome.history) QVERIFY(std::isfinite(r.trainMidLevelLoss) && std::isfinite(r.trainEmotionLoss));
        // evaluation.json holds the test split; model.json's metrics hold both.
        const nlohmann::json testReport = test::readJson(config.out / "evaluation.json");
        QCOMPARE(testReport["songs"].get<int>(), 1);
        QVERIFY(test::readJson(config.out / "model.json")["metrics"]["test"] == testReport);
        const nlohmann::json report = test::readJson(config.out / "model.json")["metrics"]["validation"];
        QCOMPARE(report["targets"]["melodiousness"]["count"].get<int>(), 2); // lab + mid-level data set
        QCOMPARE(report["targets"]["arousal"]["count"].get<int>(), 2);       // lab + PMEmo
        QCOMPARE(report["songs"].get<int>(), 3);
        for (std::size_t i = 0; i < trainer.data().items.size(); ++i)
            QCOMPARE(trainer.data().items[i].weight, trainer.data().items[i].source == "pmemo" ? 0.5f : 1.0f);

        // Emotion labels only: no L_m at all, and still a model that learns.
        TrainingConfig only = makeConfig("pmemo-only", {{"epochs", 2}});
        only.sources = {p};
        JointTrainer emotionsOnly(only, TrainingSet::load(only));
        const TrainingOutcome o = emotionsOnly.train(false);
        QVERIFY(std::isnan(o.history.back().trainMidLevelLoss));
        QVERIFY(std::isfinite(o.history.back().trainEmotionLoss));
        // Its baseline: the PMEmo training labels' means; no mid-level labels, so m_bar = 0.
        const EmotionBaseline b = ModelPackage::load(only.out).info.emotionBaseline;
        QCOMPARE(b.featureMeans, std::vector<double>(7, 0.0));
        double arousal = 0.0;
        for (const auto i : emotionsOnly.data().split.training) arousal += (*emotionsOnly.data().items[i].emotions)[0];
        QVERIFY(std::abs(b.emotionMeans[0] - arousal / double(emotionsOnly.data().split.training.size())) < 1e-12);
    }

    void commandLine()
    {
        const fs::path dir = test::workDir("train/cli");
        fs::remove_all(dir / "model");
        nlohmann::json config = {{"model", {{"base_channels", 4}}},
                                 {"sources", {{{"type", "lab"}, {"path", corpus().string()}, {"holdout", firstSeedHoldout()}}}},
                                 {"train", {{"epochs", 2}, {"batch_size", 2}, {"excerpt_frames", 64}, {"steps_per_epoch", 2}}},
                                 {"cache", (test::workDir("train") / "cache").string()},
                                 {"out", "model"}};
        {
            std::ofstream(dir / "config.json") << config.dump(2);
        }
        auto cli = [](const QStringList& args) {
            QProcess p;
            p.start(EMOTRACE_CLI, args);
            p.waitForFinished(300000);
            return std::tuple{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
        };
        const QString file = QString::fromStdString((dir / "config.json").string());
        auto [code, out, err] = cli({"train", "--config", file, "--threads", "1"});
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY2(out.contains("epoch 1/2  lr ") && out.contains("epoch 2/2  lr "), qPrintable(out));
        QVERIFY(fs::is_regular_file(dir / "model" / "weights.pt")); // "out" is relative to the config file
        std::tie(code, out, err) = cli({"train", "--config", file, "--resume"});
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY2(!out.contains("epoch 1/2"), qPrintable(out)); // already finished
        std::tie(code, out, err) = cli({"evaluate", "--model", QString::fromStdString((dir / "model").string()), "--config", file,
                                        "--json", QString::fromStdString((dir / "eval.json").string())});
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY2(out.contains("melodiousness") && out.contains("valence") && out.contains("rmse"), qPrintable(out));
        QCOMPARE(test::readJson(dir / "eval.json")["songs"].get<int>(), 1);

        std::tie(code, out, err) = cli({"train"});
        QCOMPARE(code, 2);
        config["train"]["lr"] = "fast";
        {
            std::ofstream(dir / "bad.json") << config.dump(2);
        }
        std::tie(code, out, err) = cli({"train", "--config", QString::fromStdString((dir / "bad.json").string())});
        QCOMPARE(code, 1);
        QVERIFY2(err.startsWith("emotrace-cli: ") && err.contains("\"train.lr\": must be a number") && err.count('\n') == 1, qPrintable(err));
        // A folder where the config file belongs: one line, not "basic_filebuf::underflow".
        std::tie(code, out, err) = cli({"train", "--config", QString::fromStdString(dir.string())});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(QString::fromStdString(dir.string()) + ": is a directory, not a file") && err.count('\n') == 1,
                 qPrintable(err));
        // All source weights 0: refused at load, naming the file and the key.
        config["train"]["lr"] = 0.001;
        config["sources"][0]["weight"] = 0;
        {
            std::ofstream(dir / "zero.json") << config.dump(2);
        }
        std::tie(code, out, err) = cli({"train", "--config", QString::fromStdString((dir / "zero.json").string())});
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("zero.json: \"sources[0].weight\": every source has weight 0") && err.count('\n') == 1, qPrintable(err));
        QVERIFY(!fs::exists(dir / "model" / "last.partial"));
    }

    void cleanupTestCase() {}
};

QTEST_GUILESS_MAIN(TestTrain)
#include "tst_train.moc"
