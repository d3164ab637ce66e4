// The libtorch model against the PyTorch reference: weights loaded from torch.save
// files, outputs within 1e-4, checkpoints written for Python, bad checkpoints refused.

#include <QProcess>
#include <QTest>

#include <functional>

#include <torch/torch.h>

#include "TestData.h"
#include "dsp/LogSpectrogramFrontEnd.h"
#include "model/BatchPredictor.h"
#include "model/FoldedResNet.h"
#include "model/ModelPackage.h"
#include "model/StateDictReader.h"
#include "model/StateDictWriter.h"
#include "util/Error.h"

using namespace emotrace;
using namespace emotrace::test;

namespace {

constexpr float kParityTolerance = 1e-4f;

std::filesystem::path referenceDir(const std::string& name)
{
    return std::filesystem::path(EMOTRACE_TEST_WORK_DIR) / "model_reference" / name;
}

float maxAbsDiff(const torch::Tensor& a, const std::vector<float>& b)
{
    const auto flat = a.contiguous().view({-1});
    if (flat.numel() != std::int64_t(b.size())) return std::numeric_limits<float>::infinity();
    float worst = 0;
    for (std::int64_t i = 0; i < flat.numel(); ++i) worst = std::max(worst, std::fabs(flat[i].item<float>() - b[std::size_t(i)]));
    return worst;
}

ExplainableResNet loadReference(const std::string& name)
{
    const auto meta = readJson(referenceDir(name) / "meta.json");
    ModelConfig config;
    config.baseChannels = meta["base_channels"];
    ExplainableResNet net(config);
    net->loadStateDict(StateDictReader::read(referenceDir(name) / "weights.pt"), name);
    net->eval();
    return net;
}

/// Runs f and returns the emotrace::Error message it throws ("" if none).
template <typename F> std::string errorOf(F f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes)
{
    std::ofstream(file, std::ios::binary) << bytes;
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void parameterNamesMatchPyTorch()
    {
        ExplainableResNet net;
        const StateDict own = net->stateDict();
        const StateDict reference = StateDictReader::read(referenceDir("paper_width") / "weights.pt");
        QCOMPARE(own.entries.size(), reference.entries.size());
        for (std::size_t i = 0; i < own.entries.size(); ++i) {
            QCOMPARE(QString::fromStdString(own.entries[i].first), QString::fromStdString(reference.entries[i].first));
            QVERIFY(own.entries[i].second.sizes().equals(reference.entries[i].second.sizes()));
        }
        QVERIFY(own.find("stage1.maxpool1_0.weight") == nullptr);
        QVERIFY(own.find("stage2.block1.shortcut.conv.weight") != nullptr);
        QVERIFY(own.find("stage1.block1.shortcut.conv.weight") == nullptr);
        QCOMPARE(reference.find("stage1.block1.bn1.num_batches_tracked")->scalar_type(), torch::kInt64);
    }

    void outputsMatchReference_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("paper width 128") << "paper_width";
        QTest::newRow("small width 8") << "small_width";
    }
    void outputsMatchReference()
    {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        const auto meta = readJson(referenceDir(n) / "meta.json");
        const std::int64_t batch = meta["batch"], frames = meta["frames"];
        BatchPredictor predictor(loadReference(n));
        auto input = readRaw<float>(referenceDir(n) / "input.f32");
        const auto x = torch::from_blob(input.data(), {batch, 1, 149, frames}).clone();
        const ModelOutput out = predictor.forward(x);
        const float dc = maxAbsDiff(out.concepts, readRaw<float>(referenceDir(n) / "concepts.f32"));
        const float de = maxAbsDiff(out.emotions, readRaw<float>(referenceDir(n) / "emotions.f32"));
        QVERIFY2(dc <= kParityTolerance, qPrintable(QString("concepts differ by %1").arg(double(dc))));
        QVERIFY2(de <= kParityTolerance, qPrintable(QString("emotions differ by %1").arg(double(de))));
        // The predictor runs a copy with the batch norms folded in: the module itself agrees.
        ExplainableResNet module = loadReference(n);
        module->eval();
        torch::NoGradGuard noGrad;
        const ModelOutput direct = module->forward(x);
        QVERIFY((direct.concepts - out.concepts).abs().max().item<float>() <= kParityTolerance);
        QVERIFY((direct.emotions - out.emotions).abs().max().item<float>() <= kParityTolerance);
    }

