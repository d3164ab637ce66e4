#include "analysis/EmotionEffects.h"

#include <cmath>

#include "util/Error.h"

namespace emotrace {

EmotionEffects EmotionEffects::compute(const std::vector<std::vector<double>>& weights, const std::vector<double>& concepts)
{
    EmotionEffects out;
    for (const auto& row : weights) {
        if (row.size() != concepts.size())
            throw Error("effects: weight row has " + std::to_string(row.size()) + " entries for " + std::to_string(concepts.size())
                        + " features");
        std::vector<double> e(row.size()), r(row.size(), 0.0);
        double total = 0.0;
        for (std::size_t j = 0; j < row.size(); ++j) {
            e[j] = row[j] * concepts[j];
            total += std::fabs(e[j]);
        }
        if (total > 0.0)
            for (std::size_t j = 0; j < row.size(); ++j) r[j] = e[j] / total;
        out.effects.push_back(std::move(e));
        out.relative.push_back(std::move(r));
    }
    return out;
}

} // namespace emotrace
