#pragma once

#include <cstdint>
#include <filesystem>

#include "model/ExplainableResNet.h"
#include "model/ModelInfo.h"

namespace emotrace {

/// A model package loaded into memory: the description and the network with its
/// weights and emotion baseline (info.emotionBaseline), in eval mode. The network lives
/// on the thread that runs it.
struct LoadedModel {
    ModelInfo info;
    ExplainableResNet network{nullptr};
    std::filesystem::path folder;
};

/// A model package is a folder with weights.pt (a torch.save state dict, zip format)
/// and model.json (ModelInfo). Thread: any.
class ModelPackage {
public:
    /// Throws emotrace::Error naming the folder or file and the problem.
    static LoadedModel load(const std::filesystem::path& folder);
    /// Writes both files atomically; creates the folder. model.json's emotion_baseline is
    /// the network's (network->emotionBaseline(), what its forward applies), whatever
    /// info.emotionBaseline holds; weights.pt is the paper's state dict either way.
    static void save(const std::filesystem::path& folder, const ModelInfo& info, const ExplainableResNet& network);
    /// Name of the model shipped with EmoTrace (models/<name>/).
    static constexpr const char* kDefaultModelName = "emotrace-lab-v1";
    /// The shipped default model's folder when it is present: installed
    /// (<prefix>/share/emotrace/models/<name>) or, for a build run in place, the source
    /// tree's models/<name>; empty when neither holds a weights.pt.
    static std::filesystem::path defaultFolder();
    /// The model folder in force: `chosen` when not empty (a --model option, a setting),
    /// else $EMOTRACE_MODEL when set and not empty, else defaultFolder() (may be empty).
    static std::filesystem::path resolveFolder(const std::filesystem::path& chosen);

    /// A package with seeded random weights (Kaiming-normal as the reference initialises
    /// them, BatchNorm at identity), marked untrained. For tests and first runs only.
    static LoadedModel untrained(int baseChannels, std::uint64_t seed);
};

} // namespace emotrace
