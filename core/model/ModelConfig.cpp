#include "model/ModelConfig.h"

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace emotrace {

void ModelConfig::validate() const
{
    // Upper bounds far above any published configuration (the paper: width 128, kernels
    // 1-3, three blocks) stop absurd values before anything is allocated.
    if (baseChannels < 1 || baseChannels > 1024) throw Error("model config: base_channels must be in 1..1024");
    if (blocksPerStage.size() != 3) throw Error("model config: n_blocks_per_stage needs 3 entries");
    for (int s = 0; s < 3; ++s) {
        const std::string stage = "model config: stage" + std::to_string(s + 1);
        if (blocksPerStage[s] < 1 || blocksPerStage[s] > 16) throw Error(stage + " needs 1..16 blocks");
        if (int(stages[s].k1s.size()) != blocksPerStage[s] || int(stages[s].k2s.size()) != blocksPerStage[s])
            throw Error(stage + ": k1s and k2s need one kernel size per block");
        for (int p : stages[s].maxpool)
            if (p < 0 || p > blocksPerStage[s]) throw Error(stage + ": max-pool position out of range");
        for (int k : stages[s].k1s)
            if (k < 1 || k > 15) throw Error(stage + ": kernel sizes must be in 1..15");
        for (int k : stages[s].k2s)
            if (k < 1 || k > 15) throw Error(stage + ": kernel sizes must be in 1..15");
    }
    if (concepts < 1 || targets < 1 || inputChannels < 1 || concepts > 256 || targets > 256 || inputChannels > 16)
        throw Error("model config: num_concepts and num_targets must be in 1..256, input_channels in 1..16");
}

nlohmann::json ModelConfig::toJson() const
{
    nlohmann::json j;
    j["type"] = "RFResnetExplainable";
    j["config"] = "cp_field_shallow_m2";
    j["base_channels"] = baseChannels;
    j["n_blocks_per_stage"] = blocksPerStage;
    for (int s = 0; s < 3; ++s)
        j["stage" + std::to_string(s + 1)] = {{"maxpool", stages[s].maxpool}, {"k1s", stages[s].k1s}, {"k2s", stages[s].k2s}};
    j["input_channels"] = inputChannels;
    j["num_concepts"] = concepts;
    j["num_targets"] = targets;
    return j;
}

ModelConfig ModelConfig::fromJson(const nlohmann::json& j)
{
    ModelConfig c;
    try {
        c.baseChannels = j.value("base_channels", c.baseChannels);
        c.blocksPerStage = j.value("n_blocks_per_stage", c.blocksPerStage);
        for (int s = 0; s < 3; ++s) {
            const std::string key = "stage" + std::to_string(s + 1);
            if (!j.contains(key)) continue;
            const auto& st = j.at(key);
            c.stages[s].maxpool = st.value("maxpool", c.stages[s].maxpool);
            c.stages[s].k1s = st.value("k1s", c.stages[s].k1s);
            c.stages[s].k2s = st.value("k2s", c.stages[s].k2s);
        }
        c.inputChannels = j.value("input_channels", c.inputChannels);
        c.concepts = j.value("num_concepts", c.concepts);
        c.targets = j.value("num_targets", c.targets);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model config: ") + e.what());
    }
    c.validate();
    return c;
}

} // namespace emotrace
