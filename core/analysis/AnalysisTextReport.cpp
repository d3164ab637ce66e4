#include "analysis/AnalysisTextReport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace emotrace {

namespace {

std::string format(const char* pattern, double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    return buffer;
}

std::string pad(std::string s, std::size_t width)
{
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

} // namespace

std::string formatAnalysisTable(const AnalysisResult& r)
{
    std::string out;
    out += "song      " + r.song.path + "\n";
    out += "          " + format("%.1f s", r.song.durationSeconds) + ", " + std::to_string(r.song.sampleRate) + " Hz, "
           + std::to_string(r.song.channels) + " ch, " + std::to_string(r.windows.size()) + " window(s) of "
           + format("%g s", r.settings.windowSeconds) + (r.windows.size() == 1 && r.windows[0].loopPadded ? " (loop-padded)" : "")
           + "\n";
    out += "model     " + r.model.name + " " + r.model.version + (r.model.trained ? "" : "  [UNTRAINED: predictions carry no meaning]")
           + "\n\n";

    for (std::size_t k = 0; k < r.targets.size(); ++k) out += pad(r.targets[k], 18) + format("%8.3f", r.emotions[k]) + "\n";
    const bool centred = std::any_of(r.effects.featureMeans.begin(), r.effects.featureMeans.end(), [](double m) { return m != 0.0; })
                         || std::any_of(r.effects.baseline.begin(), r.effects.baseline.end(), [](double b) { return b != 0.0; });
    auto featureMean = [&](std::size_t j) { return j < r.effects.featureMeans.size() ? r.effects.featureMeans[j] : 0.0; };
    auto baseline = [&](std::size_t k) { return k < r.effects.baseline.size() ? r.effects.baseline[k] : 0.0; };
    out += "\n";
    out += pad("mid-level feature", 18);
    out += pad("   value", 10);
    if (centred) out += pad("    mean", 10);
    for (const auto& t : r.targets) out += pad("  effect on " + t, 26);
    out += "\n";

    // features sorted by their largest relative share over the targets
    std::vector<std::size_t> order(r.features.size());
    std::iota(order.begin(), order.end(), 0);
    auto share = [&](std::size_t j) {
        double s = 0;
        for (const auto& row : r.effects.relative) s = std::max(s, std::fabs(row[j]));
        return s;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return share(a) > share(b); });
    for (std::size_t j : order) {
        out += pad(r.features[j], 18) + format("%8.3f  ", r.concepts[j]);
        if (centred) out += format("%8.3f  ", featureMean(j));
        for (std::size_t k = 0; k < r.targets.size(); ++k)
            out += pad(format("%+9.3f", r.effects.effects[k][j]) + format(" (%+6.1f %%)", 100.0 * r.effects.relative[k][j]), 26);
        out += "\n";
    }
    out += pad("baseline", 18) + pad("", centred ? 20 : 10);
    for (std::size_t k = 0; k < r.targets.size(); ++k) out += pad(format("%+9.3f", baseline(k)), 26);
    out += "\n";
    out += pad("baseline + effects", 18) + pad("", centred ? 20 : 10);
    for (std::size_t k = 0; k < r.targets.size(); ++k) out += pad(format("%+9.3f", r.effects.total(k)) + " = " + r.targets[k], 26);
    out += "\n";
    out += centred ? "(effect = weight x (value - mean); mean and baseline: the training labels' means)\n"
                   : "(this model has no baseline: effect = weight x value, measured from 0)\n";
    return out;
}

} // namespace emotrace
