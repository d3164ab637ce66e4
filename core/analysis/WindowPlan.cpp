#include "analysis/WindowPlan.h"

#include <cmath>

#include "util/Error.h"

namespace emotrace {

WindowPlan WindowPlan::make(std::int64_t totalFrames, std::int64_t windowFrames, std::int64_t hopFrames)
{
    if (windowFrames < 1) throw Error("analysis: window length must be at least one frame");
    if (hopFrames < 1) throw Error("analysis: hop must be at least one frame");
    if (totalFrames < 1) throw Error("analysis: the song has no spectrogram frames");
    WindowPlan plan;
    plan.windowFrames = windowFrames;
    plan.hopFrames = hopFrames;
    if (totalFrames <= windowFrames) {
        plan.starts = {0};
        plan.loopPadded = totalFrames < windowFrames;
        return plan;
    }
    for (std::int64_t s = 0; s + windowFrames <= totalFrames; s += hopFrames) plan.starts.push_back(s);
    if (plan.starts.back() + windowFrames < totalFrames) plan.starts.push_back(totalFrames - windowFrames);
    return plan;
}

std::int64_t WindowPlan::secondsToFrames(double seconds, int sampleRate, double fps)
{
    const double integerHop = std::floor(double(sampleRate) / fps);
    return static_cast<std::int64_t>(std::floor(seconds * double(sampleRate) / integerHop));
}

} // namespace emotrace
