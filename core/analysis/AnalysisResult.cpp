#include "analysis/AnalysisResult.h"
#include "util/FileHash.h"

#include "util/Error.h"

namespace emotrace {

SongInfo SongInfo::ofFile(const std::filesystem::path& file)
{
    SongInfo info;
    info.path = file.string();
    std::error_code ec;
    info.fileSize = std::filesystem::file_size(file, ec);
    info.contentHash = fileContentHash(file);
    return info;
}

namespace {

nlohmann::json named(const std::vector<std::string>& names, const std::vector<double>& values)
{
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) j[names[i]] = values[i];
    return j;
}

std::vector<double> unnamed(const nlohmann::json& j, const std::vector<std::string>& names)
{
    std::vector<double> out;
    for (const auto& name : names) out.push_back(j.at(name).get<double>());
    return out;
}

nlohmann::json perTarget(const std::vector<std::string>& targets, const std::vector<std::string>& features,
                         const std::vector<std::vector<double>>& rows)
{
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t k = 0; k < targets.size() && k < rows.size(); ++k) j[targets[k]] = named(features, rows[k]);
    return j;
}

std::vector<std::vector<double>> perTargetBack(const nlohmann::json& j, const std::vector<std::string>& targets,
                                               const std::vector<std::string>& features)
{
    std::vector<std::vector<double>> rows;
    for (const auto& t : targets) rows.push_back(unnamed(j.at(t), features));
    return rows;
}

} // namespace

nlohmann::json AnalysisResult::toJson() const
{
    nlohmann::json j;
    j["format"] = "emotrace-analysis";
    j["format_version"] = 1;
    j["song"] = {{"path", song.path}, {"file_size", song.fileSize}, {"content_hash", song.contentHash},
                 {"sample_rate", song.sampleRate}, {"channels", song.channels}, {"duration_s", song.durationSeconds}};
    j["model"] = {{"name", model.name}, {"version", model.version}, {"trained", model.trained},
                  {"base_channels", model.baseChannels}, {"folder", model.folder}};
    j["settings"] = {{"window_s", settings.windowSeconds}, {"hop_s", settings.hopSeconds}, {"batch_size", settings.batchSize}};
    j["features"] = features;
    j["targets"] = targets;
    j["prediction"] = {{"mid_level", named(features, concepts)}, {"emotions", named(targets, emotions)}};
    j["emotion_weights"] = perTarget(targets, features, weights);
    j["emotion_baseline"] = {{"features", named(features, effects.featureMeans)}, {"emotions", named(targets, effects.baseline)}};
    j["effects"] = perTarget(targets, features, effects.effects);
    j["relative_effects"] = perTarget(targets, features, effects.relative);
    nlohmann::json w = nlohmann::json::array();
    for (const auto& window : windows)
        w.push_back({{"start_s", window.startSeconds}, {"end_s", window.endSeconds}, {"loop_padded", window.loopPadded},
                     {"mid_level", named(features, window.concepts)}, {"emotions", named(targets, window.emotions)}});
    j["windows"] = w;
    return j;
}

AnalysisResult AnalysisResult::fromJson(const nlohmann::json& j, const std::string& source)
{
    AnalysisResult r;
    try {
        if (j.value("format", std::string()) != "emotrace-analysis")
            throw Error(source + ": not an EmoTrace analysis (\"format\" is not \"emotrace-analysis\")");
        const auto& s = j.at("song");
        r.song = {s.at("path"), s.at("file_size"), s.at("content_hash"), s.at("sample_rate"), s.at("channels"), s.at("duration_s")};
        const auto& m = j.at("model");
        r.model = {m.at("name"), m.at("version"), m.at("trained"), m.at("base_channels"), m.at("folder")};
        const auto& st = j.at("settings");
        r.settings = {st.at("window_s"), st.at("hop_s"), st.at("batch_size")};
        r.features = j.at("features").get<std::vector<std::string>>();
        r.targets = j.at("targets").get<std::vector<std::string>>();
        r.concepts = unnamed(j.at("prediction").at("mid_level"), r.features);
        r.emotions = unnamed(j.at("prediction").at("emotions"), r.targets);
        r.weights = perTargetBack(j.at("emotion_weights"), r.targets, r.features);
        r.effects.effects = perTargetBack(j.at("effects"), r.targets, r.features);
        r.effects.relative = perTargetBack(j.at("relative_effects"), r.targets, r.features);
        if (j.contains("emotion_baseline")) {
            r.effects.featureMeans = unnamed(j.at("emotion_baseline").at("features"), r.features);
            r.effects.baseline = unnamed(j.at("emotion_baseline").at("emotions"), r.targets);
        } else {
            r.effects.featureMeans.assign(r.features.size(), 0.0);
            r.effects.baseline.assign(r.targets.size(), 0.0);
        }
        for (const auto& w : j.at("windows"))
            r.windows.push_back({w.at("start_s"), w.at("end_s"), w.at("loop_padded"), unnamed(w.at("mid_level"), r.features),
                                 unnamed(w.at("emotions"), r.targets)});
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": malformed analysis (" + std::string(e.what()) + ")");
    }
    return r;
}

} // namespace emotrace