    void spectrogramToPrediction()
    {
        // Our front end on the fixture's audio, our model; the reference ran PyTorch on
        // madmom's spectrogram of the same audio.
        const auto audio = readRaw<float>(madmomFixture("d_sines_clicks_2p5s.input.f32"));
        const Spectrogram spec = LogSpectrogramFrontEnd().compute(audio);
        BatchPredictor predictor(loadReference("small_width"));
        const auto outputs = predictor.predict(spec, {0}, spec.frames);
        QCOMPARE(outputs.size(), std::size_t(1));
        const auto concepts = readRaw<float>(referenceDir("small_width") / "spec_concepts.f32");
        const auto emotions = readRaw<float>(referenceDir("small_width") / "spec_emotions.f32");
        for (std::size_t i = 0; i < 7; ++i) QVERIFY(std::fabs(outputs[0].concepts[i] - concepts[i]) <= kParityTolerance);
        for (std::size_t i = 0; i < 2; ++i) QVERIFY(std::fabs(outputs[0].emotions[i] - emotions[i]) <= kParityTolerance);
    }

    void loopPaddingWrapsTheSpectrogram()
    {
        // A window longer than the song sees the song repeated (the reference's 'loop').
        Spectrogram spec;
        spec.bands = 149;
        spec.frames = 50;
        spec.values.resize(149 * 50);
        for (std::size_t i = 0; i < spec.values.size(); ++i) spec.values[i] = float(i % 97) / 40.0f;
        Spectrogram tiled = spec;
        tiled.frames = 150;
        tiled.values.resize(149 * 150);
        for (int b = 0; b < 149; ++b)
            for (int t = 0; t < 150; ++t) tiled.values[std::size_t(b * 150 + t)] = spec.at(b, t % 50);
        BatchPredictor predictor(loadReference("small_width"));
        const auto looped = predictor.predict(spec, {0}, 150);
        const auto explicitTiles = predictor.predict(tiled, {0}, 150);
        for (std::size_t i = 0; i < 7; ++i) QCOMPARE(looped[0].concepts[i], explicitTiles[0].concepts[i]);
    }

    void baselineIsAppliedAfterThePapersLayer()
    {
        ExplainableResNet net = loadReference("small_width");
        torch::manual_seed(5);
        const torch::Tensor x = torch::rand({2, 1, 149, 80});
        const torch::Tensor w = net->emotionWeights().detach();
        torch::NoGradGuard noGrad;
        // Without a baseline: the paper's e = m W^T, the same operation as before it existed.
        QVERIFY(net->emotionBaseline().empty());
        const ModelOutput plain = net->forward(x);
        QVERIFY(torch::equal(plain.emotions, torch::linear(plain.concepts, w)));
        std::vector<ModelOutput> plainFolded;
        for (auto backend : {FoldedResNet::Backend::Dense, FoldedResNet::Backend::Mkldnn}) {
            const ModelOutput f = FoldedResNet(net, backend).forward(x);
            QVERIFY(torch::equal(f.emotions, torch::linear(f.concepts, w)));
            plainFolded.push_back(f);
        }

        const EmotionBaseline baseline{{0.55, 0.4, 0.35, 0.6, 0.3, 0.65, 0.45}, {0.52, 0.48}};
        net->setEmotionBaseline(baseline);
        QCOMPARE(net->emotionBaseline(), baseline);
        QCOMPARE(net->stateDict().entries.size(), ExplainableResNet(net->config())->stateDict().entries.size()); // no new tensors
        const torch::Tensor mbar = torch::tensor(std::vector<float>(baseline.featureMeans.begin(), baseline.featureMeans.end()));
        const torch::Tensor b = torch::tensor(std::vector<float>(baseline.emotionMeans.begin(), baseline.emotionMeans.end()));
        const ModelOutput centred = net->forward(x);
        QVERIFY(torch::equal(centred.concepts, plain.concepts));
        QVERIFY(torch::allclose(centred.emotions, b + torch::linear(centred.concepts - mbar, w), 0.0, 1e-6));
        // = the uncentred output shifted by b - W m_bar
        QVERIFY(torch::allclose(centred.emotions, plain.emotions + (b - torch::linear(mbar, w)), 1e-5, kParityTolerance));
        int i = 0;
        for (auto backend : {FoldedResNet::Backend::Dense, FoldedResNet::Backend::Mkldnn}) {
            const ModelOutput f = FoldedResNet(net, backend).forward(x);
            QVERIFY(torch::equal(f.concepts, plainFolded[std::size_t(i++)].concepts));
            QVERIFY(torch::allclose(f.emotions, b + torch::linear(f.concepts - mbar, w), 0.0, 1e-6));
            QVERIFY((f.emotions - centred.emotions).abs().max().item<float>() <= kParityTolerance);
        }
        Spectrogram spec;
        spec.bands = 149;
        spec.frames = 80;
        spec.values.assign(x[0][0].contiguous().data_ptr<float>(), x[0][0].contiguous().data_ptr<float>() + 149 * 80);
        const auto windows = BatchPredictor(net).predict(spec, {0}, 80);
        for (std::size_t k = 0; k < 2; ++k)
            QVERIFY(std::fabs(windows[0].emotions[k] - centred.emotions[0][std::int64_t(k)].item<float>()) <= kParityTolerance);

        // Sizes and values are checked; an empty baseline restores the paper's layer.
        QVERIFY(errorOf([&] { net->setEmotionBaseline({{0.5}, {0.5, 0.5}}); }).find("1 feature and 2 emotion means") != std::string::npos);
        QVERIFY(!errorOf([&] { net->setEmotionBaseline({std::vector<double>(7, std::nan("")), {0.5, 0.5}}); }).empty());
        QCOMPARE(net->emotionBaseline(), baseline); // unchanged by the refused ones
        net->setEmotionBaseline({});
        QVERIFY(torch::equal(net->forward(x).emotions, plain.emotions));
    }

