#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace emotrace {

/// Decoded audio: float32 samples interleaved [frames, channels], at the file's native rate.
/// Full scale is [-1, 1] (integer PCM divided by 2^(bits-1), as FFmpeg and soundfile do).
/// A plain value; safe to read from several threads at once.
struct AudioBuffer {
    int sampleRate = 0;         ///< Hz
    int channels = 0;
    std::vector<float> samples; ///< interleaved, frameCount() * channels values

    /// Samples per channel.
    std::int64_t frameCount() const
    {
        return channels > 0 ? std::int64_t(samples.size()) / channels : 0;
    }

    /// Seconds; 0 when the rate is unknown.
    double durationSeconds() const
    {
        return sampleRate > 0 ? double(frameCount()) / sampleRate : 0.0;
    }

    /// True when every sample is exactly zero (or there are none). Silence decodes fine (a
    /// silent stem is valid); callers that cannot use it reject it themselves.
    bool isSilent() const
    {
        return std::all_of(samples.begin(), samples.end(), [](float s) { return s == 0.0f; });
    }
};

} // namespace emotrace
