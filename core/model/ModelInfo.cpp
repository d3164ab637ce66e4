#include "model/ModelInfo.h"

#include <algorithm>
#include <cmath>

#include "dsp/LogFilterbank.h"
#include "util/Error.h"

namespace emotrace {

namespace {

nlohmann::json rangesToJson(const std::vector<std::string>& names, const std::vector<std::pair<double, double>>& ranges)
{
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < names.size() && i < ranges.size(); ++i) j[names[i]] = {ranges[i].first, ranges[i].second};
    return j;
}

std::vector<std::pair<double, double>> rangesFromJson(const nlohmann::json& j, const std::vector<std::string>& names)
{
    std::vector<std::pair<double, double>> out;
    for (const auto& name : names) {
        if (j.contains(name)) out.emplace_back(j.at(name).at(0).get<double>(), j.at(name).at(1).get<double>());
        else out.emplace_back(0.0, 1.0);
    }
    return out;
}

constexpr const char* kBaselineFormula =
    "e = emotions + W (m - features): W = feed_forward.weight, m = the mid-level outputs; "
    "the means of the training split's labels, applied after the paper's bias-free layer (not in weights.pt)";

/// One value per name from an object keyed by name; each finite and within its range
/// widened by 5 % of the span on either side.
std::vector<double> meansFromJson(const nlohmann::json& j, const char* what, const std::vector<std::string>& names,
                                  const std::vector<std::pair<double, double>>& ranges)
{
    if (!j.is_object()) throw Error(std::string("emotion_baseline.") + what + " must be an object keyed by name");
    std::vector<double> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (!j.contains(names[i]) || !j.at(names[i]).is_number())
            throw Error(std::string("emotion_baseline.") + what + " has no number for \"" + names[i] + "\"");
        const double v = j.at(names[i]).get<double>();
        const auto [lo, hi] = i < ranges.size() ? ranges[i] : std::pair<double, double>{0.0, 1.0};
        const double slack = 0.05 * std::fabs(hi - lo);
        if (!std::isfinite(v) || v < std::min(lo, hi) - slack || v > std::max(lo, hi) + slack)
            throw Error(std::string("emotion_baseline.") + what + "." + names[i] + " = " + std::to_string(v)
                        + " is not a mean on its range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        out.push_back(v);
    }
    for (const auto& [key, value] : j.items())
        if (std::find(names.begin(), names.end(), key) == names.end())
            throw Error(std::string("emotion_baseline.") + what + " names \"" + key + "\", which the model does not have");
    return out;
}

} // namespace

nlohmann::json ModelInfo::toJson() const
{
    nlohmann::json j;
    j["format"] = "emotrace-model";
    j["format_version"] = 1;
    j["name"] = name;
    j["version"] = version;
    j["description"] = description;
    j["trained"] = trained;
    j["architecture"] = architecture.toJson();
    j["frontend"] = {{"sample_rate", frontEnd.sampleRate}, {"frame_size", frontEnd.frameSize}, {"fps", frontEnd.framesPerSecond},
                     {"bands_per_octave", frontEnd.bandsPerOctave}, {"fmin", frontEnd.minFrequency},
                     {"fmax", frontEnd.maxFrequency}, {"fref", frontEnd.referenceFrequency},
                     {"scaling", "log10(1 + x)"}, {"reference", "madmom LogarithmicFilteredSpectrogramProcessor"}};
    j["input_frames"] = inputFrames;
    j["features"] = features;
    j["targets"] = targets;
    j["feature_ranges"] = rangesToJson(features, featureRanges);
    j["target_ranges"] = rangesToJson(targets, targetRanges);
    if (!emotionBaseline.empty()) {
        nlohmann::json f = nlohmann::json::object(), e = nlohmann::json::object();
        for (std::size_t i = 0; i < features.size(); ++i) f[features[i]] = emotionBaseline.featureMean(i);
        for (std::size_t k = 0; k < targets.size(); ++k) e[targets[k]] = emotionBaseline.emotionMean(k);
        j["emotion_baseline"] = {{"features", f}, {"emotions", e}, {"formula", kBaselineFormula}};
    }
    j["training_data"] = trainingData;
    j["metrics"] = metrics;
    j["limitations"] = limitations;
    return j;
}

