#include "train/TargetDomainRegulariser.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "train/CsvTable.h"
#include "util/Error.h"

namespace emotrace {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

template <typename T> T numberAt(const nlohmann::json& j, const char* key, T fallback, double lo, double hi)
{
    if (!j.contains(key)) return fallback;
    if (!j.at(key).is_number()) throw Error(std::string("adaptation.") + key + ": not a number");
    const double v = j.at(key).get<double>();
    if (!(v >= lo && v <= hi))
        throw Error(std::string("adaptation.") + key + ": " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                    std::to_string(hi));
    return T(v);
}

} // namespace

TargetDomainRegulariser::Settings TargetDomainRegulariser::Settings::fromJson(const nlohmann::json& j,
                                                                              const std::filesystem::path& base)
{
    if (!j.is_object()) throw Error("adaptation: not an object");
    Settings s;
    if (!j.contains("manifest") || !j.at("manifest").is_string()) throw Error("adaptation.manifest: missing (a CSV of real recordings)");
    s.manifest = j.at("manifest").get<std::string>();
    if (s.manifest.is_relative()) s.manifest = base / s.manifest;
    if (j.contains("split")) {
        if (!j.at("split").is_string()) throw Error("adaptation.split: not a string");
        s.split = j.at("split").get<std::string>();
    }
    if (lower(s.split) == "dev") throw Error("adaptation.split: \"dev\" is the development set and is never trained on");
    s.batchSize = numberAt<int>(j, "batch_size", s.batchSize, 1, 64);
    s.consistencyWeight = numberAt<double>(j, "consistency_weight", s.consistencyWeight, 0.0, 100.0);
    s.tempoRankWeight = numberAt<double>(j, "tempo_rank_weight", s.tempoRankWeight, 0.0, 100.0);
    s.stretch = numberAt<double>(j, "stretch", s.stretch, 1.05, 2.0);
    s.margin = numberAt<double>(j, "margin", s.margin, 0.0, 0.5);
    s.pitchSemitones = numberAt<int>(j, "pitch_semitones", s.pitchSemitones, 1, 6);
    return s;
}

nlohmann::json TargetDomainRegulariser::Settings::toJson() const
{
    return {{"manifest", manifest.string()}, {"split", split}, {"batch_size", batchSize},
            {"consistency_weight", consistencyWeight}, {"tempo_rank_weight", tempoRankWeight}, {"stretch", stretch},
            {"margin", margin}, {"pitch_semitones", pitchSemitones}};
}

TargetDomainRegulariser::TargetDomainRegulariser(Settings settings) : m_settings(std::move(settings))
{
    const CsvTable table = CsvTable::read(m_settings.manifest);
    const int pathColumn = table.column("path"), splitColumn = table.column("split");
    const std::filesystem::path folder = m_settings.manifest.parent_path();
    for (const auto& row : table.rows()) {
        if (table.text(row, splitColumn) != m_settings.split) continue;
        std::filesystem::path file = table.text(row, pathColumn);
        const std::string ext = lower(file.extension().string());
        if (ext == ".mid" || ext == ".midi") continue;
        if (file.is_relative()) file = folder / file;
        m_files.push_back(table.listedFile(row, file));
    }
    if (m_files.empty())
        throw Error(m_settings.manifest.string() + ": no audio recordings in split \"" + m_settings.split + "\"");
}

std::vector<float> TargetDomainRegulariser::shiftBands(const std::vector<float>& excerpt, int bands, std::int64_t frames, int k)
{
    std::vector<float> out(excerpt.size());
    for (int b = 0; b < bands; ++b) {
        const int from = std::clamp(b - k, 0, bands - 1);
        std::copy_n(excerpt.begin() + std::ptrdiff_t(from) * frames, frames, out.begin() + std::ptrdiff_t(b) * frames);
    }
    return out;
}

