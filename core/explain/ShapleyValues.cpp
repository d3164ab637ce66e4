#include "explain/ShapleyValues.h"

#include <bit>
#include <cstdint>
#include <string>

#include "util/Error.h"

namespace emotrace {

namespace {

[[noreturn]] void fail(const std::string& what) { throw Error("ShapleyValues: " + what); }

} // namespace

std::vector<std::vector<double>> ShapleyValues::compute(const PerturbationSet& set, const std::vector<std::vector<double>>& predictions)
{
    const int n = set.components;
    if (!set.exhaustive) fail("needs the exhaustive set of all 2^n perturbations, got a sampled one");
    if (n < 1 || n > PerturbationSet::maxExhaustiveComponents) fail("unsupported component count " + std::to_string(n));
    const std::size_t count = std::size_t(1) << n;
    if (set.rows.size() != count) fail(std::to_string(set.rows.size()) + " rows for " + std::to_string(n) + " components, expected " + std::to_string(count));
    if (predictions.size() != count) fail(std::to_string(predictions.size()) + " predictions for " + std::to_string(count) + " perturbations");
    const std::size_t targets = predictions[0].size();
    if (targets == 0) fail("no targets");

    // Index the rows by mask (bit i = component i kept), so any row order works.
    std::vector<int> rowOf(count, -1);
    for (std::size_t r = 0; r < count; ++r) {
        const auto& row = set.rows[r];
        if (row.size() != std::size_t(n)) fail("row " + std::to_string(r) + " has " + std::to_string(row.size()) + " components");
        if (predictions[r].size() != targets) fail("prediction " + std::to_string(r) + " has " + std::to_string(predictions[r].size()) + " targets, expected " + std::to_string(targets));
        uint32_t mask = 0;
        for (int i = 0; i < n; ++i)
            if (row[std::size_t(i)]) mask |= uint32_t(1) << i;
        if (rowOf[mask] >= 0) fail("perturbation " + PerturbationSet::format(row) + " occurs twice (rows " + std::to_string(rowOf[mask]) + " and " + std::to_string(r) + ")");
        rowOf[mask] = int(r);
    }

    // Sum the marginal contributions per (component, |S|) first and weight each group
    // once: fewer roundings, so an additive f gives its terms to the last bits or so.
    const auto nn = std::size_t(n);
    std::vector<double> groups(nn * nn * targets, 0.0); // [component][|S|][target]
    for (uint32_t s = 0; s < count; ++s) {
        const auto size = std::size_t(std::popcount(s));
        const auto& without = predictions[std::size_t(rowOf[s])];
        for (int i = 0; i < n; ++i) {
            const uint32_t bit = uint32_t(1) << i;
            if (s & bit) continue;
            const auto& with = predictions[std::size_t(rowOf[s | bit])];
            double* g = &groups[(std::size_t(i) * nn + size) * targets];
            for (std::size_t t = 0; t < targets; ++t) g[t] += with[t] - without[t];
        }
    }
    // |S|! (n-|S|-1)! / n! = 1 / (n * C(n-1, |S|)); C exact in double for n <= 20.
    std::vector<double> weight(nn);
    double binomial = 1.0;
    for (std::size_t s = 0; s < nn; ++s) {
        weight[s] = 1.0 / (double(n) * binomial);
        binomial = binomial * double(nn - 1 - s) / double(s + 1);
    }
    std::vector<std::vector<double>> phi(targets, std::vector<double>(nn, 0.0));
    for (std::size_t i = 0; i < nn; ++i)
        for (std::size_t s = 0; s < nn; ++s)
            for (std::size_t t = 0; t < targets; ++t) phi[t][i] += weight[s] * groups[(i * nn + s) * targets + t];
    return phi;
}

} // namespace emotrace
