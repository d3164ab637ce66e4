#pragma once

// Small helpers every FFmpeg user in core shares.

#include <array>
#include <mutex>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
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

} // namespace emotrace::ffmpeg
