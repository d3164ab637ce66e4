#include "train/JointTrainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>

#include <torch/cuda.h>
#include <torch/serialize.h>
#include <torch/torch.h>

#include "model/ModelPackage.h"
#include "model/StateDictReader.h"
#include "train/BalancedSampler.h"
#include "util/InputFile.h"
#include "train/ModelEvaluator.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace emotrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json orNull(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double numberOrNaN(const nlohmann::json& j, const char* key)
{
    return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : kNaN;
}

/// A seed per (run seed, epoch, purpose), so every epoch's draws are reproducible alone.
std::uint64_t mixSeed(std::uint64_t seed, int epoch, std::uint64_t purpose)
{
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (std::uint64_t(epoch) + 1) + purpose * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}


nlohmann::json readJson(const std::filesystem::path& file)
{
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw Error(InputFile::printable(file) + ": missing (no checkpoint to resume from)");
    InputFile::requireRegularFile(file, "a trainer state (JSON)", std::uintmax_t(64) << 20);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(InputFile::printable(file) + ": unreadable (no checkpoint to resume from)");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(InputFile::printable(file) + ": invalid JSON (" + InputFile::printable(e.what()) + ")");
    }
}

/// "NaN" or "infinite", for messages about a non-finite value.
const char* nonFiniteName(double v)
{
    return std::isnan(v) ? "NaN" : "infinite";
}

/// Throws emotrace::Error naming `source` and the first parameter or buffer of the
/// network that holds a NaN or an infinity: such weights only ever train to NaN.
void requireFiniteWeights(ExplainableResNet& network, const std::string& source)
{
    torch::NoGradGuard noGrad;
    for (const auto& p : network->named_parameters())
        if (p.value().defined() && p.value().is_floating_point() && !torch::isfinite(p.value()).all().item<bool>())
            throw Error(source + ": weight \"" + p.key() + "\" holds NaN or infinite values");
    for (const auto& b : network->named_buffers())
        if (b.value().defined() && b.value().is_floating_point() && !torch::isfinite(b.value()).all().item<bool>())
            throw Error(source + ": buffer \"" + b.key() + "\" holds NaN or infinite values");
}

} // namespace

nlohmann::json EpochRecord::toJson() const
{
    nlohmann::json j = {{"epoch", epoch}, {"lr", learningRate}, {"train_midlevel_loss", trainMidLevelLoss}, {"train_emotion_loss", trainEmotionLoss},
            {"val_loss", orNull(validationLoss)}, {"val_pearson_mean", orNull(validationPearson)}, {"seconds", seconds}, {"best", best}};
    if (std::isfinite(adaptationLoss))
        j["adaptation"] = {{"loss", adaptationLoss}, {"consistency", adaptationConsistency}, {"arousal_gain", adaptationArousalGain}};
    return j;
}

EpochRecord EpochRecord::fromJson(const nlohmann::json& j)
{
    EpochRecord r;
    r.epoch = j.value("epoch", 0);
    r.learningRate = numberOrNaN(j, "lr");
    r.trainMidLevelLoss = numberOrNaN(j, "train_midlevel_loss");
    r.trainEmotionLoss = numberOrNaN(j, "train_emotion_loss");
    r.validationLoss = numberOrNaN(j, "val_loss");
    r.validationPearson = numberOrNaN(j, "val_pearson_mean");
    r.seconds = numberOrNaN(j, "seconds");
    r.best = j.value("best", false);
    if (j.contains("adaptation") && j.at("adaptation").is_object()) {
        r.adaptationLoss = numberOrNaN(j.at("adaptation"), "loss");
        r.adaptationConsistency = numberOrNaN(j.at("adaptation"), "consistency");
        r.adaptationArousalGain = numberOrNaN(j.at("adaptation"), "arousal_gain");
    }
    return r;
}