ModelInfo ModelInfo::fromJson(const nlohmann::json& j, const std::string& source)
{
    ModelInfo info;
    try {
        if (j.value("format", std::string()) != "emotrace-model")
            throw Error(source + ": not an EmoTrace model description (\"format\" is not \"emotrace-model\")");
        info.name = j.value("name", info.name);
        info.version = j.value("version", info.version);
        info.description = j.value("description", info.description);
        info.trained = j.value("trained", false);
        info.architecture = ModelConfig::fromJson(j.value("architecture", nlohmann::json::object()));
        if (j.contains("frontend")) {
            const auto& f = j.at("frontend");
            info.frontEnd.sampleRate = f.value("sample_rate", info.frontEnd.sampleRate);
            info.frontEnd.frameSize = f.value("frame_size", info.frontEnd.frameSize);
            info.frontEnd.framesPerSecond = f.value("fps", info.frontEnd.framesPerSecond);
            info.frontEnd.bandsPerOctave = f.value("bands_per_octave", info.frontEnd.bandsPerOctave);
            info.frontEnd.minFrequency = f.value("fmin", info.frontEnd.minFrequency);
            info.frontEnd.maxFrequency = f.value("fmax", info.frontEnd.maxFrequency);
            info.frontEnd.referenceFrequency = f.value("fref", info.frontEnd.referenceFrequency);
        }
        info.inputFrames = j.value("input_frames", info.inputFrames);
        info.features = j.value("features", info.features);
        info.targets = j.value("targets", info.targets);
        info.featureRanges = rangesFromJson(j.value("feature_ranges", nlohmann::json::object()), info.features);
        info.targetRanges = rangesFromJson(j.value("target_ranges", nlohmann::json::object()), info.targets);
        if (j.contains("emotion_baseline") && !j.at("emotion_baseline").is_null()) {
            const auto& b = j.at("emotion_baseline");
            if (!b.is_object() || !b.contains("features") || !b.contains("emotions"))
                throw Error("emotion_baseline needs \"features\" and \"emotions\" (the training split's label means)");
            info.emotionBaseline.featureMeans = meansFromJson(b.at("features"), "features", info.features, info.featureRanges);
            info.emotionBaseline.emotionMeans = meansFromJson(b.at("emotions"), "emotions", info.targets, info.targetRanges);
        }
        info.trainingData = j.value("training_data", nlohmann::json::object());
        info.metrics = j.value("metrics", nlohmann::json::object());
        info.limitations = j.value("limitations", std::vector<std::string>{});
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": " + e.what());
    } catch (const Error& e) {
        const std::string what = e.what();
        if (what.rfind(source, 0) == 0) throw;
        throw Error(source + ": " + what);
    }
    if (int(info.features.size()) != info.architecture.concepts)
        throw Error(source + ": lists " + std::to_string(info.features.size()) + " features but the architecture has "
                    + std::to_string(info.architecture.concepts) + " concepts");
    if (int(info.targets.size()) != info.architecture.targets)
        throw Error(source + ": lists " + std::to_string(info.targets.size()) + " targets but the architecture has "
                    + std::to_string(info.architecture.targets));
    if (info.inputFrames < 16 || info.inputFrames > 20000) throw Error(source + ": input_frames must be in 16..20000");
    const FrontEndParameters& f = info.frontEnd;
    auto finite = [](double v) { return std::isfinite(v); };
    if (f.sampleRate < 4000 || f.sampleRate > 192000) throw Error(source + ": frontend.sample_rate must be in 4000..192000 Hz");
    if (f.frameSize < 256 || f.frameSize > 16384) throw Error(source + ": frontend.frame_size must be in 256..16384 samples");
    if (!finite(f.framesPerSecond) || f.framesPerSecond < 1.0 || f.framesPerSecond > 200.0)
        throw Error(source + ": frontend.fps must be in 1..200");
    if (f.bandsPerOctave < 1 || f.bandsPerOctave > 96) throw Error(source + ": frontend.bands_per_octave must be in 1..96");
    if (!finite(f.minFrequency) || !finite(f.maxFrequency) || !finite(f.referenceFrequency) || f.minFrequency <= 0.0
        || f.maxFrequency <= f.minFrequency || f.maxFrequency > 1e5 || f.referenceFrequency <= 0.0)
        throw Error(source + ": frontend needs 0 < fmin < fmax <= 100000 Hz and fref > 0");
    // The network pools the band axis: too few bands (a tiny frame size) would fail deep
    // inside oneDNN instead of here.
    int bands = 0;
    try {
        bands = LogFilterbank(f).bandCount();
    } catch (const Error& e) {
        throw Error(source + ": frontend: " + e.what());
    }
    if (bands < 16)
        throw Error(source + ": the front end gives " + std::to_string(bands) + " bands; the network needs at least 16 "
                    "(frame_size, fmin, fmax or bands_per_octave too small)");
    return info;
}

} // namespace emotrace
