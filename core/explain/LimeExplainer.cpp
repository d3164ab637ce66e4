#include "explain/LimeExplainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "explain/LimeKernel.h"
#include "explain/ShapleyValues.h"
#include "explain/WeightedRidge.h"
#include "util/Error.h"

namespace emotrace {

namespace {

[[noreturn]] void fail(const std::string& what) { throw Error("LimeExplainer: " + what); }

std::string perturbationName(const PerturbationSet& set, std::size_t row)
{
    return "perturbation " + std::to_string(row) + " (z = " + PerturbationSet::format(set.rows[row]) + ")";
}

std::string number(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

void checkSettings(const LimeExplainer::Settings& s)
{
    if (!(s.kernelWidth > 0.0) || !std::isfinite(s.kernelWidth)) fail("the kernel width must be positive and finite (got " + number(s.kernelWidth) + ")");
    if (!(s.ridgeAlpha >= 0.0) || !std::isfinite(s.ridgeAlpha)) fail("the ridge alpha must be finite and not negative (got " + number(s.ridgeAlpha) + ")");
    if (s.batchSize < 1) fail("the batch size must be at least 1 (got " + std::to_string(s.batchSize) + ")");
}

void checkPerturbations(const PerturbationSet& set)
{
    if (set.components < 1) fail("need at least one component (got " + std::to_string(set.components) + ")");
    if (set.rows.empty()) fail("no perturbations");
    for (std::size_t r = 0; r < set.rows.size(); ++r) {
        const auto& row = set.rows[r];
        if (row.size() != std::size_t(set.components))
            fail("perturbation " + std::to_string(r) + " has " + std::to_string(row.size()) + " components, expected " + std::to_string(set.components));
        for (auto v : row)
            if (v > 1) fail("perturbation " + std::to_string(r) + " is not binary");
    }
    // LIME measures distances to row 0 and reports the local prediction there.
    if (std::any_of(set.rows[0].begin(), set.rows[0].end(), [](uint8_t v) { return v == 0; }))
        fail("perturbation 0 must be the original (all ones), got " + PerturbationSet::format(set.rows[0]));
}

/// Components by weight, descending; stable so that equal weights keep index order.
std::vector<int> rankByWeight(const std::vector<double>& weights)
{
    std::vector<int> order(weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return weights[std::size_t(a)] > weights[std::size_t(b)]; });
    return order;
}

} // namespace

Explanation LimeExplainer::explain(int components, const BatchPredictor& predictor, const Settings& settings, const Progress& progress)
{
    checkSettings(settings);
    if (components < 1) fail("need at least one component (got " + std::to_string(components) + ")");
    return explain(PerturbationSet::choose(components, settings.samples, settings.seed, settings.exhaustiveLimit, settings.sampler),
                   predictor, settings, progress);
}

Explanation LimeExplainer::explain(const PerturbationSet& perturbations, const BatchPredictor& predictor, const Settings& settings,
                                   const Progress& progress)
{
    checkSettings(settings);
    checkPerturbations(perturbations);
    if (!predictor) fail("no predictor");

    Explanation e;
    e.perturbations = perturbations;
    e.settings = {{"sampler", perturbations.exhaustive ? "exhaustive" : PerturbationSet::samplerName(perturbations.sampler)},
                  {"seed", settings.seed},
                  {"samples", perturbations.rows.size()},
                  {"kernel_width", settings.kernelWidth},
                  {"ridge_alpha", settings.ridgeAlpha}};
    const auto& rows = e.perturbations.rows;
    const std::size_t count = rows.size();
    const auto batchSize = std::size_t(settings.batchSize);
    std::size_t targets = 0;
    e.predictions.reserve(count);

    progress.report("explain", 0);
    std::vector<std::vector<uint8_t>> batch;
    for (std::size_t begin = 0; begin < count; begin += batchSize) {
        progress.checkCancelled();
        const std::size_t end = std::min(count, begin + batchSize);
        batch.assign(rows.begin() + std::ptrdiff_t(begin), rows.begin() + std::ptrdiff_t(end));
        auto outputs = predictor(batch);
        if (outputs.size() != end - begin)
            fail("the predictor returned " + std::to_string(outputs.size()) + " outputs for " + std::to_string(end - begin)
                 + " perturbations (rows " + std::to_string(begin) + ".." + std::to_string(end - 1) + ")");
        for (std::size_t k = 0; k < outputs.size(); ++k) {
            const std::size_t r = begin + k;
            auto& out = outputs[k];
            if (r == 0) {
                if (out.empty()) fail(perturbationName(e.perturbations, r) + ": the predictor returned no targets");
                targets = out.size();
            }
            if (out.size() != targets)
                fail(perturbationName(e.perturbations, r) + ": the predictor returned " + std::to_string(out.size()) + " targets, expected "
                     + std::to_string(targets));
            for (std::size_t t = 0; t < targets; ++t)
                if (!std::isfinite(out[t]))
                    fail(perturbationName(e.perturbations, r) + ": the predictor returned " + number(out[t]) + " for target " + std::to_string(t)
                         + "; outputs must be finite");
            e.predictions.push_back(std::move(out));
        }
        // The model runs are nearly all of the cost; 100 once the fits are done too.
        progress.report("explain", int(std::min<std::size_t>(99, end * 100 / count)));
    }
    progress.checkCancelled();

    e.sampleWeights = LimeKernel::weights(e.perturbations, settings.kernelWidth);
    std::vector<std::vector<double>> x(count);
    for (std::size_t r = 0; r < count; ++r) x[r].assign(rows[r].begin(), rows[r].end());
    const auto fits = WeightedRidge::fit(x, e.predictions, e.sampleWeights, settings.ridgeAlpha);
    std::vector<std::vector<double>> shapley;
    if (e.perturbations.exhaustive) shapley = ShapleyValues::compute(e.perturbations, e.predictions);

    e.targets.resize(targets);
    for (std::size_t t = 0; t < targets; ++t) {
        auto& c = e.targets[t];
        c.weights = fits[t].coefficients;
        c.intercept = fits[t].intercept;
        c.r2 = fits[t].r2;
        c.localPrediction = fits[t].localPrediction;
        c.prediction = e.predictions[0][t];
        if (!shapley.empty()) c.shapley = shapley[t];
        c.ranking = rankByWeight(c.weights);
    }
    progress.report("explain", 100);
    return e;
}

nlohmann::json Explanation::toJson(const std::vector<std::string>& componentNames, const std::vector<std::string>& targetNames) const
{
    const auto n = std::size_t(perturbations.components);
    auto names = [](const std::vector<std::string>& given, std::size_t count, const char* prefix, const char* what) {
        if (given.empty()) {
            std::vector<std::string> made;
            for (std::size_t i = 0; i < count; ++i) made.push_back(prefix + std::to_string(i));
            return made;
        }
        if (given.size() != count)
            throw Error("Explanation::toJson: " + std::to_string(given.size()) + " " + what + " names for " + std::to_string(count) + " " + what + "s");
        return given;
    };
    const auto components = names(componentNames, n, "c", "component");
    const auto targetLabels = names(targetNames, targets.size(), "t", "target");

    nlohmann::json j;
    j["components"] = components;
    j["targets"] = targetLabels;
    j["exhaustive"] = perturbations.exhaustive;
    j["settings"] = settings;
    auto rows = nlohmann::json::array();
    for (const auto& row : perturbations.rows) rows.push_back(PerturbationSet::format(row));
    j["perturbations"] = std::move(rows);
    j["predictions"] = predictions;
    j["sampleWeights"] = sampleWeights;
    auto explanations = nlohmann::json::array();
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const auto& c = targets[t];
        explanations.push_back({{"target", targetLabels[t]},
                                {"weights", c.weights},
                                {"intercept", c.intercept},
                                {"r2", c.r2},
                                {"localPrediction", c.localPrediction},
                                {"prediction", c.prediction},
                                {"shapley", c.shapley.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.shapley)},
                                {"ranking", c.ranking}});
    }
    j["explanations"] = std::move(explanations);
    return j;
}

