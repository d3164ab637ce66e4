#include "dsp/FrameGrid.h"

#include <cmath>

#include "util/Error.h"

namespace emotrace {

FrameGrid::FrameGrid(double hop, std::int64_t samples) : m_hop(hop)
{
    if (!(hop > 0.0)) throw Error("FrameGrid: hop must be positive");
    if (samples < 0) throw Error("FrameGrid: negative signal length");
    m_count = static_cast<std::int64_t>(std::ceil(double(samples) / hop));
}

} // namespace emotrace
