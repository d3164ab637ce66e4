#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Whole-buffer levels and gains used by the production stages. All levels are linear
/// full-scale amplitudes over every sample of every channel; computed in double.
/// Runs on the calling thread.
class BufferLevels {
public:
    /// max |x| over all samples; 0 for an empty buffer.
    static double peak(const AudioBuffer& buffer);
    /// Σ x² over count values, in double (four interleaved partial sums, added in a fixed
    /// order: deterministic, and four times shorter a dependency chain).
    static double sumOfSquares(const float* x, std::size_t count);
    /// sqrt(mean x²) over all samples; 0 for an empty buffer.
    static double rms(const AudioBuffer& buffer);
    /// Multiplies every sample by gain (float arithmetic, in place).
    static void scale(AudioBuffer& buffer, double gain);
    /// 20·log10(amplitude), floored at -240 dB (so 0 gives -240, never -inf).
    static double toDb(double amplitude);
    /// 10^(dB/20).
    static double fromDb(double db);
};

} // namespace emotrace