std::string EpochRecord::line(int epochs) const
{
    auto value = [](double v, const char* format) {
        char s[32];
        if (std::isfinite(v)) std::snprintf(s, sizeof s, format, v);
        else std::snprintf(s, sizeof s, "-");
        return std::string(s);
    };
    char text[256];
    std::snprintf(text, sizeof text, "epoch %d/%d  lr %.2e  train L_m %s  L_e %s  val %s  r %s  %.1f s%s", epoch, epochs, learningRate,
                  value(trainMidLevelLoss, "%.4f").c_str(), value(trainEmotionLoss, "%.4f").c_str(),
                  value(validationLoss, "%.4f").c_str(), value(validationPearson, "%.3f").c_str(), seconds, best ? "  *best" : "");
    if (!std::isfinite(adaptationLoss)) return text;
    char extra[128];
    std::snprintf(extra, sizeof extra, "  real: L_u %.4f  shift %.4f  faster +%.3f arousal", adaptationLoss, adaptationConsistency,
                  adaptationArousalGain);
    return std::string(text) + extra;
}

JointTrainer::JointTrainer(TrainingConfig config, TrainingSet data)
    : m_config(std::move(config)), m_data(std::move(data)), m_cache(m_config.cache, FrontEndParameters{}),
      m_device(torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU))
{
    m_network = ModelPackage::untrained(m_config.baseChannels, m_config.seed).network;
    if (!m_config.initWeights.empty()) {
        m_network->loadStateDict(StateDictReader::read(m_config.initWeights), m_config.initWeights.string());
        requireFiniteWeights(m_network, InputFile::printable(m_config.initWeights) + " (model.init_weights)");
    }
    if (m_config.adaptation) m_adaptation.emplace(*m_config.adaptation);
    m_network->setEmotionBaseline(trainingLabelMeans(m_data));
    m_network->train();
}

EmotionBaseline JointTrainer::trainingLabelMeans(const TrainingSet& data)
{
    std::vector<double> m(7, 0.0), e(2, 0.0);
    double countM = 0.0, countE = 0.0;
    for (const std::size_t i : data.split.training) {
        const TrainingExample& item = data.items.at(i);
        if (item.midLevel) {
            for (std::size_t j = 0; j < m.size(); ++j) m[j] += (*item.midLevel)[j];
            countM += 1.0;
        }
        if (item.emotions) {
            for (std::size_t k = 0; k < e.size(); ++k) e[k] += (*item.emotions)[k];
            countE += 1.0;
        }
    }
    for (double& v : m) v = countM > 0.0 ? v / countM : 0.0;
    for (double& v : e) v = countE > 0.0 ? v / countE : 0.0;
    return {m, e};
}

ModelInfo JointTrainer::modelInfo(const nlohmann::json& metrics) const
{
    ModelInfo info;
    info.name = m_config.name;
    info.version = m_config.version;
    info.description = m_config.description.empty()
                           ? "RFResnetExplainable trained jointly on mid-level features and emotions (L = L_m + L_e) by emotrace-cli train."
                           : m_config.description;
    info.trained = true;
    info.architecture = m_network->config();
    info.frontEnd = m_cache.parameters();
    info.inputFrames = m_config.excerptFrames;
    // Labels of every source were normalised to [0, 1]: that is the scale of the outputs.
    info.featureRanges.assign(info.features.size(), {0.0, 1.0});
    info.targetRanges.assign(info.targets.size(), {0.0, 1.0});
    info.emotionBaseline = m_network->emotionBaseline();
    info.trainingData = m_data.description;
    info.trainingData["config"] = m_config.toJson();
    info.trainingData["device"] = m_device.is_cuda() ? "cuda" : "cpu";
    info.metrics = metrics;
    info.limitations = {"Validated only on the held-out split recorded in training_data; other music may differ.",
                        "Outputs are on the [0, 1] scale the labels were normalised to (raw ranges in training_data.sources)."};
    info.limitations.insert(info.limitations.end(), m_config.limitations.begin(), m_config.limitations.end());
    return info;
}

