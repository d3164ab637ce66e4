#include "audio/Resampler.h"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <string>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>
}

#include "audio/MonoResampler.h"
#include "audio/FfmpegSupport.h"
#include "util/Error.h"

namespace emotrace {

namespace {

using SwrPtr = std::unique_ptr<SwrContext, ffmpeg::SwrFreer>;


[[noreturn]] void fail(const std::string& problem)
{
    throw Error("resampling: " + problem);
}


void validate(const AudioBuffer& audio)
{
    if (audio.channels <= 0) fail("audio has no channels");
    if (audio.samples.size() % std::size_t(audio.channels) != 0)
        fail("sample count " + std::to_string(audio.samples.size()) + " is not a multiple of " +
             std::to_string(audio.channels) + " channels");
}

/// An interleaved float32 resampler for `channels` channels with the same layout on both
/// sides (so swr does no rematrixing), or null when swr_init refuses the engine.
SwrPtr makeResampler(int channels, int sourceRate, int targetRate, bool soxr)
{
    ffmpeg::silenceLog();
    AVChannelLayout layout{};
    av_channel_layout_default(&layout, channels);
    SwrContext* raw = nullptr;
    const int rc0 = swr_alloc_set_opts2(&raw, &layout, AV_SAMPLE_FMT_FLT, targetRate, &layout, AV_SAMPLE_FMT_FLT,
                                        sourceRate, 0, nullptr);
    av_channel_layout_uninit(&layout);
    if (rc0 < 0) return nullptr;
    SwrPtr swr(raw);
    int rc = 0;
    if (soxr) {
        rc |= av_opt_set_int(swr.get(), "resampler", SWR_ENGINE_SOXR, 0);
        rc |= av_opt_set_double(swr.get(), "precision", MonoResampler::kSoxrPrecisionBits, 0);
    } else {
        rc |= av_opt_set_int(swr.get(), "resampler", SWR_ENGINE_SWR, 0);
        rc |= av_opt_set_int(swr.get(), "filter_size", MonoResampler::kSwrFilterSize, 0);
        rc |= av_opt_set_double(swr.get(), "cutoff", MonoResampler::kSwrCutoff, 0);
        rc |= av_opt_set_int(swr.get(), "filter_type", SWR_FILTER_TYPE_KAISER, 0);
    }
    if (rc < 0 || swr_init(swr.get()) < 0) return nullptr;
    return swr;
}

/// Resamples interleaved `audio` (validated, rates > 0) to targetRate, same channels.
AudioBuffer resampleRate(const AudioBuffer& audio, int targetRate)
{
    const int channels = audio.channels;
    SwrPtr swr = makeResampler(channels, audio.sampleRate, targetRate, true);
    if (!swr) swr = makeResampler(channels, audio.sampleRate, targetRate, false);
    if (!swr)
        fail("cannot resample " + std::to_string(audio.sampleRate) + " Hz to " + std::to_string(targetRate) + " Hz");

    const std::int64_t inFrames = audio.frameCount();
    const std::int64_t outFrames = MonoResampler::outputLength(inFrames, audio.sampleRate, targetRate);
    AudioBuffer out;
    out.sampleRate = targetRate;
    out.channels = channels;
    out.samples.reserve(std::size_t(outFrames + 64) * std::size_t(channels));
    // Chunks bound swr's scratch memory; the result does not depend on them.
    constexpr std::int64_t kChunkFrames = 1 << 15;
    for (std::int64_t start = 0;; start += kChunkFrames) {
        const bool flushing = start >= inFrames;
        const int count = flushing ? 0 : int(std::min(kChunkFrames, inFrames - start));
        const int capacity = swr_get_out_samples(swr.get(), count);
        if (capacity < 0) fail(ffmpeg::errorText(capacity));
        const std::size_t old = out.samples.size();
        out.samples.resize(old + std::size_t(capacity) * std::size_t(channels));
        auto* dst = reinterpret_cast<std::uint8_t*>(out.samples.data() + old);
        const auto* src =
            flushing ? nullptr
                     : reinterpret_cast<const std::uint8_t*>(audio.samples.data() + std::size_t(start * channels));
        const int done = swr_convert(swr.get(), &dst, capacity, flushing ? nullptr : &src, count);
        if (done < 0) fail(ffmpeg::errorText(done));
        out.samples.resize(old + std::size_t(done) * std::size_t(channels));
        if (flushing && done == 0) break;
    }
    out.samples.resize(std::size_t(outFrames) * std::size_t(channels), 0.0f);
    return out;
}

} // namespace

const char* Resampler::engine()
{
    return makeResampler(1, 44100, 22050, true) ? "soxr" : "swr";
}

AudioBuffer Resampler::remapChannels(const AudioBuffer& audio, int targetChannels)
{
    validate(audio);
    if (targetChannels <= 0) fail("invalid target channel count " + std::to_string(targetChannels));
    if (audio.channels == targetChannels) return audio;

    const auto inChannels = std::size_t(audio.channels);
    const auto outChannels = std::size_t(targetChannels);
    const auto frames = std::size_t(audio.frameCount());
    AudioBuffer out;
    out.sampleRate = audio.sampleRate;
    out.channels = targetChannels;
    out.samples.resize(frames * outChannels);
    const float count = float(inChannels);
    for (std::size_t i = 0; i < frames; ++i) {
        const float* in = audio.samples.data() + i * inChannels;
        float value = in[0];
        if (inChannels > 1) {
            // float32 sum in channel order, then one division: numpy's mean, as
            // MonoResampler::channelMean computes it.
            for (std::size_t c = 1; c < inChannels; ++c) value += in[c];
            value /= count;
        }
        std::fill_n(out.samples.data() + i * outChannels, outChannels, value);
    }
    return out;
}

AudioBuffer Resampler::convert(const AudioBuffer& audio, int targetRate, int targetChannels)
{
    validate(audio);
    if (targetRate <= 0) fail("invalid target rate " + std::to_string(targetRate) + " Hz");
    if (targetChannels <= 0) fail("invalid target channel count " + std::to_string(targetChannels));
    if (audio.sampleRate == targetRate) return remapChannels(audio, targetChannels);
    if (audio.sampleRate <= 0) fail("invalid source rate " + std::to_string(audio.sampleRate) + " Hz");

    if (audio.samples.empty()) {
        AudioBuffer empty;
        empty.sampleRate = targetRate;
        empty.channels = targetChannels;
        return empty;
    }
    if (audio.channels == targetChannels) return resampleRate(audio, targetRate);
    // Every other mapping passes through mono (see the header): resample one channel.
    const AudioBuffer mono = resampleRate(audio.channels == 1 ? audio : remapChannels(audio, 1), targetRate);
    return remapChannels(mono, targetChannels);
}

} // namespace emotrace
