#pragma once

#include <cstdint>
#include <vector>

namespace emotrace {

/// Where the fixed-length model windows lie on a song's spectrogram (frame indices).
/// Windows start every hopFrames; when the last one stops short of the end, one more is
/// aligned to the end so that every frame is seen. A song shorter than one window gets a
/// single window that is loop-padded (the spectrogram repeated from its start, as the
/// reference's slice_func(padding='loop') does). A value type.
struct WindowPlan {
    std::int64_t windowFrames = 0;
    std::int64_t hopFrames = 0;
    std::vector<std::int64_t> starts;
    bool loopPadded = false;

    /// Throws emotrace::Error for non-positive lengths or an empty song.
    static WindowPlan make(std::int64_t totalFrames, std::int64_t windowFrames, std::int64_t hopFrames);

    /// Seconds to frames as the reference's times_to_frames does it:
    /// floor(seconds * sampleRate / floor(sampleRate / fps)); 40 s -> 1252 frames.
    static std::int64_t secondsToFrames(double seconds, int sampleRate, double fps);
};

} // namespace emotrace
