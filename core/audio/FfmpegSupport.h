#pragma once

// Small helpers every FFmpeg user in core shares.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libswresample/swresample.h>
}

namespace emotrace::ffmpeg {

/// FFmpeg's text for an error code ("Invalid data found when processing input").
inline std::string errorText(int code)
{
    std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
    if (av_strerror(code, text.data(), text.size()) < 0) return "error " + std::to_string(code);
    return text.data();
}

/// FFmpeg logs to stderr by default; core reports through exceptions only. Sets the
/// process-wide log level once (the only global state core touches in FFmpeg).
inline void silenceLog()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

// RAII deleters for unique_ptr; each frees the object FFmpeg's way.
struct CodecFreer {
    void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct PacketFreer {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameFreer {
    void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct SwrFreer {
    void operator()(SwrContext* p) const { swr_free(&p); }
};

/// Owns an AVChannelLayout with the default order for a channel count (a custom-order
/// layout holds an allocated channel map).
class ChannelLayout {
public:
    explicit ChannelLayout(int channels) { av_channel_layout_default(&m_layout, channels); }
    ChannelLayout(const ChannelLayout&) = delete;
    ChannelLayout& operator=(const ChannelLayout&) = delete;
    ~ChannelLayout() { av_channel_layout_uninit(&m_layout); }
    const AVChannelLayout* get() const { return &m_layout; }

private:
    AVChannelLayout m_layout{};
};

/// Feeds `total` frames of audio to an open encoder: frames of the encoder's fixed size
/// (the last one shorter), or of `variableChunk` when the encoder takes any size. For each
/// AVFrame (format, rate and layout of the encoder, pts = first frame, time base 1/rate)
/// `fill(frame, first, count)` writes the samples and `send(frame)` hands it on; then
/// `send(nullptr)` drains the encoder. `fail(text)` must throw.
template <typename Fill, typename Send, typename Fail>
void feedEncoder(const AVCodecContext& codec, std::int64_t total, int variableChunk, Fill fill, Send send, Fail fail)
{
    const bool variable = (codec.codec->capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) || codec.frame_size <= 0;
    const int chunk = variable ? variableChunk : codec.frame_size;
    std::unique_ptr<AVFrame, FrameFreer> frame(av_frame_alloc());
    if (!frame) fail("out of memory");
    for (std::int64_t first = 0; first < total; first += chunk) {
        const int count = int(std::min<std::int64_t>(chunk, total - first));
        av_frame_unref(frame.get()); // the encoder may still reference the last buffer
        frame->nb_samples = count;
        frame->format = codec.sample_fmt;
        frame->sample_rate = codec.sample_rate;
        int rc = av_channel_layout_copy(&frame->ch_layout, &codec.ch_layout);
        if (rc >= 0) rc = av_frame_get_buffer(frame.get(), 0);
        if (rc < 0) fail("out of memory (" + errorText(rc) + ")");
        fill(*frame, first, count);
        frame->pts = first;
        send(frame.get());
    }
    send(nullptr);
}

} // namespace emotrace::ffmpeg
