#include "explain/LimeKernel.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/Error.h"

namespace emotrace {

double LimeKernel::cosineDistanceToOriginal(const std::vector<uint8_t>& z)
{
    if (z.empty()) throw Error("LimeKernel: empty mask");
    std::size_t kept = 0;
    for (auto v : z) kept += v ? 1 : 0;
    if (kept == 0) return 1.0;
    // The same steps as sklearn: divide each row by its L2 norm, then a dot product of k
    // equal terms, so the result agrees with it to the last bits, not only in exact math.
    const double zUnit = 1.0 / std::sqrt(double(kept));
    const double onesUnit = 1.0 / std::sqrt(double(z.size()));
    double similarity = 0.0;
    for (std::size_t i = 0; i < kept; ++i) similarity += zUnit * onesUnit;
    return std::clamp(1.0 - similarity, 0.0, 2.0);
}

double LimeKernel::weight(double distance, double width)
{
    if (!(width > 0.0) || !std::isfinite(width))
        throw Error("LimeKernel: the kernel width must be positive and finite (got " + std::to_string(width) + ")");
    return std::sqrt(std::exp(-(distance * distance) / (width * width)));
}

std::vector<double> LimeKernel::weights(const PerturbationSet& set, double width)
{
    std::vector<double> w;
    w.reserve(set.rows.size());
    for (const auto& row : set.rows) w.push_back(weight(cosineDistanceToOriginal(row), width));
    return w;
}

} // namespace emotrace