Explanation Explanation::fromJson(const nlohmann::json& j)
{
    try {
        Explanation e;
        e.perturbations.components = int(j.at("components").size());
        e.perturbations.exhaustive = j.at("exhaustive").get<bool>();
        e.settings = j.value("settings", nlohmann::json::object()); // absent in files from before it was recorded
        if (e.settings.value("sampler", std::string()) == "lime-text") e.perturbations.sampler = PerturbationSet::Sampler::LimeText;
        const auto n = std::size_t(e.perturbations.components);
        for (const auto& text : j.at("perturbations")) {
            const auto s = text.get<std::string>();
            if (s.size() != n || s.find_first_not_of("01") != std::string::npos)
                throw Error("Explanation::fromJson: perturbation \"" + s + "\" is not a mask of " + std::to_string(n) + " components");
            std::vector<uint8_t> row(n);
            for (std::size_t i = 0; i < n; ++i) row[i] = uint8_t(s[i] == '1');
            e.perturbations.rows.push_back(std::move(row));
        }
        e.predictions = j.at("predictions").get<std::vector<std::vector<double>>>();
        e.sampleWeights = j.at("sampleWeights").get<std::vector<double>>();
        const auto rows = e.perturbations.rows.size();
        if (e.predictions.size() != rows || e.sampleWeights.size() != rows)
            throw Error("Explanation::fromJson: " + std::to_string(rows) + " perturbations but " + std::to_string(e.predictions.size())
                        + " predictions and " + std::to_string(e.sampleWeights.size()) + " sample weights");
        for (const auto& x : j.at("explanations")) {
            ComponentExplanation c;
            c.weights = x.at("weights").get<std::vector<double>>();
            c.intercept = x.at("intercept").get<double>();
            c.r2 = x.at("r2").get<double>();
            c.localPrediction = x.at("localPrediction").get<double>();
            c.prediction = x.at("prediction").get<double>();
            if (!x.at("shapley").is_null()) c.shapley = x.at("shapley").get<std::vector<double>>();
            c.ranking = x.at("ranking").get<std::vector<int>>();
            if (c.weights.size() != n || c.ranking.size() != n || (!c.shapley.empty() && c.shapley.size() != n))
                throw Error("Explanation::fromJson: explanation " + std::to_string(e.targets.size()) + " does not have one value per component");
            e.targets.push_back(std::move(c));
        }
        if (e.targets.size() != j.at("targets").size())
            throw Error("Explanation::fromJson: " + std::to_string(e.targets.size()) + " explanations for " + std::to_string(j.at("targets").size()) + " targets");
        for (const auto& p : e.predictions)
            if (p.size() != e.targets.size()) throw Error("Explanation::fromJson: a prediction does not have one value per target");
        return e;
    } catch (const nlohmann::json::exception& ex) {
        throw Error(std::string("Explanation::fromJson: ") + ex.what());
    }
}

} // namespace emotrace
