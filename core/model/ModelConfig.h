#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace emotrace {

/// Kernel sizes and max-pool positions of one ResNet stage (the reference's
/// config dict: "stage1": {"maxpool": [1, 2], "k1s": [3, 3, 3], "k2s": [1, 3, 3]}).
struct StageConfig {
    std::vector<int> maxpool; ///< a 2x2 max-pool after block p for each p listed (0: before block 1)
    std::vector<int> k1s;     ///< conv1 kernel size per block
    std::vector<int> k2s;     ///< conv2 kernel size per block
    bool operator==(const StageConfig&) const = default;
};

/// Architecture of RFResnetExplainable (config cp_field_shallow_m2 by default). The
/// base width is configurable: channels per stage are [base, 2 base, 4 base].
struct ModelConfig {
    int baseChannels = 128;
    std::vector<int> blocksPerStage{3, 1, 1};
    StageConfig stages[3] = {{{1, 2}, {3, 3, 3}, {1, 3, 3}}, {{}, {3}, {3}}, {{}, {1}, {1}}};
    int inputChannels = 1;
    int concepts = 7; ///< mid-level features
    int targets = 2;  ///< emotions

    std::vector<int> stageChannels() const { return {baseChannels, 2 * baseChannels, 4 * baseChannels}; }

    /// Throws emotrace::Error when block counts and kernel lists disagree.
    void validate() const;

    nlohmann::json toJson() const;
    /// Missing keys keep the paper's defaults; throws emotrace::Error on wrong types.
    static ModelConfig fromJson(const nlohmann::json& json);

    bool operator==(const ModelConfig&) const = default;
};

} // namespace emotrace
