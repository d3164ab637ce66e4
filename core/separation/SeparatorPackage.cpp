#include "separation/SeparatorPackage.h"

#include <fstream>

#include "model/StateDictReader.h"
#include "model/StateDictWriter.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace emotrace {

LoadedSeparator SeparatorPackage::load(const std::filesystem::path& folder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) throw Error(folder.string() + ": separator package folder not found");
    const auto jsonFile = folder / "separator.json";
    if (!std::filesystem::is_regular_file(jsonFile, ec)) throw Error(jsonFile.string() + ": missing or not a file");
    std::ifstream in(jsonFile);
    if (!in) throw Error(jsonFile.string() + ": unreadable");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(jsonFile.string() + ": invalid JSON (" + std::string(e.what()) + ")");
    }
    const std::string source = jsonFile.string();
    if (!j.is_object() || j.value("format", std::string()) != "emotrace-separator")
        throw Error(source + ": not an EmoTrace separator description (\"format\" must be \"emotrace-separator\")");
    if (!j.contains("format_version") || !j["format_version"].is_number_integer() || j["format_version"].get<int>() != 1)
        throw Error(source + ": unsupported format_version (this EmoTrace reads 1)");
    if (!j.contains("network")) throw Error(source + ": \"network\" is missing");
    LoadedSeparator s;
    try {
        s.name = j.value("name", std::string("unnamed"));
        s.version = j.value("version", std::string());
        s.trained = j.value("trained", false);
        s.recommendedDefault = j.value("recommended_default", false);
        if (j.contains("training")) s.training = j["training"];
        if (j.contains("metrics")) s.metrics = j["metrics"];
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": invalid field (" + std::string(e.what()) + ")");
    }
    s.network = MaskNetwork(MaskNetworkConfig::fromJson(j["network"], source));
    const auto weights = folder / "weights.pt";
    s.network->loadStateDict(StateDictReader::read(weights), weights.string());
    s.network->eval();
    s.folder = folder;
    return s;
}

void SeparatorPackage::save(const std::filesystem::path& folder, const LoadedSeparator& separator)
{
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(folder.string() + ": cannot create the folder (" + ec.message() + ")");
    StateDictWriter::write(folder / "weights.pt", separator.network->stateDict(), separator.network->moduleVersions());
    nlohmann::json j = {{"format", "emotrace-separator"},
                        {"format_version", 1},
                        {"name", separator.name},
                        {"version", separator.version},
                        {"trained", separator.trained},
                        {"recommended_default", separator.recommendedDefault},
                        {"network", separator.network->config().toJson()},
                        {"training", separator.training},
                        {"metrics", separator.metrics}};
    AtomicFile::writeJson(folder / "separator.json", j);
}

std::filesystem::path SeparatorPackage::defaultFolder()
{
    std::error_code ec;
    for (const std::filesystem::path root : {std::filesystem::path(EMOTRACE_INSTALLED_MODELS_DIR),
                                             std::filesystem::path(EMOTRACE_SOURCE_MODELS_DIR)}) {
        const auto folder = root / kDefaultName;
        if (std::filesystem::is_regular_file(folder / "weights.pt", ec)) return folder;
    }
    return {};
}

bool SeparatorPackage::recommendedDefault(const std::filesystem::path& folder)
{
    std::ifstream in(folder / "separator.json");
    if (!in) return false;
    try {
        const auto j = nlohmann::json::parse(in);
        return j.is_object() && j.value("recommended_default", false);
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

} // namespace emotrace