void JointTrainer::saveNetwork(const std::filesystem::path& folder, const ModelInfo& info) const
{
    if (m_device.is_cpu()) {
        ModelPackage::save(folder, info, m_network);
        return;
    }
    ExplainableResNet copy(m_network->config());
    StateDict state = m_network->stateDict();
    for (auto& [name, tensor] : state.entries) tensor = tensor.detach().to(torch::kCPU).contiguous();
    copy->loadStateDict(state, "trainer");
    copy->setEmotionBaseline(m_network->emotionBaseline());
    ModelPackage::save(folder, info, copy);
}

std::pair<double, double> JointTrainer::trainEpoch(torch::optim::Optimizer& optimizer, int epoch, const Progress& progress,
                                                   EpochRecord& record)
{
    std::mt19937_64 realRng(mixSeed(m_config.seed, epoch, 3));
    double sumU = 0.0, sumShift = 0.0, sumGain = 0.0;
    const auto& items = m_data.items;
    const BalancedSampler sampler(items, m_data.split.training, m_config.balanceByTag);
    const std::size_t batch = std::size_t(m_config.batchSize);
    const std::size_t steps = m_config.stepsPerEpoch > 0 ? std::size_t(m_config.stepsPerEpoch)
                                                         : (m_data.split.training.size() + batch - 1) / batch;
    const std::vector<std::size_t> order = sampler.draw(steps * batch, mixSeed(m_config.seed, epoch, 1));
    std::mt19937_64 rng(mixSeed(m_config.seed, epoch, 2));
    const std::int64_t frames = m_config.excerptFrames;
    m_network->train();
    double sumM = 0.0, sumE = 0.0;
    int batchesM = 0, batchesE = 0;
    for (std::size_t step = 0; step < steps; ++step) {
        progress.checkCancelled();
        const std::int64_t b = std::int64_t(batch);
        std::vector<std::shared_ptr<const Spectrogram>> specs;
        for (std::size_t k = 0; k < batch; ++k) specs.push_back(m_cache.get(items[order[step * batch + k]].audio, progress));
        // Every excerpt is copied into one [batch, 1, bands, frames] tensor: all must agree.
        const int bands = specs.front()->bands;
        for (std::size_t k = 0; k < batch; ++k)
            SpectrogramCache::requireShape(*specs[k], bands, items[order[step * batch + k]].audio, "the training batch");
        torch::Tensor input = torch::empty({b, 1, bands, frames});
        torch::Tensor targetM = torch::zeros({b, 7}), targetE = torch::zeros({b, 2});
        torch::Tensor maskM = torch::zeros({b}), maskE = torch::zeros({b}), weight = torch::zeros({b});
        for (std::size_t k = 0; k < batch; ++k) {
            const TrainingExample& item = items[order[step * batch + k]];
            SpectrogramCache::excerpt(*specs[k], SpectrogramCache::randomStart(*specs[k], frames, rng), frames,
                                      input.data_ptr<float>() + k * std::size_t(bands) * std::size_t(frames));
            weight.data_ptr<float>()[k] = item.weight;
            if (item.midLevel) {
                maskM.data_ptr<float>()[k] = 1.0f;
                std::copy(item.midLevel->begin(), item.midLevel->end(), targetM.data_ptr<float>() + 7 * k);
            }
            if (item.emotions) {
                maskE.data_ptr<float>()[k] = 1.0f;
                std::copy(item.emotions->begin(), item.emotions->end(), targetE.data_ptr<float>() + 2 * k);
            }
        }
        const float countM = maskM.sum().item<float>(), countE = maskE.sum().item<float>();
        input = input.to(m_device);
        const ModelOutput out = m_network->forward(input);
        const torch::Tensor wM = (weight * maskM).to(m_device), wE = (weight * maskE).to(m_device);
        // Per item MSE over its targets, weighted, averaged over the items that have them.
        const torch::Tensor lossM = ((out.concepts - targetM.to(m_device)).pow(2).mean(1) * wM).sum() / std::max(countM, 1.0f);
        const torch::Tensor lossE = ((out.emotions - targetE.to(m_device)).pow(2).mean(1) * wE).sum() / std::max(countE, 1.0f);
        torch::Tensor loss = lossM + lossE;
        double adaptationLoss = 0.0;
        if (m_adaptation) {
            const TargetDomainRegulariser::Terms terms = m_adaptation->step(m_network, m_cache, frames, m_device, realRng);
            loss = loss + terms.loss;
            adaptationLoss = terms.loss.item<double>();
            sumU += adaptationLoss;
            sumShift += terms.consistency;
            sumGain += terms.arousalGain;
        }
        // A NaN or infinite loss poisons every weight at the next step: stop before it does.
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue)) {
            const std::string where = "training stopped at epoch " + std::to_string(epoch + 1) + " step " + std::to_string(step + 1);
            if (m_adaptation && !std::isfinite(adaptationLoss) && std::isfinite(lossValue - adaptationLoss))
                throw Error(where + ": the adaptation loss is " + nonFiniteName(adaptationLoss)
                            + " (check the initial weights and the recordings of adaptation.manifest)");
            throw Error(where + ": the loss is " + nonFiniteName(lossValue) + " (check the initial weights and the data)");
        }
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        if (countM > 0) {
            sumM += lossM.item<double>();
            ++batchesM;
        }
        if (countE > 0) {
            sumE += lossE.item<double>();
            ++batchesE;
        }
        progress.report("train", int(100 * (step + 1) / steps));
    }
    if (m_adaptation && steps > 0) {
        record.adaptationLoss = sumU / double(steps);
        record.adaptationConsistency = sumShift / double(steps);
        record.adaptationArousalGain = sumGain / double(steps);
    }
    return {batchesM > 0 ? sumM / batchesM : kNaN, batchesE > 0 ? sumE / batchesE : kNaN};
}

