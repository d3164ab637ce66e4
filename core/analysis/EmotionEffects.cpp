#include "analysis/EmotionEffects.h"

#include <cmath>

#include "util/Error.h"

namespace emotrace {

double EmotionEffects::total(std::size_t target) const
{
    double sum = target < baseline.size() ? baseline[target] : 0.0;
    if (target < effects.size())
        for (double e : effects[target]) sum += e;
    return sum;
}

EmotionEffects EmotionEffects::compute(const std::vector<std::vector<double>>& weights, const std::vector<double>& concepts,
                                       const EmotionBaseline& baseline)
{
    if (!baseline.empty() && (baseline.featureMeans.size() != concepts.size() || baseline.emotionMeans.size() != weights.size()))
        throw Error("effects: baseline has " + std::to_string(baseline.featureMeans.size()) + " feature and "
                    + std::to_string(baseline.emotionMeans.size()) + " emotion means for " + std::to_string(concepts.size())
                    + " features and " + std::to_string(weights.size()) + " targets");
    EmotionEffects out;
    for (std::size_t j = 0; j < concepts.size(); ++j) out.featureMeans.push_back(baseline.featureMean(j));
    for (std::size_t k = 0; k < weights.size(); ++k) {
        const auto& row = weights[k];
        if (row.size() != concepts.size())
            throw Error("effects: weight row has " + std::to_string(row.size()) + " entries for " + std::to_string(concepts.size())
                        + " features");
        std::vector<double> e(row.size()), r(row.size(), 0.0);
        double total = 0.0;
        for (std::size_t j = 0; j < row.size(); ++j) {
            e[j] = row[j] * (concepts[j] - out.featureMeans[j]);
            total += std::fabs(e[j]);
        }
        if (total > 0.0)
            for (std::size_t j = 0; j < row.size(); ++j) r[j] = e[j] / total;
        out.effects.push_back(std::move(e));
        out.relative.push_back(std::move(r));
        out.baseline.push_back(baseline.emotionMean(k));
    }
    return out;
}

} // namespace emotrace
