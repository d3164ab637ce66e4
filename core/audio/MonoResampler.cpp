#include "audio/MonoResampler.h"

#include <algorithm>
#include <array>
#include <cmath>
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

#include "util/Error.h"

namespace emotrace {

namespace {

struct SwrFreer {
    void operator()(SwrContext* p) const { swr_free(&p); }
};
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;

std::string avErrorText(int code)
{
    std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
    if (av_strerror(code, text.data(), text.size()) < 0) return "error " + std::to_string(code);
    return text.data();
}

[[noreturn]] void fail(const std::string& problem)
{
    throw Error("resampling to mono: " + problem);
}

/// FFmpeg logs to stderr by default (swr_init complains about a missing engine); core
/// reports through exceptions only.
void silenceFfmpegLog()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

/// A mono float32 resampler with the chosen engine, or null when swr_init refuses it
/// (a libswresample built without soxr refuses the soxr engine).
SwrPtr makeResampler(int sourceRate, int targetRate, bool soxr)
{
    silenceFfmpegLog();
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO; // FFmpeg 5.1's swr API takes non-const
    SwrContext* raw = nullptr;
    if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, targetRate, &mono, AV_SAMPLE_FMT_FLT, sourceRate, 0,
                            nullptr) < 0)
        return nullptr;
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

SwrPtr makeBestResampler(int sourceRate, int targetRate)
{
    if (auto swr = makeResampler(sourceRate, targetRate, true)) return swr;
    return makeResampler(sourceRate, targetRate, false);
}

/// Runs `input` through `swr` and drains it; appends to `output`.
void process(SwrContext* swr, const std::vector<float>& input, std::vector<float>& output)
{
    // Chunks bound the resampler's scratch memory; the result does not depend on them.
    constexpr std::size_t kChunk = 1 << 16;
    for (std::size_t start = 0;; start += kChunk) {
        const bool flushing = start >= input.size();
        const int count = flushing ? 0 : int(std::min(kChunk, input.size() - start));
        const int capacity = swr_get_out_samples(swr, count);
        if (capacity < 0) fail(avErrorText(capacity));
        const auto old = output.size();
        output.resize(old + std::size_t(capacity));
        auto* dst = reinterpret_cast<std::uint8_t*>(output.data() + old);
        const auto* src = flushing ? nullptr : reinterpret_cast<const std::uint8_t*>(input.data() + start);
        const int done = swr_convert(swr, &dst, capacity, flushing ? nullptr : &src, count);
        if (done < 0) fail(avErrorText(done));
        output.resize(old + std::size_t(done));
        if (flushing && done == 0) return;
    }
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
    std::vector<float> mono = channelMean(audio);
    if (mono.empty() || audio.sampleRate == targetRate) return mono;
    if (audio.sampleRate <= 0) fail("invalid source rate " + std::to_string(audio.sampleRate) + " Hz");

    SwrPtr swr = makeBestResampler(audio.sampleRate, targetRate);
    if (!swr)
        fail("cannot resample " + std::to_string(audio.sampleRate) + " Hz to " + std::to_string(targetRate) + " Hz");
    std::vector<float> out;
    out.reserve(std::size_t(outputLength(std::int64_t(mono.size()), audio.sampleRate, targetRate)) + 64);
    process(swr.get(), mono, out);
    // librosa's fix_length: zeros appended or the tail cut.
    out.resize(std::size_t(outputLength(std::int64_t(mono.size()), audio.sampleRate, targetRate)), 0.0f);
    return out;
}

const char* MonoResampler::engine()
{
    return makeResampler(44100, 22050, true) ? "soxr" : "swr";
}

} // namespace emotrace
