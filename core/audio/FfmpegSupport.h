#pragma once

// Small helpers every FFmpeg user in core shares.

#include <array>
#include <mutex>
#include <string>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
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

} // namespace emotrace::ffmpeg
