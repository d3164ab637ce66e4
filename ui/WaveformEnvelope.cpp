#include "WaveformEnvelope.h"

#include <algorithm>

namespace emotrace::ui {

WaveformEnvelope WaveformEnvelope::of(const AudioBuffer& audio, int buckets)
{
    WaveformEnvelope e;
    e.durationSeconds = audio.durationSeconds();
    e.minMax.assign(std::size_t(std::max(1, buckets)), {0.0f, 0.0f});
    const std::int64_t frames = audio.frameCount();
    const std::int64_t n = std::int64_t(e.minMax.size());
    if (frames <= 0) return e;
    for (std::int64_t b = 0; b < n; ++b) {
        const std::int64_t from = frames * b / n;
        const std::int64_t to = std::max(from + 1, frames * (b + 1) / n);
        float lo = 0.0f, hi = 0.0f;
        for (std::int64_t i = from * audio.channels; i < std::min(to, frames) * audio.channels; ++i) {
            lo = std::min(lo, audio.samples[std::size_t(i)]);
            hi = std::max(hi, audio.samples[std::size_t(i)]);
        }
        e.minMax[std::size_t(b)] = {lo, hi};
    }
    return e;
}

} // namespace emotrace::ui