    void writtenCheckpointRoundTrips()
    {
        ExplainableResNet net = loadReference("small_width");
        const auto file = workDir("model") / "roundtrip.pt";
        StateDictWriter::write(file, net->stateDict(), net->moduleVersions());
        const StateDict back = StateDictReader::read(file);
        const StateDict own = net->stateDict();
        QCOMPARE(back.entries.size(), own.entries.size());
        for (std::size_t i = 0; i < own.entries.size(); ++i) {
            QCOMPARE(back.entries[i].first, own.entries[i].first);
            QVERIFY(torch::equal(back.entries[i].second, own.entries[i].second));
        }
    }

    void pythonReadsWhatWeWrite()
    {
        ExplainableResNet net = loadReference("small_width");
        const auto file = workDir("model") / "for_python.pt";
        StateDictWriter::write(file, net->stateDict(), net->moduleVersions());
        const auto ref = referenceDir("small_width");
        QProcess python;
        python.start(EMOTRACE_REFERENCE_PYTHON,
                     {QString(EMOTRACE_TEST_SOURCE_DIR) + "/python/check_state_dict.py", QString::fromStdString(file.string()), "8",
                      QString::fromStdString((ref / "input.f32").string()), QString::fromStdString((ref / "concepts.f32").string()),
                      "300"});
        QVERIFY(python.waitForFinished(120000));
        const QString output = python.readAllStandardOutput() + python.readAllStandardError();
        QVERIFY2(python.exitCode() == 0, qPrintable(output));

        // A package with an emotion baseline: weights.pt is still the paper's state dict.
        net->setEmotionBaseline({{0.55, 0.4, 0.35, 0.6, 0.3, 0.65, 0.45}, {0.52, 0.48}});
        const auto folder = workDir("model") / "for_python_centred";
        ModelPackage::save(folder, ModelInfo{}, net);
        QVERIFY(readJson(folder / "model.json").contains("emotion_baseline"));
        QProcess centred;
        centred.start(EMOTRACE_REFERENCE_PYTHON,
                      {QString(EMOTRACE_TEST_SOURCE_DIR) + "/python/check_state_dict.py", QString::fromStdString((folder / "weights.pt").string()),
                       "8", QString::fromStdString((ref / "input.f32").string()), QString::fromStdString((ref / "concepts.f32").string()), "300"});
        QVERIFY(centred.waitForFinished(120000));
        const QString centredOutput = centred.readAllStandardOutput() + centred.readAllStandardError();
        QVERIFY2(centred.exitCode() == 0, qPrintable(centredOutput));
    }