TrainingOutcome JointTrainer::train(bool resume, const EpochCallback& onEpoch, const Progress& progress)
{
    const std::filesystem::path out = m_config.out;
    const std::filesystem::path last = lastFolder(out);
    TrainingOutcome outcome;
    outcome.bestLoss = std::numeric_limits<double>::infinity();
    int sinceBest = 0;
    int startEpoch = 0;
    nlohmann::json state;
    if (resume) {
        state = readJson(last / "trainer_state.json");
        if (state.value("base_channels", -1) != m_config.baseChannels)
            throw Error((last / "trainer_state.json").string() + ": checkpoint has base_channels "
                        + std::to_string(state.value("base_channels", -1)) + ", the config " + std::to_string(m_config.baseChannels));
        m_network->loadStateDict(StateDictReader::read(last / "weights.pt"), (last / "weights.pt").string());
        requireFiniteWeights(m_network, InputFile::printable(last / "weights.pt"));
        startEpoch = state.value("epoch", 0);
        outcome.bestEpoch = state.value("best_epoch", 0);
        outcome.bestLoss = state.contains("best_loss") && state["best_loss"].is_number() ? state["best_loss"].get<double>()
                                                                                         : std::numeric_limits<double>::infinity();
        outcome.stoppedEarly = state.value("stopped_early", false);
        sinceBest = state.value("epochs_since_best", 0);
        for (const auto& e : state.value("history", nlohmann::json::array())) outcome.history.push_back(EpochRecord::fromJson(e));
    }
    m_network->to(m_device);
    torch::optim::Adam optimizer(m_network->parameters(),
                                 torch::optim::AdamOptions(m_config.learningRate).weight_decay(m_config.weightDecay));
    if (resume) {
        try {
            torch::load(optimizer, (last / "optimizer.pt").string(), m_device);
        } catch (const c10::Error& e) {
            throw Error((last / "optimizer.pt").string() + ": cannot read the optimizer state (" + e.what_without_backtrace() + ")");
        }
    }
    if (outcome.stoppedEarly || startEpoch >= m_config.epochs) return outcome;

    // Decode every file once up front: bad audio fails now, not in epoch 7.
    std::vector<std::filesystem::path> files;
    for (const auto& item : m_data.items) files.push_back(item.audio);
    if (m_adaptation) files.insert(files.end(), m_adaptation->files().begin(), m_adaptation->files().end());
    m_cache.prepare(files, progress);

    for (int epoch = startEpoch; epoch < m_config.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        EpochRecord record;
        record.epoch = epoch + 1;
        record.learningRate = m_config.learningRateAt(epoch);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(record.learningRate);
        std::tie(record.trainMidLevelLoss, record.trainEmotionLoss) = trainEpoch(optimizer, epoch, progress, record);
        std::optional<EvaluationReport> report;
        if (!m_data.split.validation.empty()) {
            report = ModelEvaluator::evaluate(m_network, m_data.items, m_data.split.validation, m_cache, m_config.excerptFrames, m_device,
                                              progress);
            record.validationLoss = report->loss();
            record.validationPearson = report->meanPearson();
            if (!std::isfinite(record.validationLoss))
                throw Error("training stopped at epoch " + std::to_string(epoch + 1) + ": the validation loss is "
                            + nonFiniteName(record.validationLoss) + " (check the initial weights and the data)");
        } else {
            record.validationLoss = kNaN;
            record.validationPearson = kNaN;
        }
        const double criterion = report ? record.validationLoss
                                        : (std::isfinite(record.trainMidLevelLoss) ? record.trainMidLevelLoss : 0.0)
                                              + (std::isfinite(record.trainEmotionLoss) ? record.trainEmotionLoss : 0.0);
        record.best = criterion < outcome.bestLoss;
        record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        outcome.history.push_back(record);
        std::optional<EvaluationReport> testReport;
        if (record.best) {
            outcome.bestLoss = criterion;
            outcome.bestEpoch = record.epoch;
            outcome.bestReport = report;
            if (!m_data.split.test.empty()) {
                testReport = ModelEvaluator::evaluate(m_network, m_data.items, m_data.split.test, m_cache, m_config.excerptFrames,
                                                      m_device, progress);
                outcome.testReport = testReport;
            }
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        outcome.stoppedEarly = m_config.patience > 0 && sinceBest >= m_config.patience && record.epoch < m_config.epochs;

        nlohmann::json history = nlohmann::json::array();
        for (const auto& h : outcome.history) history.push_back(h.toJson());
        nlohmann::json metrics = {{"epoch", record.epoch}, {"criterion", report ? "validation loss" : "training loss"},
                                  {"validation", report ? report->toJson() : nlohmann::json(nullptr)}, {"history", history}};
        if (record.best) {
            if (testReport) metrics["test"] = testReport->toJson();
            saveNetwork(out, modelInfo(metrics));
            AtomicFile::writeJson(out / "evaluation.json", testReport ? metrics["test"] : metrics["validation"]);
        }
        // The last checkpoint appears whole: written beside, then swapped in.
        const std::filesystem::path partial = out / "last.partial";
        std::error_code ec;
        std::filesystem::remove_all(partial, ec);
        saveNetwork(partial, modelInfo(metrics));
        torch::save(optimizer, (partial / "optimizer.pt").string());
        AtomicFile::writeJson(partial / "trainer_state.json",
                  {{"format", "emotrace-trainer-state"}, {"epoch", record.epoch}, {"epochs", m_config.epochs},
                   {"base_channels", m_config.baseChannels}, {"best_epoch", outcome.bestEpoch}, {"best_loss", outcome.bestLoss},
                   {"epochs_since_best", sinceBest}, {"stopped_early", outcome.stoppedEarly}, {"history", history},
                   {"optimizer", "libtorch torch::save archive of torch::optim::Adam (parameters in ExplainableResNet order)"}});
        std::filesystem::remove_all(last, ec);
        std::filesystem::rename(partial, last, ec);
        if (ec) throw Error(last.string() + ": cannot write the checkpoint (" + ec.message() + ")");
        if (onEpoch) onEpoch(record);
        if (outcome.stoppedEarly) break;
    }
    return outcome;
}

} // namespace emotrace
