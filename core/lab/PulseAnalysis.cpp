#include "lab/PulseAnalysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <utility>

#include "lab/UnitInterval.h"

namespace emotrace {

namespace {

constexpr double kRate = PulseAnalysis::kEnvelopeRate;

/// Gaussian-smoothed onset envelope at kRate; each merged onset adds sqrt(its velocity
/// mass) split linearly between its two neighbouring bins, so the envelope moves
/// continuously with onset times (a MIDI round trip changes nothing).
std::vector<double> onsetEnvelope(const ScoreNotes& notes, std::size_t bins)
{
    const auto& onsets = notes.onsets();
    std::vector<double> raw(bins, 0.0);
    for (std::size_t i = 0; i < onsets.size(); ++i) {
        const double x = std::max(0.0, onsets[i]) * kRate;
        const auto k = std::size_t(x);
        const double f = x - double(k);
        const double w = std::sqrt(notes.onsetMass()[i]);
        if (k < bins) raw[k] += (1.0 - f) * w;
        if (k + 1 < bins) raw[k + 1] += f * w;
    }
    constexpr int radius = 6; // 3 sigma of 2 bins (20 ms): tolerates human timing jitter
    std::array<double, 2 * radius + 1> kernel{};
    for (int d = -radius; d <= radius; ++d) kernel[std::size_t(d + radius)] = std::exp(-0.5 * (d / 2.0) * (d / 2.0));
    std::vector<double> env(bins, 0.0);
    for (std::size_t k = 0; k < bins; ++k) {
        if (raw[k] == 0.0) continue;
        for (int d = -radius; d <= radius; ++d) {
            const auto j = std::int64_t(k) + d;
            if (j >= 0 && j < std::int64_t(bins)) env[std::size_t(j)] += raw[k] * kernel[std::size_t(d + radius)];
        }
    }
    return env;
}

/// Normalised autocorrelation of a mean-removed signal: unbiased lag product over the
/// zero-lag power, so a strictly periodic envelope gives 1 at its period.
class Autocorrelation {
public:
    explicit Autocorrelation(std::vector<double> x) : m_x(std::move(x))
    {
        const double mean = m_x.empty() ? 0.0 : std::accumulate(m_x.begin(), m_x.end(), 0.0) / double(m_x.size());
        for (auto& v : m_x) v -= mean;
        for (double v : m_x) m_power += v * v;
        m_power /= std::max<std::size_t>(1, m_x.size());
    }
    double operator()(std::int64_t lag) const
    {
        if (lag <= 0 || m_power <= 0.0 || std::size_t(lag) * 2 > m_x.size()) return 0.0;
        const std::size_t n = m_x.size() - std::size_t(lag);
        double s = 0.0;
        for (std::size_t k = 0; k < n; ++k) s += m_x[k] * m_x[k + std::size_t(lag)];
        return s / double(n) / m_power;
    }

private:
    std::vector<double> m_x;
    double m_power = 0.0;
};

/// Dynamic-programming beat tracker (Ellis 2007): beats on strong envelope values with
/// inter-beat intervals close to the period; cost 100 * ln(interval / period)^2.
std::vector<double> trackBeats(const std::vector<double>& env, double periodBins, std::size_t firstBin, std::size_t lastBin)
{
    const std::size_t n = std::min(env.size(), lastBin + 1);
    if (n <= firstBin + 1) return {};
    double mean = 0.0, var = 0.0;
    for (std::size_t k = firstBin; k < n; ++k) mean += env[k];
    mean /= double(n - firstBin);
    for (std::size_t k = firstBin; k < n; ++k) var += (env[k] - mean) * (env[k] - mean);
    const double sd = std::sqrt(var / double(n - firstBin));
    if (!(sd > 0.0)) return {};
    const auto lo = std::max<std::int64_t>(1, std::llround(periodBins / 2.0));
    const auto hi = std::max<std::int64_t>(lo, std::llround(periodBins * 2.0));
    std::vector<double> penalty(std::size_t(hi + 1), 0.0);
    for (std::int64_t d = lo; d <= hi; ++d) {
        const double l = std::log(double(d) / periodBins);
        penalty[std::size_t(d)] = 100.0 * l * l;
    }
    std::vector<double> score(n, 0.0);
    std::vector<std::int64_t> back(n, -1);
    for (std::size_t t = firstBin; t < n; ++t) {
        double best = 0.0;
        std::int64_t arg = -1;
        for (std::int64_t d = lo; d <= hi; ++d) {
            const std::int64_t tau = std::int64_t(t) - d;
            if (tau < std::int64_t(firstBin)) break;
            const double s = score[std::size_t(tau)] - penalty[std::size_t(d)];
            if (s > best) {
                best = s;
                arg = tau;
            }
        }
        score[t] = env[t] / sd + best;
        back[t] = arg;
    }
    // the last beat: best cumulative score within one period of the last onset
    const auto from = std::size_t(std::max<std::int64_t>(std::int64_t(firstBin), std::int64_t(n) - 1 - std::llround(periodBins)));
    std::size_t lastBeat = from;
    for (std::size_t t = from; t < n; ++t)
        if (score[t] > score[lastBeat]) lastBeat = t;
    std::vector<double> beats;
    for (std::int64_t t = std::int64_t(lastBeat); t >= 0; t = back[std::size_t(t)]) beats.push_back(double(t) / kRate);
    std::reverse(beats.begin(), beats.end());
    return beats;
}

} // namespace

PulseAnalysis::PulseAnalysis(const ScoreNotes& notes)
{
    const auto& onsets = notes.onsets();
    if (onsets.size() < 4) return;
    const double lastOnset = onsets.back();
    const auto bins = std::size_t(std::ceil(std::max(0.0, lastOnset) * kRate)) + 8;
    const auto env = onsetEnvelope(notes, bins);
    const Autocorrelation acf(env);
    // beat period: the autocorrelation peak between 0.25 s (240 bpm) and 1.5 s (40 bpm),
    // weighted by a log-Gaussian tempo preference around 120 bpm (sigma one octave)
    // that picks the beat level among metrical levels.
    const std::int64_t minLag = 25;
    const std::int64_t maxLag = std::min<std::int64_t>(150, std::int64_t(bins / 2));
    if (maxLag < minLag) return;
    std::vector<double> rs(std::size_t(maxLag + 2), 0.0);
    for (std::int64_t lag = minLag - 1; lag <= maxLag + 1; ++lag) rs[std::size_t(std::min(lag, maxLag + 1))] = acf(lag);
    double bestScore = 0.0;
    std::int64_t best = -1;
    for (std::int64_t lag = minLag; lag <= maxLag; ++lag) {
        const double octaves = std::log2(double(lag) / 50.0);
        const double s = rs[std::size_t(lag)] * std::exp(-0.5 * octaves * octaves);
        if (s > bestScore) {
            bestScore = s;
            best = lag;
        }
    }
    if (best < 0) return;
    // parabolic interpolation of the peak: a period between bins
    double period = double(best);
    {
        const double a = rs[std::size_t(best - 1)], b = rs[std::size_t(best)], c = rs[std::size_t(best + 1)];
        const double den = a - 2.0 * b + c;
        if (den < 0.0) period += std::clamp(0.5 * (a - c) / den, -0.5, 0.5);
    }
    // clarity: the beat must hold over a bar, so average the peak at 1..4 periods
    double sum = 0.0;
    int count = 0;
    for (int m = 1; m <= 4; ++m) {
        const auto centre = std::llround(m * period);
        if (centre * 2 > std::int64_t(bins)) break;
        double peak = -1.0;
        for (std::int64_t d = -m; d <= m; ++d) peak = std::max(peak, acf(centre + d));
        sum += peak;
        ++count;
    }
    m_valid = true;
    m_period = period / kRate;
    m_clarity = clamp01(count > 0 ? sum / count : 0.0);

    const auto firstBin = std::size_t(std::max(0.0, notes.first()) * kRate);
    m_beats = trackBeats(env, period, firstBin, std::size_t(std::max(0.0, lastOnset) * kRate) + 3);
    // snap beats onto real onsets within 40 ms (the tracker works on 10 ms bins)
    const double tol = std::max(0.05, 0.1 * m_period);
    std::size_t supported = 0;
    for (auto& b : m_beats) {
        const auto it = std::lower_bound(onsets.begin(), onsets.end(), b);
        double nearest = 1e9;
        if (it != onsets.end()) nearest = *it;
        if (it != onsets.begin() && std::fabs(*std::prev(it) - b) < std::fabs(nearest - b)) nearest = *std::prev(it);
        if (std::fabs(nearest - b) <= tol) {
            ++supported;
            if (std::fabs(nearest - b) <= 0.04) b = nearest;
        }
    }
    m_support = m_beats.empty() ? 0.0 : double(supported) / double(m_beats.size());
    if (m_beats.size() >= 3) {
        std::vector<double> logs;
        for (std::size_t i = 1; i < m_beats.size(); ++i) logs.push_back(std::log(std::max(1e-3, m_beats[i] - m_beats[i - 1])));
        double jitter = 0.0;
        for (std::size_t i = 1; i < logs.size(); ++i) jitter += std::fabs(logs[i] - logs[i - 1]);
        jitter /= double(std::max<std::size_t>(1, logs.size() - 1));
        const double mean = std::accumulate(logs.begin(), logs.end(), 0.0) / double(logs.size());
        double var = 0.0;
        for (double l : logs) var += (l - mean) * (l - mean);
        const double drift = std::sqrt(var / double(logs.size()));
        m_regularity = std::exp(-(std::max(0.0, jitter - 0.01) / 0.05 + std::max(0.0, drift - 0.01) / 0.10));
    }
}

} // namespace emotrace
