#include "separation/LearnedSeparator.h"

#include <cmath>
#include <cstdio>

#include <torch/torch.h>

#include "audio/Resampler.h"
#include "util/Error.h"

namespace emotrace {

namespace {

std::string residualWarning(double db, const std::string& stem)
{
    char text[160];
    std::snprintf(text, sizeof text, "what the separator's sample rate cannot carry (%.1f dB relative to the mix) was added to '%s'",
                  db, stem.c_str());
    return text;
}

} // namespace

LearnedSeparator::LearnedSeparator(LoadedSeparator separator, std::string spec, double chunkSeconds, double overlapSeconds)
    : m_separator(std::move(separator)), m_spec(std::move(spec)), m_chunkSeconds(chunkSeconds),
      m_overlapSeconds(overlapSeconds), m_spectrum(m_separator.network->config())
{
    if (!(chunkSeconds >= 1.0) || !(overlapSeconds >= 0.0) || overlapSeconds >= chunkSeconds / 2)
        throw Error(m_spec + ": invalid chunking (chunk " + std::to_string(chunkSeconds) + " s, overlap " +
                    std::to_string(overlapSeconds) + " s)");
    m_separator.network->eval();
}

LearnedSeparator LearnedSeparator::fromFolder(const std::filesystem::path& folder, std::string spec)
{
    return LearnedSeparator(SeparatorPackage::load(folder), std::move(spec));
}

StemSet LearnedSeparator::separate(const AudioBuffer& mix, const std::string& /*mixFile*/, const Progress& progress)
{
    if (mix.sampleRate <= 0 || mix.channels <= 0 || mix.samples.empty() ||
        mix.samples.size() % std::size_t(mix.channels) != 0)
        throw Error(m_spec + ": invalid or empty mix buffer");
    progress.checkCancelled();
    const MaskNetworkConfig& config = m_separator.network->config();
    const int rate = config.sampleRate;
    StemSet result;
    result.backend = name();
    if (mix.sampleRate != rate || mix.channels > 2)
        result.warnings.push_back("mix converted to the separator's " + std::to_string(rate) +
                                  " Hz stereo and the stems back");
    // A stereo mix at the network's rate is read in place (a 60-minute song is 635 MB).
    const bool convert = mix.sampleRate != rate || mix.channels != 2;
    AudioBuffer converted;
    if (convert) converted = Resampler::convert(mix, rate, 2);
    const AudioBuffer& input = convert ? converted : mix;
    const std::int64_t frames = input.frameCount();
    const std::int64_t chunk = std::max<std::int64_t>(config.fftSize, std::llround(m_chunkSeconds * rate));
    const std::int64_t overlap = std::llround(m_overlapSeconds * rate);
    const std::int64_t hop = chunk - overlap;
    const std::int64_t chunks = frames <= chunk ? 1 : 1 + (frames - chunk + hop - 1) / hop;
    const auto stemCount = std::int64_t(config.stems.size());

    std::vector<AudioBuffer> accumulated(static_cast<std::size_t>(stemCount));
    for (AudioBuffer& b : accumulated) {
        b.sampleRate = rate;
        b.channels = 2;
        b.samples.assign(std::size_t(frames * 2), 0.0f);
    }
    c10::InferenceMode inferenceMode;
    progress.report("separate", 0);
    for (std::int64_t k = 0; k < chunks; ++k) {
        progress.checkCancelled();
        const std::int64_t start = k * hop;
        const std::int64_t length = std::min(chunk, frames - start);
        // [1, 2, length] from the interleaved input (a view, then a channel-first copy)
        const auto audio = torch::from_blob(const_cast<float*>(input.samples.data()) + start * 2, {length, 2}, torch::kFloat)
                               .t()
                               .contiguous()
                               .unsqueeze(0);
        // A chunk shorter than the FFT (a very short song) is zero-padded for the network.
        const std::int64_t padded = std::max<std::int64_t>(length, config.fftSize);
        const auto x = padded > length ? torch::constant_pad_nd(audio, {0, padded - length}) : audio;
        const auto spectrum = m_spectrum.forward(x);                                   // [1, 2, F, T]
        const auto masks = m_separator.network->forward(SeparatorSpectrum::features(spectrum)); // [1, T, S, F]
        // One stem at a time through the inverse STFT: the peak holds one stem's spectrum,
        // not five.
        for (std::int64_t s = 0; s < stemCount; ++s) {
            const auto mask = masks.select(2, s).transpose(1, 2).unsqueeze(1); // [1, 1, F, T]
            const auto stem = m_spectrum.inverse(mask * spectrum, padded).squeeze(0).narrow(1, 0, length).contiguous(); // [2, length]
            if (!torch::isfinite(stem).all().item<bool>()) throw Error(m_spec + ": the network produced NaN or infinite values");
            const auto out = stem.accessor<float, 2>();
            float* base = accumulated[std::size_t(s)].samples.data() + start * 2;
            for (std::int64_t i = 0; i < length; ++i) {
                // Linear cross-fade over the overlaps; the two weights at any sample sum to one.
                float w = 1.0f;
                if (k > 0 && i < overlap) w = float((double(i) + 0.5) / double(overlap));
                if (k + 1 < chunks && i >= hop) w = float((double(chunk - i) - 0.5) / double(overlap));
                base[2 * i] += w * out[0][i];
                base[2 * i + 1] += w * out[1][i];
            }
        }
        progress.report("separate", int(100 * (k + 1) / chunks));
    }
    for (std::int64_t s = 0; s < stemCount; ++s) {
        AudioBuffer& atModelRate = accumulated[std::size_t(s)];
        AudioBuffer stem = convert ? Resampler::convert(atModelRate, mix.sampleRate, mix.channels) : std::move(atModelRate);
        atModelRate = AudioBuffer{};
        stem.samples.resize(mix.samples.size(), 0.0f); // the resampler's ceil rounding: <= 1 frame
        result.names.push_back(config.stems[std::size_t(s)]);
        result.stems.push_back(std::move(stem));
    }
    // What the rate conversion could not carry (above the network's Nyquist frequency, the
    // resampler's transition band) and float rounding: the difference goes into "other"
    // (the last stem when there is none), so the stems sum to the mix.
    const int otherIndex = result.indexOf("other") >= 0 ? result.indexOf("other") : int(result.size()) - 1;
    double residualEnergy = 0.0, mixEnergy = 0.0;
    for (std::size_t i = 0; i < mix.samples.size(); ++i) {
        double sum = 0.0;
        for (const auto& stem : result.stems) sum += stem.samples[i];
        const double residual = double(mix.samples[i]) - sum;
        residualEnergy += residual * residual;
        mixEnergy += double(mix.samples[i]) * mix.samples[i];
        result.stems[std::size_t(otherIndex)].samples[i] += float(residual);
    }
    const double residualDb = 10.0 * std::log10((residualEnergy + 1e-20) / (mixEnergy + 1e-20));
    if (residualDb > -60.0)
        result.warnings.push_back(residualWarning(residualDb, result.names[std::size_t(otherIndex)]));
    return result;
}

} // namespace emotrace
