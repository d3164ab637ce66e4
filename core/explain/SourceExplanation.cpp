#include "explain/SourceExplanation.h"

#include <algorithm>

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

std::vector<std::uint8_t> SourceExplanation::explanationMask(const std::string& target, int count, bool complement) const
{
    const int t = targetIndex(target);
    if (t < 0) return {};
    const std::size_t perStemSegments = std::size_t(std::max(1, segments));
    const auto& weights = explanation.targets[std::size_t(t)].weights;
    const std::size_t stemCount = weights.size() / perStemSegments;
    std::vector<double> perStem(stemCount, 0.0);
    for (std::size_t c = 0; c < weights.size(); ++c) perStem[c / perStemSegments] += weights[c];
    std::vector<std::size_t> order(stemCount);
    for (std::size_t i = 0; i < stemCount; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return perStem[a] > perStem[b]; });
    std::vector<std::uint8_t> mask(stemCount, 0);
    for (std::size_t k = 0; k < order.size() && int(k) < count && perStem[order[k]] > 0.0; ++k) mask[order[k]] = 1;
    if (complement)
        for (auto& m : mask) m = m ? 0 : 1;
    return mask;
}

} // namespace emotrace
