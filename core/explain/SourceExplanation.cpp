#include "explain/SourceExplanation.h"

#include "util/Error.h"

namespace emotrace {

int SourceExplanation::targetIndex(const std::string& target) const
{
    for (std::size_t i = 0; i < targets.size(); ++i)
        if (targets[i] == target) return int(i);
    return -1;
}

std::vector<int> SourceExplanation::ranking(const std::string& target) const
{
    const int t = targetIndex(target);
    if (t < 0) throw Error("explanation: unknown target '" + target + "'");
    return explanation.targets[std::size_t(t)].ranking;
}

nlohmann::json SourceExplanation::toJson() const
{
    nlohmann::json j;
    j["format"] = "emotrace-explanation";
    j["format_version"] = 1;
    j["song"] = {{"path", song.path}, {"file_size", song.fileSize}, {"content_hash", song.contentHash},
                 {"sample_rate", song.sampleRate}, {"channels", song.channels}, {"duration_s", song.durationSeconds}};
    j["model"] = {{"name", model.name}, {"version", model.version}, {"trained", model.trained},
                  {"base_channels", model.baseChannels}, {"folder", model.folder}};
    j["separation"] = {{"backend", separator}, {"stems", stems}, {"warnings", separatorWarnings}};
    j["excerpt"] = {{"start_s", excerptStartSeconds}, {"end_s", excerptEndSeconds}, {"segments", segments}};
    j["audiolime"] = explanation.toJson(components, targets);
    return j;
}

} // namespace emotrace
