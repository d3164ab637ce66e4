#include "audio/MonoResampler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>

#include "audio/Resampler.h"
#include "util/Error.h"

namespace emotrace {

namespace {

[[noreturn]] void fail(const std::string& problem)
{
    throw Error("resampling to mono: " + problem);
}

} // namespace

std::vector<float> MonoResampler::channelMean(const AudioBuffer& audio)
{
    if (audio.samples.empty()) return {};
    if (audio.channels <= 0) fail("audio has no channels");
    if (audio.samples.size() % std::size_t(audio.channels) != 0)
        fail("sample count " + std::to_string(audio.samples.size()) + " is not a multiple of " +
             std::to_string(audio.channels) + " channels");
    const auto channels = std::size_t(audio.channels);
    const auto frames = audio.samples.size() / channels;
    if (channels == 1) return audio.samples;
    std::vector<float> mono(frames);
    // float32 sum in channel order, then a float32 division: numpy's mean over axis 0.
    const float count = float(channels);
    for (std::size_t i = 0; i < frames; ++i) {
        const float* frame = audio.samples.data() + i * channels;
        float sum = frame[0];
        for (std::size_t c = 1; c < channels; ++c) sum += frame[c];
        mono[i] = sum / count;
    }
    return mono;
}

std::int64_t MonoResampler::outputLength(std::int64_t frames, int sourceRate, int targetRate)
{
    if (sourceRate == targetRate) return frames;
    const double ratio = double(targetRate) / double(sourceRate);
    return std::int64_t(std::ceil(double(frames) * ratio));
}

std::vector<float> MonoResampler::toMono(const AudioBuffer& audio, int targetRate)
{
    if (targetRate <= 0) fail("invalid target rate " + std::to_string(targetRate) + " Hz");
    AudioBuffer mono;
    mono.sampleRate = audio.sampleRate;
    mono.channels = 1;
    mono.samples = channelMean(audio);
    if (mono.samples.empty() || audio.sampleRate == targetRate) return std::move(mono.samples);
    if (audio.sampleRate <= 0) fail("invalid source rate " + std::to_string(audio.sampleRate) + " Hz");
    return std::move(Resampler::convert(mono, targetRate, 1).samples);
}

const char* MonoResampler::engine()
{
    return Resampler::engine();
}

} // namespace emotrace
