#pragma once

#include <utility>
#include <vector>

#include "audio/AudioBuffer.h"

namespace emotrace::ui {

/// A song's waveform overview: per bucket of equal length, the smallest and largest
/// sample over all channels. Computed once per song on the analysis worker thread (a
/// 4-min song takes ~20 ms, too long for the GUI thread) and drawn by WaveformView.
/// A value type; thread: any.
struct WaveformEnvelope {
    static constexpr int kBuckets = 2000;

    std::vector<std::pair<float, float>> minMax; ///< [buckets] of (min, max); empty for no audio
    double durationSeconds = 0.0;

    /// O(samples).
    static WaveformEnvelope of(const emotrace::AudioBuffer& audio, int buckets = kBuckets);
};

} // namespace emotrace::ui
