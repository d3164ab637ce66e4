#pragma once

#include <cstdint>
#include <vector>

namespace emotrace {

/// A log-filtered magnitude spectrogram: bands x frames, row-major (all frames of band 0
/// first), float32, values log10(1 + x) >= 0. Frame rate: FrontEndParameters::framesPerSecond.
struct Spectrogram {
    int bands = 0;
    std::int64_t frames = 0;
    std::vector<float> values; ///< [bands, frames]

    float at(int band, std::int64_t frame) const { return values[std::size_t(band) * std::size_t(frames) + std::size_t(frame)]; }
    bool empty() const { return frames == 0; }
};

} // namespace emotrace
