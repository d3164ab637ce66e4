#include "explain/SongExplainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/WindowPlan.h"
#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "explain/MixSpectrogramComposer.h"
#include "util/Error.h"

namespace emotrace {

SongExplainer::SongExplainer(LoadedModel model, Settings settings)
    : m_model(std::move(model)), m_settings(std::move(settings)), m_predictor(m_model.network, 1)
{
    if (!(m_settings.windowSeconds > 0.0)) throw Error("explain: window length must be positive");
    if (m_settings.segments < 1 || m_settings.segments > 16) throw Error("explain: segments must be 1..16");
}

namespace {

/// Frames [from, to) of a buffer.
AudioBuffer slice(const AudioBuffer& in, std::int64_t from, std::int64_t to)
{
    AudioBuffer out;
    out.sampleRate = in.sampleRate;
    out.channels = in.channels;
    out.samples.assign(in.samples.begin() + std::ptrdiff_t(from * in.channels), in.samples.begin() + std::ptrdiff_t(to * in.channels));
    return out;
}

} // namespace

SourceExplanation SongExplainer::explain(const std::filesystem::path& song, Separator& separator, const Progress& progress,
                                         StemSet* stemsOut)
{
    AudioBuffer mix = AudioDecoder::decode(song, progress);
    if (mix.isSilent()) throw Error(song.string() + ": audio is silent (every sample is zero)");
    SongInfo info = SongInfo::ofFile(song);
    info.sampleRate = mix.sampleRate;
    info.channels = mix.channels;
    info.durationSeconds = mix.durationSeconds();

    // Only the excerpt is explained, so only the excerpt is separated, with a margin on
    // each side so that the separator's edges (context, cross-fades) fall outside it.
    // Memory then no longer grows with the song.
    const std::int64_t total = mix.frameCount();
    const std::int64_t window = std::int64_t(std::llround(m_settings.windowSeconds * mix.sampleRate));
    const std::int64_t margin = std::int64_t(std::llround(kSeparationMarginSeconds * mix.sampleRate));
    if (total <= window + margin) {
        StemSet stems = separator.separate(mix, song.string(), progress);
        SourceExplanation result = explainStems(mix, stems, std::move(info), progress);
        if (stemsOut) *stemsOut = std::move(stems);
        return result;
    }
    const std::int64_t start =
        m_settings.excerptStartSeconds
            ? std::clamp<std::int64_t>(std::int64_t(std::llround(*m_settings.excerptStartSeconds * mix.sampleRate)), 0, total - window)
            : (total - window) / 2;
    const std::int64_t cutFrom = std::max<std::int64_t>(0, start - margin), cutTo = std::min(total, start + window + margin);
    AudioBuffer cut = slice(mix, cutFrom, cutTo);
    mix = AudioBuffer{}; // the whole song is not needed any more
    StemSet stems = separator.separate(cut, song.string(), progress);
    if (stems.size() == 0) throw Error(info.path + ": the separator returned no stems");
    for (auto& stem : stems.stems) {
        if (stem.frameCount() != cut.frameCount()) throw Error(info.path + ": stems differ from the mix in length");
        stem = slice(stem, start - cutFrom, start - cutFrom + window);
    }
    const AudioBuffer excerpt = slice(cut, start - cutFrom, start - cutFrom + window);
    SourceExplanation result = explainWindow(excerpt, stems, std::move(info), progress, double(start) / excerpt.sampleRate);
    if (stemsOut) *stemsOut = std::move(stems);
    return result;
}

SourceExplanation SongExplainer::explainStems(const AudioBuffer& mix, const StemSet& stems, SongInfo song, const Progress& progress)
{
    song.sampleRate = mix.sampleRate;
    song.channels = mix.channels;
    song.durationSeconds = mix.durationSeconds();
    return explainWindow(mix, stems, std::move(song), progress, 0.0);
}

SourceExplanation SongExplainer::explainWindow(const AudioBuffer& mix, const StemSet& stems, SongInfo song, const Progress& progress,
                                               double offsetSeconds)
{
    if (stems.size() == 0) throw Error(song.path + ": the separator returned no stems");
    for (const auto& s : stems.stems)
        if (s.sampleRate != mix.sampleRate || s.channels != mix.channels || s.frameCount() != mix.frameCount())
            throw Error(song.path + ": stems differ from the mix in rate, channels or length");

    const FrontEndParameters& fe = m_model.info.frontEnd;
    const int rate = fe.sampleRate;
    progress.report("resample", 0);
    std::vector<std::vector<float>> mono;
    for (const auto& s : stems.stems) {
        progress.checkCancelled();
        mono.push_back(MonoResampler::toMono(s, rate));
    }
    progress.report("resample", 100);

    // The excerpt: one model window, from the middle unless asked otherwise.
    const std::int64_t total = std::int64_t(mono.front().size());
    const std::int64_t window = std::int64_t(std::llround(m_settings.windowSeconds * rate));
    std::int64_t start = 0, length = total;
    if (total > window) {
        length = window;
        start = m_settings.excerptStartSeconds
                    ? std::clamp<std::int64_t>(std::int64_t(std::llround(*m_settings.excerptStartSeconds * rate)), 0, total - window)
                    : (total - window) / 2;
    }

    SourceExplanation out;
    out.song = std::move(song);
    const ModelInfo& info = m_model.info;
    out.model = {info.name, info.version, info.trained, info.architecture.baseChannels, m_model.folder.string()};
    out.separator = stems.backend;
    out.separatorWarnings = stems.warnings;
    out.stems = stems.names;
    out.segments = m_settings.segments;
    out.excerptStartSeconds = offsetSeconds + double(start) / rate;
    out.excerptEndSeconds = offsetSeconds + double(start + length) / rate;
    out.targets = info.features;
    out.targets.insert(out.targets.end(), info.targets.begin(), info.targets.end());

    // Components: each stem cut to each segment of the excerpt (zero elsewhere).
    const int k = m_settings.segments;
    std::vector<std::vector<float>> components;
    for (std::size_t s = 0; s < mono.size(); ++s)
        for (int seg = 0; seg < k; ++seg) {
            const std::int64_t a = length * seg / k, b = length * (seg + 1) / k;
            std::vector<float> c(std::size_t(length), 0.0f);
            std::copy(mono[s].begin() + std::ptrdiff_t(start + a), mono[s].begin() + std::ptrdiff_t(start + b), c.begin() + std::ptrdiff_t(a));
            components.push_back(std::move(c));
            if (k == 1) {
                out.components.push_back(stems.names[s]);
            } else {
                char label[96];
                std::snprintf(label, sizeof label, "%s@%.1f-%.1fs", stems.names[s].c_str(), out.excerptStartSeconds + double(a) / rate,
                              out.excerptStartSeconds + double(b) / rate);
                out.components.push_back(label);
            }
        }
    mono.clear();
    const MixSpectrogramComposer composer(LogSpectrogramFrontEnd(fe), std::move(components));
    const std::int64_t windowFrames = WindowPlan::secondsToFrames(m_settings.windowSeconds, rate, fe.framesPerSecond);

    std::vector<double> silenceOutput; // the all-zero mix is the same input for every song: run it once
    auto predict = [&](const std::vector<std::vector<std::uint8_t>>& masks) {
        std::vector<std::vector<double>> outputs;
        for (const auto& mask : masks) {
            const bool none = std::all_of(mask.begin(), mask.end(), [](std::uint8_t z) { return z == 0; });
            if (none && !silenceOutput.empty()) {
                outputs.push_back(silenceOutput);
                continue;
            }
            const Spectrogram spec = composer.compose(mask);
            const WindowOutput o =
                m_predictor.predict(spec, {0}, std::max<std::int64_t>(windowFrames, 16), {}, BatchPredictor::Padding::Silence).front();
            std::vector<double> row(o.concepts.begin(), o.concepts.end());
            row.insert(row.end(), o.emotions.begin(), o.emotions.end());
            if (none) silenceOutput = row;
            outputs.push_back(std::move(row));
        }
        return outputs;
    };
    out.explanation = LimeExplainer::explain(composer.componentCount(), predict, m_settings.lime, progress);
    return out;
}

} // namespace emotrace
