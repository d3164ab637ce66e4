#include "analysis/SongAnalyzer.h"

#include "analysis/WindowPlan.h"
#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "util/Error.h"

namespace emotrace {

SongAnalyzer::SongAnalyzer(LoadedModel model, AnalysisSettings settings)
    : m_model(std::move(model)), m_settings(settings), m_frontEnd(m_model.info.frontEnd),
      m_predictor(m_model.network, settings.batchSize)
{
    if (!(m_settings.windowSeconds > 0.0)) throw Error("analysis: window length must be positive");
    if (!(m_settings.hopSeconds > 0.0)) throw Error("analysis: hop must be positive");
}

AnalysisResult SongAnalyzer::analyze(const std::filesystem::path& song, const Progress& progress)
{
    const AudioBuffer audio = AudioDecoder::decode(song, progress);
    SongInfo info = SongInfo::ofFile(song);
    return analyzeAudio(audio, std::move(info), progress);
}

AnalysisResult SongAnalyzer::analyzeAudio(const AudioBuffer& audio, SongInfo song, const Progress& progress)
{
    song.sampleRate = audio.sampleRate;
    song.channels = audio.channels;
    song.durationSeconds = audio.durationSeconds();
    if (audio.frameCount() == 0) throw Error(song.path + ": no audio samples");
    if (audio.isSilent()) throw Error(song.path + ": audio is silent (every sample is zero)");
    progress.checkCancelled();
    progress.report("resample", 0);
    const std::vector<float> mono = MonoResampler::toMono(audio, m_model.info.frontEnd.sampleRate);
    progress.report("resample", 100);
    return analyzeMono(mono, std::move(song), progress);
}

AnalysisResult SongAnalyzer::analyzeMono(const std::vector<float>& mono, SongInfo song, const Progress& progress)
{
    progress.checkCancelled();
    progress.report("spectrogram", 0);
    const Spectrogram spec = m_frontEnd.compute(mono);
    progress.report("spectrogram", 100);
    if (spec.frames == 0) throw Error(song.path + ": too short to analyse");
    if (std::all_of(spec.values.begin(), spec.values.end(), [](float v) { return v == 0.0f; }))
        throw Error(song.path + ": audio is silent at the model's sample rate");

    const FrontEndParameters& fe = m_model.info.frontEnd;
    const std::int64_t windowFrames = WindowPlan::secondsToFrames(m_settings.windowSeconds, fe.sampleRate, fe.framesPerSecond);
    const std::int64_t hopFrames = std::max<std::int64_t>(1, WindowPlan::secondsToFrames(m_settings.hopSeconds, fe.sampleRate, fe.framesPerSecond));
    if (windowFrames < 16) throw Error("analysis: window of " + std::to_string(m_settings.windowSeconds) + " s is too short for the model");
    const WindowPlan plan = WindowPlan::make(spec.frames, windowFrames, hopFrames);
    const std::vector<WindowOutput> outputs = m_predictor.predict(spec, plan.starts, windowFrames, progress);

    AnalysisResult r;
    r.song = std::move(song);
    const ModelInfo& info = m_model.info;
    r.model = {info.name, info.version, info.trained, info.architecture.baseChannels, m_model.folder.string()};
    r.settings = m_settings;
    r.features = info.features;
    r.targets = info.targets;
    r.concepts.assign(r.features.size(), 0.0);
    r.emotions.assign(r.targets.size(), 0.0);
    const double hopSeconds = fe.hop() / fe.sampleRate;
    // The front end trims a digital-silence intro (as the reference does, so predictions
    // stay the reference's): its frame 0 starts at the first non-zero sample. Window times
    // are song times, so they are shifted back by the trimmed intro.
    const double introSeconds = double(LogSpectrogramFrontEnd::leadingZeros(mono)) / fe.sampleRate;
    for (std::size_t w = 0; w < outputs.size(); ++w) {
        WindowResult window;
        window.startSeconds = introSeconds + double(plan.starts[w]) * hopSeconds;
        window.endSeconds = introSeconds + double(plan.starts[w] + windowFrames) * hopSeconds;
        window.loopPadded = plan.loopPadded;
        window.concepts.assign(outputs[w].concepts.begin(), outputs[w].concepts.end());
        window.emotions.assign(outputs[w].emotions.begin(), outputs[w].emotions.end());
        for (std::size_t j = 0; j < r.concepts.size(); ++j) r.concepts[j] += window.concepts[j] / double(outputs.size());
        r.windows.push_back(std::move(window));
    }
    const torch::Tensor w = m_model.network->emotionWeights().detach().to(torch::kFloat64).contiguous();
    r.weights.assign(std::size_t(w.size(0)), std::vector<double>(std::size_t(w.size(1))));
    for (std::int64_t k = 0; k < w.size(0); ++k)
        for (std::int64_t j = 0; j < w.size(1); ++j) r.weights[std::size_t(k)][std::size_t(j)] = w[k][j].item<double>();
    // e = b + W (m - m_bar): the whole-song prediction is exactly the baseline plus the effects.
    r.effects = EmotionEffects::compute(r.weights, r.concepts, m_model.network->emotionBaseline());
    for (std::size_t k = 0; k < r.targets.size(); ++k) r.emotions[k] = r.effects.total(k);
    return r;
}

} // namespace emotrace
