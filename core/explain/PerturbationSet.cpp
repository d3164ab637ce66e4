#include "explain/PerturbationSet.h"

#include <numeric>
#include <random>

#include "util/Error.h"

namespace emotrace {

namespace {

/// Uniform integer in [0, bound), bound >= 1, without modulo bias: values below
/// 2^64 mod bound are rejected so that the rest split evenly into `bound` classes.
uint64_t uniformBelow(std::mt19937_64& rng, uint64_t bound)
{
    const uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const uint64_t r = rng();
        if (r >= threshold) return r % bound;
    }
}

void requireComponents(const char* what, int n)
{
    if (n < 1) throw Error(std::string("PerturbationSet::") + what + ": need at least one component (got " + std::to_string(n) + ")");
}

} // namespace

PerturbationSet PerturbationSet::enumerated(int n)
{
    requireComponents("enumerated", n);
    if (n > maxExhaustiveComponents)
        throw Error("PerturbationSet::enumerated: " + std::to_string(n) + " components would need 2^" + std::to_string(n)
                    + " model runs; at most " + std::to_string(maxExhaustiveComponents) + " can be enumerated, sample instead");
    PerturbationSet set;
    set.components = n;
    set.exhaustive = true;
    const uint32_t count = uint32_t(1) << n;
    set.rows.reserve(count);
    for (uint32_t r = 0; r < count; ++r) {
        std::vector<uint8_t> row(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) row[std::size_t(i)] = uint8_t(1 - ((r >> (n - 1 - i)) & 1u));
        set.rows.push_back(std::move(row));
    }
    return set;
}

PerturbationSet::Sampler PerturbationSet::samplerFromName(const std::string& name)
{
    if (name == "audiolime") return Sampler::AudioLime;
    if (name == "lime-text") return Sampler::LimeText;
    throw Error("unknown perturbation sampler '" + name + "' (audiolime or lime-text)");
}

PerturbationSet PerturbationSet::sampled(int n, int samples, uint64_t seed, Sampler sampler)
{
    requireComponents("sampled", n);
    if (samples < 1) throw Error("PerturbationSet::sampled: need at least one sample (got " + std::to_string(samples) + ")");
    PerturbationSet set;
    set.components = n;
    set.exhaustive = false;
    set.sampler = sampler;
    set.rows.reserve(std::size_t(samples));
    set.rows.emplace_back(std::size_t(n), uint8_t(1));
    std::mt19937_64 rng(seed);
    if (sampler == Sampler::AudioLime) {
        for (int s = 1; s < samples; ++s) {
            std::vector<uint8_t> row(static_cast<std::size_t>(n));
            for (auto& z : row) z = uint8_t(uniformBelow(rng, 2));
            set.rows.push_back(std::move(row));
        }
        return set;
    }
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int s = 1; s < samples; ++s) {
        const auto off = 1 + uniformBelow(rng, uint64_t(n));
        // partial Fisher-Yates: the first `off` entries become a uniform k-subset
        std::iota(order.begin(), order.end(), 0);
        std::vector<uint8_t> row(std::size_t(n), uint8_t(1));
        for (uint64_t j = 0; j < off; ++j) {
            const auto pick = j + uniformBelow(rng, uint64_t(n) - j);
            std::swap(order[j], order[pick]);
            row[std::size_t(order[j])] = 0;
        }
        set.rows.push_back(std::move(row));
    }
    return set;
}

PerturbationSet PerturbationSet::choose(int n, std::optional<int> samples, uint64_t seed, int exhaustiveLimit, Sampler sampler)
{
    requireComponents("choose", n);
    if (exhaustiveLimit < 0)
        throw Error("PerturbationSet::choose: the exhaustive limit must not be negative (got " + std::to_string(exhaustiveLimit) + ")");
    if (samples && *samples < 1)
        throw Error("PerturbationSet::choose: need at least one sample (got " + std::to_string(*samples) + ")");
    if (n <= maxExhaustiveComponents) {
        const int64_t all = int64_t(1) << n;
        if (all <= exhaustiveLimit && (!samples || *samples >= all)) return enumerated(n);
    }
    return sampled(n, samples.value_or(defaultSamples), seed, sampler);
}

std::string PerturbationSet::format(const std::vector<uint8_t>& row)
{
    std::string s;
    s.reserve(row.size());
    for (auto v : row) s.push_back(v ? '1' : '0');
    return s;
}

} // namespace emotrace
