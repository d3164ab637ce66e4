#pragma once

#include <cstdint>
#include <vector>

namespace emotrace {

/// madmom's framing with origin 'future' and end 'normal': frame i starts at sample
/// (long)(i * hop) (the product in double, truncated, never an accumulated sum), covers
/// frameSize samples to its right, and frames continue while their start lies inside the
/// signal: count = ceil(samples / hop). Samples past the end read as zero.
class FrameGrid {
public:
    /// hop: samples (fractional); samples: signal length after trimming.
    FrameGrid(double hop, std::int64_t samples);

    std::int64_t frameCount() const { return m_count; }
    std::int64_t frameStart(std::int64_t frame) const { return static_cast<std::int64_t>(double(frame) * m_hop); }
    double hop() const { return m_hop; }

private:
    double m_hop;
    std::int64_t m_count;
};

} // namespace emotrace
