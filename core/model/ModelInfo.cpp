#include "model/ModelInfo.h"

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
    if (info.inputFrames < 16) throw Error(source + ": input_frames must be at least 16");
    return info;
}

} // namespace emotrace
