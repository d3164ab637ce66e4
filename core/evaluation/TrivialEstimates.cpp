#include "evaluation/TrivialEstimates.h"

#include <algorithm>
#include <cmath>

#include "util/Error.h"

namespace emotrace {

namespace {
constexpr double kEpsilon = 1e-9; // as SeparationQuality::sdr

double sdrDb(double signal, double error)
{
    return 10.0 * std::log10((signal + kEpsilon) / (error + kEpsilon));
}
} // namespace

double TrivialEstimates::best() const
{
    return std::max({halfMixSdrDb, bestGainSdrDb, silenceSdrDb});
}

TrivialEstimates TrivialEstimates::of(const AudioBuffer& reference, const AudioBuffer& mix)
{
    if (reference.channels != mix.channels || reference.samples.size() != mix.samples.size())
        throw Error("trivial estimates: reference and mix differ in channels or length");
    double signal = 0.0, cross = 0.0, mixEnergy = 0.0;
    for (std::size_t i = 0; i < mix.samples.size(); ++i) {
        const double s = reference.samples[i], x = mix.samples[i];
        signal += s * s;
        cross += s * x;
        mixEnergy += x * x;
    }
    TrivialEstimates t;
    t.bestGain = mixEnergy > 0.0 ? cross / mixEnergy : 0.0;
    // the errors summed sample by sample, not by expanding the square, so that an
    // estimate equal to the reference gives exactly 0
    double halfError = 0.0, gainError = 0.0;
    for (std::size_t i = 0; i < mix.samples.size(); ++i) {
        const double s = reference.samples[i], x = mix.samples[i];
        halfError += (s - 0.5 * x) * (s - 0.5 * x);
        gainError += (s - t.bestGain * x) * (s - t.bestGain * x);
    }
    t.halfMixSdrDb = sdrDb(signal, halfError);
    t.bestGainSdrDb = sdrDb(signal, gainError);
    t.silenceSdrDb = sdrDb(signal, signal);
    return t;
}

} // namespace emotrace
