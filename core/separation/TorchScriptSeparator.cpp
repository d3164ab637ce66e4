#include "separation/TorchScriptSeparator.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

#include <torch/script.h>

#include <nlohmann/json.hpp>

#include "audio/Resampler.h"
#include "separation/StemFolderSeparator.h"
#include "util/Error.h"

namespace emotrace {

namespace fs = std::filesystem;

struct TorchScriptSeparator::Model {
    torch::jit::Module module;
};

namespace {

std::string firstLine(const std::string& text)
{
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

std::string shapeText(const torch::Tensor& tensor)
{
    std::ostringstream text;
    text << '[';
    for (int64_t d = 0; d < tensor.dim(); ++d) text << (d ? ", " : "") << tensor.size(d);
    text << ']';
    return text.str();
}

/// An int attribute of the module (int or float in the script), or 0 when absent.
int intAttribute(const torch::jit::Module& module, const char* name)
{
    if (!module.hasattr(name)) return 0;
    const c10::IValue value = module.attr(name);
    if (value.isInt()) return int(value.toInt());
    if (value.isDouble()) return int(std::lround(value.toDouble()));
    return 0;
}

} // namespace

TorchScriptSeparator::TorchScriptSeparator(fs::path modelFile, double chunkSeconds, double overlapSeconds)
    : m_file(std::move(modelFile)), m_chunkSeconds(chunkSeconds), m_overlapSeconds(overlapSeconds),
      m_model(std::make_unique<Model>())
{
    const std::string file = m_file.string();
    if (!(chunkSeconds > 0.0) || !(overlapSeconds >= 0.0) || overlapSeconds >= chunkSeconds)
        throw Error(file + ": invalid chunking (chunk " + std::to_string(chunkSeconds) + " s, overlap " +
                    std::to_string(overlapSeconds) + " s)");
    std::error_code ec;
    if (!fs::is_regular_file(m_file, ec)) throw Error(file + ": model file not found");
    try {
        m_model->module = torch::jit::load(file, torch::kCPU);
    } catch (const std::exception& e) {
        throw Error(file + ": not a TorchScript file (" + firstLine(e.what()) + ")");
    }
    m_model->module.eval();
    if (!m_model->module.find_method("forward")) throw Error(file + ": the TorchScript module has no forward method");

    // Module attributes first.
    const torch::jit::Module& module = m_model->module;
    if (module.hasattr("sources")) {
        const c10::IValue value = module.attr("sources");
        if (value.isList())
            for (const c10::IValue& item : value.toListRef())
                if (item.isString()) m_sources.push_back(item.toStringRef());
    }
    m_sampleRate = intAttribute(module, "samplerate");
    if (m_sampleRate <= 0) m_sampleRate = intAttribute(module, "sample_rate");
    m_channels = intAttribute(module, "audio_channels");
    if (m_channels <= 0) m_channels = intAttribute(module, "channels");

    // Then the sidecar for what the module did not say.
    const fs::path sidecar = fs::path(file + ".json");
    if (fs::is_regular_file(sidecar, ec)) {
        try {
            std::ifstream in(sidecar);
            const nlohmann::json meta = nlohmann::json::parse(in);
            if (m_sources.empty() && meta.contains("sources"))
                m_sources = meta.at("sources").get<std::vector<std::string>>();
            if (m_sampleRate <= 0 && meta.contains("sample_rate")) m_sampleRate = meta.at("sample_rate").get<int>();
            if (m_sampleRate <= 0 && meta.contains("samplerate")) m_sampleRate = meta.at("samplerate").get<int>();
            if (m_channels <= 0 && meta.contains("channels")) m_channels = meta.at("channels").get<int>();
        } catch (const std::exception& e) {
            throw Error(sidecar.string() + ": " + firstLine(e.what()));
        }
    }
    m_sampleRateKnown = m_sampleRate > 0;
    if (!m_sampleRateKnown) m_sampleRate = kDefaultSampleRate;
    if (m_channels < 0) m_channels = 0;
}

TorchScriptSeparator::~TorchScriptSeparator() = default;

std::string TorchScriptSeparator::name() const
{
    return "model:" + m_file.string();
}

StemSet TorchScriptSeparator::separate(const AudioBuffer& mix, const std::string& /*mixFile*/,
                                       const Progress& progress)
{
    const std::string file = m_file.string();
    if (mix.sampleRate <= 0 || mix.channels <= 0 || mix.samples.empty() ||
        mix.samples.size() % std::size_t(mix.channels) != 0)
        throw Error(file + ": invalid or empty mix buffer");
    progress.checkCancelled();

    StemSet result;
    result.backend = name();
    if (!m_sampleRateKnown)
        result.warnings.push_back(file + ": the model does not state its sample rate; assumed " +
                                  std::to_string(kDefaultSampleRate) + " Hz");
    const int channels = m_channels > 0 ? m_channels : mix.channels;
    if (mix.sampleRate != m_sampleRate || channels != mix.channels)
        result.warnings.push_back("mix converted to the model's " + std::to_string(m_sampleRate) + " Hz, " +
                                  std::to_string(channels) + " channel(s) and the sources back");
    const AudioBuffer input = Resampler::convert(mix, m_sampleRate, channels);

    const auto frames = input.frameCount();
    const auto chunk = std::max<std::int64_t>(1, std::llround(m_chunkSeconds * m_sampleRate));
    const auto overlap = std::min<std::int64_t>(chunk - 1, std::llround(m_overlapSeconds * m_sampleRate));
    const auto hop = chunk - overlap;
    const std::int64_t chunks = frames <= chunk ? 1 : 1 + (frames - chunk + hop - 1) / hop;

    // One interleaved buffer per source at the model's rate, made once S is known; each is
    // released as soon as it is converted, so the peak is the stems plus one.
    std::vector<AudioBuffer> accumulated;
    std::vector<float> weights(std::size_t(frames), 0.0f);
    std::int64_t sources = 0;
    c10::InferenceMode inferenceMode;
    progress.report("separate", 0);
    for (std::int64_t k = 0; k < chunks; ++k) {
        progress.checkCancelled();
        const std::int64_t start = k * hop;
        const std::int64_t length = std::min(chunk, frames - start);
        // [1, C, chunk], zero beyond the song's end.
        torch::Tensor x = torch::zeros({1, channels, chunk}, torch::kFloat);
        {
            auto a = x.accessor<float, 3>();
            for (std::int64_t i = 0; i < length; ++i)
                for (int c = 0; c < channels; ++c)
                    a[0][c][i] = input.samples[std::size_t((start + i) * channels + c)];
        }
        torch::Tensor y;
        try {
            y = m_model->module.forward({x}).toTensor();
        } catch (const std::exception& e) {
            throw Error(file + ": the model failed (" + firstLine(e.what()) + ")");
        }
        const std::string expected = "[1, S, " + std::to_string(channels) + ", " + std::to_string(chunk) + "] or [S, " +
                                     std::to_string(channels) + ", " + std::to_string(chunk) + "]";
        const std::string shape = shapeText(y);
        if (y.dim() == 4 && y.size(0) == 1) y = y.squeeze(0);
        if (y.dim() != 3 || y.size(0) < 1 || y.size(1) != channels || y.size(2) != chunk ||
            (!m_sources.empty() && y.size(0) != std::int64_t(m_sources.size())))
            throw Error(file + ": model output has shape " + shape + ", expected " + expected +
                        (m_sources.empty() ? std::string() : " with S = " + std::to_string(m_sources.size())));
        if (!torch::isfinite(y).all().item<bool>())
            throw Error(file + ": model output contains NaN or infinite values");
        if (sources == 0) {
            sources = y.size(0);
            accumulated.resize(std::size_t(sources));
            for (AudioBuffer& buffer : accumulated) {
                buffer.sampleRate = m_sampleRate;
                buffer.channels = channels;
                buffer.samples.assign(std::size_t(frames * channels), 0.0f);
            }
        } else if (y.size(0) != sources) {
            throw Error(file + ": model output has shape " + shape + " but an earlier chunk had " +
                        std::to_string(sources) + " sources");
        }
        y = y.to(torch::kFloat).contiguous();
        const auto out = y.accessor<float, 3>();
        for (std::int64_t i = 0; i < length; ++i) {
            // Linear cross-fade: rising over the first `overlap` samples after a previous
            // chunk, falling over the last ones before the next; the two sum to one.
            float w = 1.0f;
            if (k > 0 && i < overlap) w = float((double(i) + 0.5) / double(overlap));
            if (k + 1 < chunks && i >= hop) w = float((double(chunk - i) - 0.5) / double(overlap));
            weights[std::size_t(start + i)] += w;
            for (std::int64_t s = 0; s < sources; ++s) {
                float* frame = accumulated[std::size_t(s)].samples.data() + (start + i) * channels;
                for (int c = 0; c < channels; ++c) frame[c] += w * out[s][c][i];
            }
        }
        progress.report("separate", int(100 * (k + 1) / chunks));
    }

    if (m_sources.empty())
        for (std::int64_t s = 0; s < sources; ++s) m_sources.push_back("source" + std::to_string(s));
    for (std::int64_t s = 0; s < sources; ++s) {
        AudioBuffer& modelRate = accumulated[std::size_t(s)];
        for (std::int64_t i = 0; i < frames; ++i)
            if (const float w = weights[std::size_t(i)]; w > 0.0f && w != 1.0f)
                for (int c = 0; c < channels; ++c) modelRate.samples[std::size_t(i * channels + c)] /= w;
        AudioBuffer stem = Resampler::convert(modelRate, mix.sampleRate, mix.channels);
        modelRate = AudioBuffer{};
        stem.samples.resize(mix.samples.size(), 0.0f); // ceil rounding of the resampler: <= 1 frame
        result.names.push_back(m_sources[std::size_t(s)]);
        result.stems.push_back(std::move(stem));
    }
    StemFolderSeparator::completeWithResidual(mix, result);
    return result;
}

} // namespace emotrace
