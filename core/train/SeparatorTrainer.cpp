#include "train/SeparatorTrainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include <torch/torch.h>

#include "separation/SeparatorSpectrum.h"
#include "util/Error.h"

namespace emotrace {

namespace {

/// Mean over excerpts and stems of the loss in the class comment; stems [B, S, 2, L].
/// With a real mask m shared by the channels, |m X - S|^2 summed over channels is
/// m^2 P - 2 m Q + R with P = sum_c |X_c|^2, Q = sum_c Re(conj(X_c) S_c), R = sum_c |S_c|^2,
/// all independent of the network: computing them once without gradients keeps the
/// backward pass on real [B, S, F, T] tensors (measured: about half the step time of
/// differentiating through the complex products).
torch::Tensor separationLoss(MaskNetwork& network, const SeparatorSpectrum& spectrum, const torch::Tensor& stems)
{
    torch::Tensor features, p, q, r, mixEnergy, present;
    {
        torch::NoGradGuard noGrad;
        const auto truth = spectrum.forward(stems);     // [B, S, 2, F, T] complex
        const auto mix = truth.sum(1);                  // [B, 2, F, T]
        features = SeparatorSpectrum::features(mix);
        p = mix.abs().square().sum(1);                  // [B, F, T]
        q = torch::real(torch::conj(mix).unsqueeze(1) * truth).sum(2); // [B, S, F, T]
        r = truth.abs().square().sum({2, 3, 4});        // [B, S]
        mixEnergy = p.sum({1, 2}).unsqueeze(1) + 1e-8;  // [B, 1]
        present = (r > mixEnergy * 1e-3).to(torch::kFloat); // sounding at more than -30 dB of the mix
    }
    const auto masks = network->forward(features).permute({0, 2, 3, 1}); // [B, S, F, T]
    const auto error = ((masks.square() * p.unsqueeze(1) - 2.0 * masks * q).sum({2, 3}) + r).clamp_min(0.0); // [B, S]
    const auto sdrTerm = 10.0 * torch::log10((error + mixEnergy * 1e-6) / (r + mixEnergy * 1e-6));
    const auto leakTerm = 10.0 * error / mixEnergy;
    return (present * sdrTerm + (1.0 - present) * leakTerm).mean();
}

} // namespace

SeparatorTrainer::Result SeparatorTrainer::train(const StemCorpus& corpus, const Settings& settings, const std::filesystem::path& out,
                                                 const Report& report, const Progress& progress)
{
    if (settings.steps < 1) throw Error("separator training: steps must be positive");
    if (settings.batch < 1 || settings.batch > 256) throw Error("separator training: batch must be 1..256");
    if (!(settings.segmentSeconds >= 0.5 && settings.segmentSeconds <= 30.0))
        throw Error("separator training: segment must be 0.5..30 s");
    if (!(settings.learningRate > 0.0 && settings.learningRate < 1.0)) throw Error("separator training: learning rate must be in (0, 1)");
    if (!(settings.validationFraction > 0.0 && settings.validationFraction < 0.5))
        throw Error("separator training: validation fraction must be in (0, 0.5)");
    if (settings.validateEvery < 1 || settings.validationBatches < 1)
        throw Error("separator training: validate-every and validation batches must be positive");
    if (corpus.size() < 2) throw Error("separator training: the corpus needs at least 2 songs");

    torch::manual_seed(settings.seed);
    std::mt19937_64 rng(settings.seed);
    LoadedSeparator package;
    if (!settings.init.empty()) {
        package = SeparatorPackage::load(settings.init);
        package.network->train();
    } else {
        package.network = MaskNetwork(settings.network);
    }
    package.name = settings.name;
    package.version = settings.version;
    MaskNetwork& network = package.network;
    const MaskNetworkConfig& config = network->config();
    const SeparatorSpectrum spectrum(config);

    // Whole songs held out for validation, after a seeded shuffle.
    std::vector<std::size_t> order(corpus.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const std::size_t validationCount = std::max<std::size_t>(1, std::size_t(std::llround(settings.validationFraction * corpus.size())));
    const std::vector<std::size_t> validationSongs(order.end() - std::ptrdiff_t(validationCount), order.end());
    const std::vector<std::size_t> trainSongs(order.begin(), order.end() - std::ptrdiff_t(validationCount));
    const auto frames = std::int64_t(std::llround(settings.segmentSeconds * config.sampleRate));

    // Fixed validation excerpts, drawn once.
    std::mt19937_64 validationRng(settings.seed + 7919);
    std::vector<torch::Tensor> validation;
    for (std::int64_t i = 0; i < settings.validationBatches; ++i)
        validation.push_back(corpus.draw(settings.batch, frames, validationSongs, validationRng, false));

    if (settings.init.empty()) {
        torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> features;
        for (int i = 0; i < 8; ++i)
            features.push_back(SeparatorSpectrum::features(spectrum.forward(corpus.draw(settings.batch, frames, trainSongs, rng, true)).sum(1))
                                   .reshape({-1, 2 * config.bins()}));
        const auto all = torch::cat(features);
        network->setInputNormalisation(all.mean(0), all.std(0));
    }

    torch::optim::Adam optimiser(network->parameters(), torch::optim::AdamOptions(settings.learningRate));
    auto validate = [&]() {
        torch::NoGradGuard noGrad;
        network->eval();
        double total = 0.0;
        for (const auto& batch : validation) total += separationLoss(network, spectrum, batch).item<double>();
        network->train();
        return total / double(validation.size());
    };

    Result result;
    result.trainSongs = trainSongs.size();
    result.validationSongs = validationSongs.size();
    result.bestValidationLoss = std::numeric_limits<double>::infinity();
    network->train();
    double runningLoss = 0.0;
    std::int64_t runningSteps = 0;
    auto since = std::chrono::steady_clock::now();
    for (std::int64_t step = 1; step <= settings.steps; ++step) {
        progress.checkCancelled();
        const double fraction = double(step) / double(settings.steps);
        const double lr = settings.learningRate * (fraction > 0.85 ? 0.25 : fraction > 0.6 ? 0.5 : 1.0);
        for (auto& group : optimiser.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
        const auto batch = corpus.draw(settings.batch, frames, trainSongs, rng, true);
        optimiser.zero_grad();
        const auto loss = separationLoss(network, spectrum, batch);
        const double value = loss.item<double>();
        if (!std::isfinite(value))
            throw Error("separator training stopped at step " + std::to_string(step) + ": the loss is "
                        + (std::isnan(value) ? "NaN" : "infinite") + " (check the initial weights and the data)");
        loss.backward();
        torch::nn::utils::clip_grad_norm_(network->parameters(), 5.0);
        optimiser.step();
        runningLoss += value;
        ++runningSteps;
        progress.report("train", int(100 * step / settings.steps));
        if (step % settings.validateEvery == 0 || step == settings.steps) {
            const auto now = std::chrono::steady_clock::now();
            StepRecord record;
            record.step = step;
            record.trainLoss = runningLoss / double(runningSteps);
            record.validationLoss = validate();
            if (!std::isfinite(record.validationLoss))
                throw Error("separator training stopped at step " + std::to_string(step) + ": the validation loss is "
                            + (std::isnan(record.validationLoss) ? "NaN" : "infinite") + " (check the initial weights and the data)");
            record.secondsPerStep = std::chrono::duration<double>(now - since).count() / double(runningSteps);
            result.history.push_back(record);
            if (record.validationLoss < result.bestValidationLoss) {
                result.bestValidationLoss = record.validationLoss;
                result.bestStep = step;
                package.trained = true;
                package.training = {{"steps", settings.steps},
                                    {"best_step", step},
                                    {"batch", settings.batch},
                                    {"segment_seconds", settings.segmentSeconds},
                                    {"learning_rate", settings.learningRate},
                                    {"seed", settings.seed},
                                    {"train_songs", trainSongs.size()},
                                    {"validation_songs", validationSongs.size()},
                                    {"corpus_seconds", corpus.seconds()},
                                    {"validation_loss_db", record.validationLoss},
                                    {"init", settings.init.string()}};
                network->eval();
                SeparatorPackage::save(out, package);
                network->train();
            }
            if (report) report(record);
            runningLoss = 0.0;
            runningSteps = 0;
            since = std::chrono::steady_clock::now();
        }
    }
    return result;
}

} // namespace emotrace
