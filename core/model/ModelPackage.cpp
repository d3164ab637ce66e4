#include "model/ModelPackage.h"

#include <cstdlib>

#include <fstream>

#include <torch/nn/init.h>
#include <torch/torch.h>

#include "model/StateDictReader.h"
#include "model/StateDictWriter.h"
#include "util/AtomicFile.h"
#include "util/InputFile.h"
#include "util/Error.h"

namespace emotrace {

LoadedModel ModelPackage::load(const std::filesystem::path& folder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw Error(folder.string() + ": model package folder not found");
    const auto jsonFile = folder / "model.json";
    InputFile::requireRegularFile(jsonFile, "a model description", std::uintmax_t(16) << 20);
    std::ifstream in(jsonFile);
    if (!in) throw Error(jsonFile.string() + ": missing or unreadable");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(jsonFile.string() + ": invalid JSON (" + std::string(e.what()) + ")");
    }
    LoadedModel model;
    model.info = ModelInfo::fromJson(j, jsonFile.string());
    model.folder = folder;
    model.network = ExplainableResNet(model.info.architecture);
    const auto weights = folder / "weights.pt";
    model.network->loadStateDict(StateDictReader::read(weights), weights.string());
    model.network->setEmotionBaseline(model.info.emotionBaseline);
    model.network->eval();
    return model;
}

void ModelPackage::save(const std::filesystem::path& folder, const ModelInfo& info, const ExplainableResNet& network)
{
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(folder.string() + ": cannot create folder (" + ec.message() + ")");
    StateDictWriter::write(folder / "weights.pt", network->stateDict(), network->moduleVersions());
    ModelInfo written = info;
    written.emotionBaseline = network->emotionBaseline(); // what the network's forward applies
    AtomicFile::writeJson(folder / "model.json", written.toJson());
}

std::filesystem::path ModelPackage::defaultFolder()
{
    for (const char* root : {EMOTRACE_INSTALLED_MODELS_DIR, EMOTRACE_SOURCE_MODELS_DIR}) {
        const std::filesystem::path folder = std::filesystem::path(root) / kDefaultModelName;
        std::error_code ec;
        if (std::filesystem::is_regular_file(folder / "weights.pt", ec)) return folder;
    }
    return {};
}

std::filesystem::path ModelPackage::resolveFolder(const std::filesystem::path& chosen)
{
    if (!chosen.empty()) return chosen;
    if (const char* env = std::getenv("EMOTRACE_MODEL"); env && *env) return env;
    return defaultFolder();
}

LoadedModel ModelPackage::untrained(int baseChannels, std::uint64_t seed)
{
    LoadedModel model;
    model.info.architecture.baseChannels = baseChannels;
    model.info.name = "untrained-w" + std::to_string(baseChannels) + "-seed" + std::to_string(seed);
    model.info.version = "0";
    model.info.description = "Seeded random weights (Kaiming-normal). Not trained: its predictions carry no meaning.";
    model.info.trained = false;
    model.info.limitations = {"Untrained: for testing the pipeline only."};
    torch::manual_seed(seed);
    model.network = ExplainableResNet(model.info.architecture);
    torch::NoGradGuard noGrad;
    for (auto& module : model.network->modules(true)) {
        if (auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(module.get()))
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanIn, torch::kReLU);
        else if (auto* linear = dynamic_cast<torch::nn::LinearImpl*>(module.get()))
            torch::nn::init::kaiming_normal_(linear->weight, 0.0, torch::kFanIn, torch::kReLU);
    }
    model.network->eval();
    return model;
}

} // namespace emotrace
