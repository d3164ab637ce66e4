#include "train/TrainingConfig.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <map>
#include <set>
#include <sstream>

#include "util/InputFile.h"
#include "util/Error.h"

namespace emotrace {

namespace {

/// Reads typed values from one JSON object, naming "<source>: <prefix><key>" in errors.
class Reader {
public:
    Reader(const nlohmann::json& object, std::string source, std::string prefix)
        : m_object(object), m_source(std::move(source)), m_prefix(std::move(prefix))
    {
        if (!m_object.is_object()) fail("", "must be an object");
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const
    {
        const std::string where = m_prefix + key;
        throw Error(m_source + ": " + (where.empty() ? "" : "\"" + where + "\": ") + problem);
    }

    bool has(const std::string& key) const { return m_object.contains(key); }
    const nlohmann::json& at(const std::string& key) const { return m_object.at(key); }

    double number(const std::string& key, double fallback, double lo, double hi) const
    {
        if (!has(key)) return fallback;
        const auto& v = at(key);
        if (!v.is_number()) fail(key, "must be a number");
        const double d = v.get<double>();
        if (!(d >= lo && d <= hi)) fail(key, "must be in [" + shortNumber(lo) + ", " + shortNumber(hi) + "], got " + shortNumber(d));
        return d;
    }
    int integer(const std::string& key, int fallback, int lo, int hi) const
    {
        if (!has(key)) return fallback;
        const auto& v = at(key);
        if (!v.is_number_integer()) fail(key, "must be an integer");
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(hi))
            fail(key, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(v.get<std::uint64_t>()));
        const auto i = v.get<std::int64_t>();
        if (i < lo || i > hi) fail(key, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(i));
        return int(i);
    }
    std::string text(const std::string& key, const std::string& fallback) const
    {
        if (!has(key)) return fallback;
        if (!at(key).is_string()) fail(key, "must be a string");
        return at(key).get<std::string>();
    }
    bool boolean(const std::string& key, bool fallback) const
    {
        if (!has(key)) return fallback;
        if (!at(key).is_boolean()) fail(key, "must be true or false");
        return at(key).get<bool>();
    }
    void onlyKeys(const std::set<std::string>& known) const
    {
        for (const auto& [key, value] : m_object.items())
            if (!known.count(key)) fail(key, "unknown key");
    }