    void packageSaveAndLoad()
    {
        LoadedModel model = ModelPackage::untrained(8, 7);
        const auto folder = workDir("model") / "package";
        ModelPackage::save(folder, model.info, model.network);
        LoadedModel back = ModelPackage::load(folder);
        QCOMPARE(back.info.name, model.info.name);
        QCOMPARE(back.info.trained, false);
        QCOMPARE(back.info.architecture, model.info.architecture);
        QCOMPARE(back.info.features, model.info.features);
        auto x = torch::rand({1, 1, 149, 64});
        QVERIFY(torch::equal(BatchPredictor(back.network).forward(x).concepts, BatchPredictor(model.network).forward(x).concepts));
        // No baseline: model.json has no field, the loaded model none.
        QVERIFY(!readJson(folder / "model.json").contains("emotion_baseline"));
        QVERIFY(back.info.emotionBaseline.empty() && back.network->emotionBaseline().empty());

        // With a baseline: model.json holds it by name, the loaded network applies it.
        const EmotionBaseline baseline{{0.55, 0.4, 0.35, 0.6, 0.3, 0.65, 0.45}, {0.52, 0.48}};
        model.network->setEmotionBaseline(baseline);
        const auto centredFolder = workDir("model") / "package_centred";
        ModelPackage::save(centredFolder, model.info, model.network); // info has none: the network's is written
        const nlohmann::json j = readJson(centredFolder / "model.json");
        QCOMPARE(j["emotion_baseline"]["features"]["melodiousness"].get<double>(), 0.55);
        QCOMPARE(j["emotion_baseline"]["features"]["minorness"].get<double>(), 0.45);
        QCOMPARE(j["emotion_baseline"]["emotions"]["valence"].get<double>(), 0.48);
        LoadedModel centred = ModelPackage::load(centredFolder);
        QCOMPARE(centred.info.emotionBaseline, baseline);
        QCOMPARE(centred.network->emotionBaseline(), baseline);
        QVERIFY(torch::equal(BatchPredictor(centred.network).forward(x).emotions, BatchPredictor(model.network).forward(x).emotions));
        QVERIFY(!torch::equal(BatchPredictor(centred.network).forward(x).emotions, BatchPredictor(back.network).forward(x).emotions));
        QCOMPARE(StateDictReader::read(centredFolder / "weights.pt").entries.size(), model.network->stateDict().entries.size());
        // ModelInfo's JSON round trip.
        QCOMPARE(ModelInfo::fromJson(centred.info.toJson(), "x").emotionBaseline, baseline);
    }

    void untrainedModelIsSeeded()
    {
        auto a = ModelPackage::untrained(8, 3).network->stateDict();
        auto b = ModelPackage::untrained(8, 3).network->stateDict();
        auto c = ModelPackage::untrained(8, 4).network->stateDict();
        QVERIFY(torch::equal(a.entries[0].second, b.entries[0].second));
        QVERIFY(!torch::equal(a.entries[0].second, c.entries[0].second));
    }

    void badCheckpointsAreRefusedWithContext()
    {
        const auto dir = workDir("model");
        const auto good = referenceDir("small_width") / "weights.pt";
        ExplainableResNet net = loadReference("small_width");

        // missing key
        StateDict missing = net->stateDict();
        missing.entries.erase(missing.entries.begin() + 3);
        const std::string missingKey = net->stateDict().entries[3].first;
        StateDictWriter::write(dir / "missing.pt", missing, {});
        std::string msg = errorOf([&] { net->loadStateDict(StateDictReader::read(dir / "missing.pt"), "missing.pt"); });
        QVERIFY2(msg.find("missing key '" + missingKey + "'") != std::string::npos, msg.c_str());

        // extra key
        StateDict extra = net->stateDict();
        extra.entries.emplace_back("stage9.block1.conv1.weight", torch::zeros({2}));
        StateDictWriter::write(dir / "extra.pt", extra, {});
        msg = errorOf([&] { net->loadStateDict(StateDictReader::read(dir / "extra.pt"), "extra.pt"); });
        QVERIFY2(msg.find("unexpected key 'stage9.block1.conv1.weight'") != std::string::npos, msg.c_str());

        // wrong shape: a width-8 checkpoint into a width-16 model
        ModelConfig wide;
        wide.baseChannels = 16;
        ExplainableResNet wider(wide);
        msg = errorOf([&] { wider->loadStateDict(StateDictReader::read(good), "w8.pt"); });
        QVERIFY2(msg.find("in_c.0.weight") != std::string::npos && msg.find("[8, 1, 5, 5]") != std::string::npos
                     && msg.find("[16, 1, 5, 5]") != std::string::npos,
                 msg.c_str());

        // not a zip, empty, truncated, missing, legacy
        writeBytes(dir / "text.pt", "this is not a checkpoint\n");
        writeBytes(dir / "empty.pt", "");
        std::ifstream in(good, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        writeBytes(dir / "truncated.pt", bytes.substr(0, bytes.size() / 2));
        writeBytes(dir / "legacy.pt", std::string("\x80\x02\x8a\x0a", 4) + "legacy");
        std::string corrupt = bytes;
        for (std::size_t i = 200; i < 600; ++i) corrupt[i] = char(i * 7);
        writeBytes(dir / "corrupt.pt", corrupt);
        for (const char* name : {"text.pt", "empty.pt", "truncated.pt", "legacy.pt", "corrupt.pt", "absent.pt"}) {
            const auto file = dir / name;
            msg = errorOf([&] { StateDictReader::read(file); });
            QVERIFY2(!msg.empty(), name);
            QVERIFY2(msg.find(file.string()) == 0, msg.c_str());
            QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());
        }
    }

