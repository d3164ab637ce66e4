#include "explain/ExplanationTextReport.h"

#include <cstdio>

namespace emotrace {

std::string formatExplanationTable(const SourceExplanation& e)
{
    auto line = [](const char* pattern, auto... values) {
        char buffer[512];
        std::snprintf(buffer, sizeof buffer, pattern, values...);
        return std::string(buffer);
    };
    std::string out;
    out += "song      " + e.song.path + "\n";
    out += line("excerpt   %.1f-%.1f s of %.1f s, %d segment(s) per stem\n", e.excerptStartSeconds, e.excerptEndSeconds,
                e.song.durationSeconds, e.segments);
    out += "stems     " + e.separator + ":";
    for (const auto& s : e.stems) out += " " + s;
    out += "\n";
    for (const auto& w : e.separatorWarnings) out += "warning   " + w + "\n";
    out += "model     " + e.model.name + " " + e.model.version + (e.model.trained ? "" : "  [UNTRAINED: predictions carry no meaning]") + "\n";
    const auto& p = e.explanation.perturbations;
    out += line("mixes     %zu (%s), audioLIME: cosine kernel, ridge with intercept\n\n", p.rows.size(),
                p.exhaustive ? "every subset: Shapley values exact"
                : p.sampler == PerturbationSet::Sampler::AudioLime ? "sampled as audioLIME: each stem kept with p = 1/2"
                                                                   : "sampled as LIME's text explainer");
    out += line("%-18s %10s %6s   %s\n", "target", "prediction", "R^2", "sources by audioLIME weight (Shapley value)");
    for (std::size_t t = 0; t < e.targets.size(); ++t) {
        const ComponentExplanation& c = e.explanation.targets[t];
        std::string row = line("%-18s %10.3f %6.2f  ", e.targets[t].c_str(), c.prediction, c.r2);
        for (int i : c.ranking) {
            row += line(" %s %+.3f", e.components[std::size_t(i)].c_str(), c.weights[std::size_t(i)]);
            if (!c.shapley.empty()) row += line(" (%+.3f)", c.shapley[std::size_t(i)]);
        }
        out += row + "\n";
    }
    return out;
}

} // namespace emotrace
