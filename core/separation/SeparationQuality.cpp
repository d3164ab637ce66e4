#include "separation/SeparationQuality.h"

#include <cmath>

#include "util/Error.h"

namespace emotrace {

double SeparationQuality::sdr(const AudioBuffer& reference, const AudioBuffer& estimate)
{
    if (reference.channels != estimate.channels || reference.samples.size() != estimate.samples.size())
        throw Error("SDR: reference and estimate differ in channels or length");
    double signal = 0.0, error = 0.0;
    for (std::size_t i = 0; i < reference.samples.size(); ++i) {
        const double s = reference.samples[i], e = estimate.samples[i];
        signal += s * s;
        error += (s - e) * (s - e);
    }
    constexpr double eps = 1e-9;
    return 10.0 * std::log10((signal + eps) / (error + eps));
}

} // namespace emotrace
