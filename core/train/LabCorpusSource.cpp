#include "train/LabCorpusSource.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "vocab/MidLevelLabels.h"
#include "util/InputFile.h"
#include "util/Error.h"

namespace emotrace {

std::vector<TrainingExample> LabCorpusSource::read(const std::filesystem::path& folder, const std::string& sourceName)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) throw Error(folder.string() + ": lab corpus folder not found");
    std::vector<TrainingExample> items;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (!entry.is_directory()) continue;
        const std::string id = entry.path().filename().string();
        if (id.empty() || id.front() == '.' || id.find(".partial") != std::string::npos) continue;
        const auto labelsFile = entry.path() / "labels.json";
        const auto mix = entry.path() / "mix.flac";
        if (!std::filesystem::is_regular_file(labelsFile) || !std::filesystem::is_regular_file(mix)) continue;
        const std::string name = InputFile::printable(labelsFile);
        std::ifstream in(labelsFile, std::ios::binary);
        if (!in) throw Error(name + ": unreadable");
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw Error(name + ": invalid JSON (" + InputFile::printable(e.what()) + ")");
        }
        TrainingExample item;
        item.audio = mix;
        item.id = id;
        item.source = sourceName;
        try {
            if (!j.contains("labels")) throw Error("no \"labels\" object");
            const MidLevelLabels labels = MidLevelLabels::fromJson(j.at("labels"));
            const auto f = labels.features();
            const auto e = labels.emotions();
            std::array<float, 7> m{};
            for (std::size_t k = 0; k < 7; ++k) m[k] = float(f[k]);
            item.midLevel = m;
            item.emotions = std::array<float, 2>{float(e[0]), float(e[1])};
            item.soundfont = j.value("soundfont", std::string());
            if (j.contains("seed")) item.seed = j.at("seed").get<std::uint64_t>();
            item.tag = j.contains("controls") ? j.at("controls").value("style", std::string()) : std::string();
        } catch (const nlohmann::json::exception& e) {
            throw Error(name + ": " + InputFile::printable(e.what()));
        } catch (const Error& e) {
            throw Error(name + ": " + e.what());
        }
        if (item.tag.empty()) item.tag = sourceName;
        items.push_back(std::move(item));
    }
    if (ec) throw Error(folder.string() + ": cannot list folder (" + ec.message() + ")");
    if (items.empty()) throw Error(folder.string() + ": no lab songs (no <id>/mix.flac with labels.json)");
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return items;
}

} // namespace emotrace