    static std::string shortNumber(double v)
    {
        std::ostringstream s;
        s << v;
        return s.str();
    }

private:
    const nlohmann::json& m_object;
    std::string m_source;
    std::string m_prefix;
};

/// JSON built in C++ stores small integers as signed; parsed text as unsigned.
bool isNonNegativeInteger(const nlohmann::json& v)
{
    return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

std::filesystem::path resolved(const std::filesystem::path& base, const std::string& p)
{
    const std::filesystem::path path(p);
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

} // namespace

double TrainingConfig::learningRateAt(int epoch) const
{
    if (schedule == "step") return learningRate * std::pow(gamma, double(epoch / std::max(1, stepSize)));
    if (schedule == "cosine") {
        const double t = epochs > 1 ? double(epoch) / double(epochs) : 0.0;
        return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1.0 + std::cos(std::numbers::pi * t));
    }
    return learningRate;
}

nlohmann::json TrainingConfig::toJson() const
{
    nlohmann::json sourcesJson = nlohmann::json::array();
    for (const auto& s : sources) {
        nlohmann::json j = {{"type", s.type}, {"name", s.name}, {"path", s.path.string()}, {"weight", s.weight},
                            {"validation_fraction", s.validationFraction}};
        if (s.range) j["range"] = {s.range->first, s.range->second};
        if (!s.tags.empty()) j["tags"] = s.tags.string();
        if (!s.holdout.soundfonts.empty() || s.holdout.seedsMod) {
            j["holdout"] = nlohmann::json::object();
            if (!s.holdout.soundfonts.empty()) j["holdout"]["soundfonts"] = s.holdout.soundfonts;
            if (s.holdout.seedsMod) j["holdout"]["seeds_mod"] = {s.holdout.seedsMod->first, s.holdout.seedsMod->second};
        }
        sourcesJson.push_back(j);
    }
    nlohmann::json modelJson = {{"base_channels", baseChannels}};
    if (!initWeights.empty()) modelJson["init_weights"] = initWeights.string();
    nlohmann::json j = {{"model", modelJson},
            {"sources", sourcesJson},
            {"train",
             {{"epochs", epochs}, {"batch_size", batchSize}, {"excerpt_frames", excerptFrames}, {"lr", learningRate},
              {"weight_decay", weightDecay}, {"schedule", schedule}, {"step_size", stepSize}, {"gamma", gamma},
              {"min_lr", minLearningRate}, {"patience", patience}, {"seed", seed}, {"balance_by_tag", balanceByTag},
              {"validation_fraction", validationFraction}, {"steps_per_epoch", stepsPerEpoch}}},
            {"cache", cache.string()},
            {"out", out.string()},
            {"name", name},
            {"version", version},
            {"description", description},
            {"limitations", limitations}};
    if (adaptation) j["adaptation"] = adaptation->toJson();
    return j;
}

TrainingConfig TrainingConfig::fromJson(const nlohmann::json& json, const std::string& source, const std::filesystem::path& baseDir)
{
    TrainingConfig c;
    const Reader top(json, source, "");
    top.onlyKeys({"model", "sources", "train", "adaptation", "cache", "out", "name", "version", "description", "limitations"});
    if (top.has("model")) {
        const Reader model(top.at("model"), source, "model.");
        model.onlyKeys({"base_channels", "init_weights"});
        c.baseChannels = model.integer("base_channels", c.baseChannels, 1, 1024);
        if (model.has("init_weights")) c.initWeights = resolved(baseDir, model.text("init_weights", ""));
    }
    if (top.has("train")) {
        const Reader t(top.at("train"), source, "train.");
        t.onlyKeys({"epochs", "batch_size", "excerpt_frames", "lr", "weight_decay", "schedule", "step_size", "gamma", "min_lr",
                    "patience", "seed", "balance_by_tag", "validation_fraction", "steps_per_epoch"});
        c.epochs = t.integer("epochs", c.epochs, 1, 100000);
        c.batchSize = t.integer("batch_size", c.batchSize, 1, 4096);
        c.excerptFrames = t.integer("excerpt_frames", c.excerptFrames, 16, 1 << 20);
        c.learningRate = t.number("lr", c.learningRate, 1e-12, 10.0);
        c.weightDecay = t.number("weight_decay", c.weightDecay, 0.0, 1.0);
        c.schedule = t.text("schedule", c.schedule);
        if (c.schedule != "cosine" && c.schedule != "step" && c.schedule != "constant")
            t.fail("schedule", "must be \"cosine\", \"step\" or \"constant\", got \"" + c.schedule + "\"");
        c.stepSize = t.integer("step_size", c.stepSize, 1, 100000);
        c.gamma = t.number("gamma", c.gamma, 0.0, 1.0);
        c.minLearningRate = t.number("min_lr", c.minLearningRate, 0.0, c.learningRate);
        c.patience = t.integer("patience", c.patience, 0, 100000);
        if (t.has("seed")) {
            if (!isNonNegativeInteger(t.at("seed"))) t.fail("seed", "must be a non-negative integer");
            c.seed = t.at("seed").get<std::uint64_t>();
        }
        c.balanceByTag = t.boolean("balance_by_tag", c.balanceByTag);
        c.validationFraction = t.number("validation_fraction", c.validationFraction, 0.0, 0.9);
        c.stepsPerEpoch = t.integer("steps_per_epoch", c.stepsPerEpoch, 0, 1 << 24);
        // One batch of excerpts is allocated whole (and the network's activations scale with it).
        if (std::int64_t(c.batchSize) * c.excerptFrames > kMaxBatchFrames)
            t.fail("batch_size", "batch_size x excerpt_frames must be at most " + std::to_string(kMaxBatchFrames) + ", got "
                                     + std::to_string(c.batchSize) + " x " + std::to_string(c.excerptFrames));
    }
    if (!top.has("sources") || !top.at("sources").is_array() || top.at("sources").empty())
        top.fail("sources", "must be a non-empty array of data sources");
    std::set<std::string> names;
    std::map<std::string, int> typeCount;
    for (const auto& s : top.at("sources")) ++typeCount[s.is_object() ? s.value("type", std::string()) : std::string()];
    std::map<std::string, int> typeIndex;
    for (std::size_t i = 0; i < top.at("sources").size(); ++i) {
        const Reader r(top.at("sources")[i], source, "sources[" + std::to_string(i) + "].");
        r.onlyKeys({"type", "path", "name", "weight", "range", "tags", "holdout", "validation_fraction"});
        Source s;
        s.type = r.text("type", "");
        if (s.type != "lab" && s.type != "midlevel" && s.type != "pmemo" && s.type != "deam")
            r.fail("type", "must be \"lab\", \"midlevel\", \"pmemo\" or \"deam\"" + (s.type.empty() ? std::string() : ", got \"" + s.type + "\""));
        const std::string path = r.text("path", "");
        if (path.empty()) r.fail("path", "missing (the data set's folder)");
        s.path = resolved(baseDir, path);
        const int index = ++typeIndex[s.type];
        s.name = r.text("name", typeCount[s.type] > 1 ? s.type + "-" + std::to_string(index) : s.type);
        if (s.name.empty() || !names.insert(s.name).second) r.fail("name", "must be non-empty and unique, got \"" + s.name + "\"");
        s.weight = r.number("weight", 1.0, 0.0, 1e6);
        if (r.has("range")) {
            const auto& v = r.at("range");
            if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number() || !std::isfinite(v[0].get<double>())
                || !std::isfinite(v[1].get<double>()) || !(v[1].get<double>() > v[0].get<double>()))
                r.fail("range", "must be [min, max] with finite max > min");
            s.range = std::pair{v[0].get<double>(), v[1].get<double>()};
        }
        if (r.has("tags")) s.tags = resolved(baseDir, r.text("tags", ""));
        s.validationFraction = r.number("validation_fraction", c.validationFraction, 0.0, 0.9);
        if (r.has("holdout")) {
            if (s.type != "lab") r.fail("holdout", "only lab sources can hold out soundfonts or seeds");
            const Reader h(r.at("holdout"), source, "sources[" + std::to_string(i) + "].holdout.");
            h.onlyKeys({"soundfonts", "seeds_mod"});
            if (h.has("soundfonts")) {
                const auto& v = h.at("soundfonts");
                if (!v.is_array()) h.fail("soundfonts", "must be an array of soundfont names");
                for (const auto& f : v) {
                    if (!f.is_string()) h.fail("soundfonts", "must be an array of soundfont names");
                    s.holdout.soundfonts.push_back(f.get<std::string>());
                }
            }
            if (h.has("seeds_mod")) {
                const auto& v = h.at("seeds_mod");
                if (!v.is_array() || v.size() != 2 || !isNonNegativeInteger(v[0]) || !isNonNegativeInteger(v[1])
                    || v[0].get<std::uint64_t>() == 0 || v[1].get<std::uint64_t>() >= v[0].get<std::uint64_t>())
                    h.fail("seeds_mod", "must be [m, r] with m > 0 and 0 <= r < m (holds out seeds with seed % m == r)");
                s.holdout.seedsMod = std::pair{v[0].get<std::uint64_t>(), v[1].get<std::uint64_t>()};
            }
        }
        c.sources.push_back(std::move(s));
    }
    // Every loss term is weighted by its source: with all weights 0 the loss is 0 whatever
    // the network does, and the first epoch would be saved as the best model.
    double totalWeight = 0.0;
    for (const auto& s : c.sources) totalWeight += s.weight;
    if (!(totalWeight > 0.0))
        top.fail(c.sources.size() == 1 ? "sources[0].weight" : "sources[].weight",
                 "every source has weight 0: nothing to train on (give at least one source a positive weight)");
    const std::string out = top.text("out", "");
    if (out.empty()) top.fail("out", "missing (the folder the trained model package is written to)");
    c.out = resolved(baseDir, out);
    c.cache = top.has("cache") ? resolved(baseDir, top.text("cache", "")) : c.out / "spectrogram-cache";
    if (top.has("adaptation")) {
        try {
            c.adaptation = TargetDomainRegulariser::Settings::fromJson(top.at("adaptation"), baseDir);
        } catch (const Error& e) {
            throw Error(source + ": " + e.what());
        }
    }
    c.name = top.text("name", c.out.filename().string());
    c.version = top.text("version", c.version);
    c.description = top.text("description", c.description);
    if (top.has("limitations")) {
        const auto& v = top.at("limitations");
        if (!v.is_array()) top.fail("limitations", "must be an array of sentences");
        for (const auto& l : v) {
            if (!l.is_string()) top.fail("limitations", "must be an array of sentences");
            c.limitations.push_back(l.get<std::string>());
        }
    }
    return c;
}

TrainingConfig TrainingConfig::load(const std::filesystem::path& file)
{
    InputFile::requireRegularFile(file, "a training config (JSON)", kMaxFileBytes);
    const std::string name = InputFile::printable(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(name + ": unreadable");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(name + ": invalid JSON (" + InputFile::printable(e.what()) + ")");
    }
    const auto base = std::filesystem::absolute(file).parent_path();
    return fromJson(j, name, base);
}

} // namespace emotrace
