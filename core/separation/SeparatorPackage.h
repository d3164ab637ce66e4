#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "separation/MaskNetwork.h"

namespace emotrace {

/// A learned separator in memory: its description and its network in eval mode.
/// The network lives on the thread that runs it.
struct LoadedSeparator {
    std::string name;           ///< "emotrace-sep-v1"
    std::string version;        ///< free text, e.g. "1.0"
    bool trained = false;
    /// Whether the separator has earned being the default (its card's measurements beat
    /// the classical separator); SeparatorFactory::defaultSpec() reads it.
    bool recommendedDefault = false;
    nlohmann::json training = nlohmann::json::object(); ///< how it was made (corpus, steps, seed, ...)
    nlohmann::json metrics = nlohmann::json::object();  ///< measured quality (SDR per stem, ...)
    MaskNetwork network{nullptr};
    std::filesystem::path folder;
};

/// A separator package is a folder with weights.pt (a torch.save state dict, zip format,
/// loadable by Python's torch.load) and separator.json:
///   {"format": "emotrace-separator", "format_version": 1, "name", "version", "trained",
///    "recommended_default", "network": MaskNetworkConfig, "training": {...}, "metrics": {...}}.
/// Thread: any.
class SeparatorPackage {
public:
    /// Throws emotrace::Error naming the folder or file and the problem.
    static LoadedSeparator load(const std::filesystem::path& folder);
    /// Writes both files atomically; creates the folder.
    static void save(const std::filesystem::path& folder, const LoadedSeparator& separator);

    /// Name of the separator shipped with EmoTrace (models/<name>/).
    static constexpr const char* kDefaultName = "emotrace-sep-v1";
    /// The shipped separator's folder when present: installed
    /// (<prefix>/share/emotrace/models/<name>) or, for a build run in place, the source
    /// tree's models/<name>; empty when neither holds a weights.pt.
    static std::filesystem::path defaultFolder();
    /// separator.json's "recommended_default" in `folder` (false when absent or unreadable);
    /// reads only the JSON, not the weights.
    static bool recommendedDefault(const std::filesystem::path& folder);
};

} // namespace emotrace