    void badPackagesAreRefused()
    {
        const auto dir = workDir("model") / "badpackage";
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        QVERIFY(errorOf([&] { ModelPackage::load(dir / "nope"); }).find("not found") != std::string::npos);
        QVERIFY(errorOf([&] { ModelPackage::load(dir); }).find("model.json") != std::string::npos);
        writeBytes(dir / "model.json", "{ not json");
        QVERIFY(errorOf([&] { ModelPackage::load(dir); }).find("invalid JSON") != std::string::npos);
        writeBytes(dir / "model.json", R"({"format": "emotrace-model", "features": ["a", "b"]})");
        QVERIFY(errorOf([&] { ModelPackage::load(dir); }).find("2 features") != std::string::npos);
        writeBytes(dir / "model.json", R"({"format": "emotrace-model", "architecture": {"base_channels": 8}})");
        QVERIFY(errorOf([&] { ModelPackage::load(dir); }).find("weights.pt") != std::string::npos);

        // Malformed emotion baselines, each named with the file.
        nlohmann::json good = ModelInfo{}.toJson();
        good["emotion_baseline"] = {{"features", {{"melodiousness", 0.5}, {"articulation", 0.5}, {"rhythm_complexity", 0.5},
                                                  {"rhythm_stability", 0.5}, {"dissonance", 0.5}, {"tonal_stability", 0.5},
                                                  {"minorness", 0.5}}},
                                    {"emotions", {{"arousal", 0.5}, {"valence", 0.5}}}};
        QCOMPARE(ModelInfo::fromJson(good, "m.json").emotionBaseline.featureMeans, std::vector<double>(7, 0.5));
        auto bad = [&](const std::function<void(nlohmann::json&)>& edit) {
            nlohmann::json j = good;
            edit(j);
            return errorOf([&] { ModelInfo::fromJson(j, "m.json"); });
        };
        std::string msg = bad([](nlohmann::json& j) { j["emotion_baseline"]["features"].erase("dissonance"); });
        QVERIFY2(msg.rfind("m.json: ", 0) == 0 && msg.find("dissonance") != std::string::npos, msg.c_str());
        msg = bad([](nlohmann::json& j) { j["emotion_baseline"]["emotions"]["valence"] = 7.5; });
        QVERIFY2(msg.find("valence") != std::string::npos && msg.find("range") != std::string::npos, msg.c_str());
        msg = bad([](nlohmann::json& j) { j["emotion_baseline"]["emotions"]["dominance"] = 0.5; });
        QVERIFY2(msg.find("dominance") != std::string::npos, msg.c_str());
        msg = bad([](nlohmann::json& j) { j["emotion_baseline"]["features"]["minorness"] = "high"; });
        QVERIFY2(msg.find("minorness") != std::string::npos, msg.c_str());
        msg = bad([](nlohmann::json& j) { j["emotion_baseline"].erase("emotions"); });
        QVERIFY2(msg.find("emotion_baseline") != std::string::npos, msg.c_str());
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
