#include "evaluation/RankStatistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace emotrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double pearson(std::span<const double> a, std::span<const double> b)
{
    const double ma = RankStatistics::mean(a), mb = RankStatistics::mean(b);
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    if (saa <= 0.0 || sbb <= 0.0) return kNaN;
    return sab / std::sqrt(saa * sbb);
}

} // namespace

std::vector<double> RankStatistics::ranks(std::span<const double> values)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> result(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i + 1;
        while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
        const double shared = 0.5 * double(i + 1 + j); // mean of ranks i+1 .. j
        for (std::size_t k = i; k < j; ++k) result[order[k]] = shared;
        i = j;
    }
    return result;
}

double RankStatistics::spearman(std::span<const double> x, std::span<const double> y)
{
    if (x.size() != y.size() || x.size() < 3) return kNaN;
    const auto rx = ranks(x), ry = ranks(y);
    return pearson(rx, ry);
}

RankStatistics::Interval RankStatistics::bootstrapSpearman(std::span<const double> x, std::span<const double> y, int replicates,
                                                           std::uint64_t seed, double level)
{
    if (x.size() != y.size() || x.size() < 3 || replicates < 1) return {kNaN, kNaN};
    std::mt19937_64 rng(seed);
    const std::size_t n = x.size();
    std::vector<double> bx(n), by(n), rhos;
    rhos.reserve(std::size_t(replicates));
    for (int r = 0; r < replicates; ++r) {
        // rng() % n, not uniform_int_distribution: the latter differs between standard libraries
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = std::size_t(rng() % n);
            bx[i] = x[k];
            by[i] = y[k];
        }
        const double rho = spearman(bx, by);
        if (std::isfinite(rho)) rhos.push_back(rho);
    }
    if (rhos.empty()) return {kNaN, kNaN};
    std::sort(rhos.begin(), rhos.end());
    const auto quantile = [&](double q) {
        // linear interpolation between order statistics (numpy's default)
        const double pos = q * double(rhos.size() - 1);
        const std::size_t lo = std::size_t(std::floor(pos));
        const std::size_t hi = std::min(rhos.size() - 1, lo + 1);
        return rhos[lo] + (pos - double(lo)) * (rhos[hi] - rhos[lo]);
    };
    const double tail = 0.5 * (1.0 - level);
    return {quantile(tail), quantile(1.0 - tail)};
}

double RankStatistics::auc(std::span<const double> scores, const std::vector<bool>& positive)
{
    if (scores.size() != positive.size()) return kNaN;
    double wins = 0.0;
    std::size_t pos = 0, neg = 0;
    for (std::size_t i = 0; i < scores.size(); ++i) (positive[i] ? pos : neg) += 1;
    if (pos == 0 || neg == 0) return kNaN;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!positive[i]) continue;
        for (std::size_t j = 0; j < scores.size(); ++j) {
            if (positive[j]) continue;
            if (scores[i] > scores[j]) wins += 1.0;
            else if (scores[i] == scores[j]) wins += 0.5;
        }
    }
    return wins / (double(pos) * double(neg));
}

double RankStatistics::mean(std::span<const double> values)
{
    if (values.empty()) return kNaN;
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

double RankStatistics::standardDeviation(std::span<const double> values)
{
    if (values.size() < 2) return kNaN;
    const double m = mean(values);
    double s = 0.0;
    for (double v : values) s += (v - m) * (v - m);
    return std::sqrt(s / double(values.size() - 1));
}

} // namespace emotrace