std::vector<float> TargetDomainRegulariser::squeezeFrames(const std::vector<float>& source, int bands, std::int64_t sourceFrames,
                                                          std::int64_t frames)
{
    std::vector<float> out(std::size_t(bands) * std::size_t(frames));
    const double step = frames > 1 ? double(sourceFrames - 1) / double(frames - 1) : 0.0;
    for (std::int64_t t = 0; t < frames; ++t) {
        const double at = double(t) * step;
        const auto i = std::min<std::int64_t>(std::int64_t(at), sourceFrames - 1);
        const auto j = std::min<std::int64_t>(i + 1, sourceFrames - 1);
        const auto w = float(at - double(i));
        for (int b = 0; b < bands; ++b) {
            const float* row = source.data() + std::ptrdiff_t(b) * sourceFrames;
            out[std::size_t(b) * std::size_t(frames) + std::size_t(t)] = (1.0f - w) * row[i] + w * row[j];
        }
    }
    return out;
}

TargetDomainRegulariser::Terms TargetDomainRegulariser::step(ExplainableResNet& network, SpectrogramCache& cache,
                                                              std::int64_t frames, const torch::Device& device,
                                                              std::mt19937_64& rng) const
{
    const int n = m_settings.batchSize;
    const auto longFrames = std::int64_t(std::ceil(m_settings.stretch * double(frames)));
    std::uniform_int_distribution<std::size_t> pickFile(0, m_files.size() - 1);
    std::uniform_int_distribution<int> pickShift(1, m_settings.pitchSemitones);
    const int bandsPerSemitone = std::max(1, cache.parameters().bandsPerOctave / 12);
    std::bernoulli_distribution down(0.5);
    const int bands = cache.bands();
    std::vector<std::vector<float>> plain, shifted, squeezed;
    for (int i = 0; i < n; ++i) {
        const std::filesystem::path& file = m_files[pickFile(rng)];
        const auto spec = cache.get(file);
        // Every excerpt goes into one [3n, 1, bands, frames] tensor: all must agree.
        SpectrogramCache::requireShape(*spec, bands, file, "the adaptation batch");
        std::vector<float> source(std::size_t(bands) * std::size_t(longFrames));
        SpectrogramCache::excerpt(*spec, SpectrogramCache::randomStart(*spec, longFrames, rng), longFrames, source.data());
        std::vector<float> x(std::size_t(bands) * std::size_t(frames));
        for (int b = 0; b < bands; ++b)
            std::copy_n(source.begin() + std::ptrdiff_t(b) * longFrames, frames, x.begin() + std::ptrdiff_t(b) * frames);
        const int k = pickShift(rng) * (down(rng) ? -1 : 1) * bandsPerSemitone;
        shifted.push_back(shiftBands(x, bands, frames, k));
        squeezed.push_back(squeezeFrames(source, bands, longFrames, frames));
        plain.push_back(std::move(x));
    }
    torch::Tensor input = torch::empty({3 * n, 1, bands, frames});
    const std::size_t plane = std::size_t(bands) * std::size_t(frames);
    float* dst = input.data_ptr<float>();
    for (int i = 0; i < n; ++i) {
        std::copy(plain[i].begin(), plain[i].end(), dst + plane * std::size_t(i));
        std::copy(shifted[i].begin(), shifted[i].end(), dst + plane * std::size_t(n + i));
        std::copy(squeezed[i].begin(), squeezed[i].end(), dst + plane * std::size_t(2 * n + i));
    }
    const ModelOutput out = network->forward(input.to(device));
    const torch::Tensor all = torch::cat({out.concepts, out.emotions}, 1); // [3n, 9]
    const torch::Tensor base = all.slice(0, 0, n), moved = all.slice(0, n, 2 * n);
    const torch::Tensor consistency = (base - moved).pow(2).mean();
    const torch::Tensor gain = out.emotions.slice(0, 2 * n, 3 * n).select(1, 0) - out.emotions.slice(0, 0, n).select(1, 0);
    const torch::Tensor violation = torch::relu(m_settings.margin - gain).mean();
    Terms terms;
    terms.loss = m_settings.consistencyWeight * consistency + m_settings.tempoRankWeight * violation;
    terms.consistency = consistency.item<double>();
    terms.rankViolation = violation.item<double>();
    terms.arousalGain = gain.mean().item<double>();
    return terms;
}

} // namespace emotrace
