#include "lab/TonalityAnalysis.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

#include "lab/UnitInterval.h"

namespace emotrace {

namespace {

// Krumhansl & Kessler (1982) probe-tone profiles, tonic first.
constexpr std::array<double, 12> kMajorProfile{6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> kMinorProfile{6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

int bestKey(const TonalityAnalysis::KeyCorrelations& c)
{
    return int(std::max_element(c.begin(), c.end()) - c.begin());
}

} // namespace

TonalityAnalysis::KeyCorrelations TonalityAnalysis::keyCorrelations(const Histogram& h)
{
    KeyCorrelations out{};
    const double hm = std::accumulate(h.begin(), h.end(), 0.0) / 12.0;
    double hv = 0.0;
    for (double v : h) hv += (v - hm) * (v - hm);
    if (!(hv > 1e-12 * (hm * hm * 12.0 + 1e-300))) return out;
    for (int mode = 0; mode < 2; ++mode) {
        const auto& prof = mode == 0 ? kMajorProfile : kMinorProfile;
        const double pm = std::accumulate(prof.begin(), prof.end(), 0.0) / 12.0;
        double pv = 0.0;
        for (double v : prof) pv += (v - pm) * (v - pm);
        for (int tonic = 0; tonic < 12; ++tonic) {
            double cov = 0.0;
            for (int pc = 0; pc < 12; ++pc) cov += (h[std::size_t(pc)] - hm) * (prof[std::size_t((pc - tonic + 12) % 12)] - pm);
            out[std::size_t(mode * 12 + tonic)] = cov / std::sqrt(hv * pv);
        }
    }
    return out;
}

bool TonalityAnalysis::inScale(int key, int pc)
{
    static constexpr std::array<bool, 12> major{true, false, true, false, true, true, false, true, false, true, false, true};
    static constexpr std::array<bool, 12> minor{true, false, true, true, false, true, false, true, true, false, true, true};
    const int rel = (pc - key % 12 + 12) % 12;
    return key < 12 ? major[std::size_t(rel)] : minor[std::size_t(rel)];
}

TonalityAnalysis::TonalityAnalysis(const ScoreNotes& notes)
{
    Histogram global{};
    constexpr double window = 8.0, hop = 4.0;
    const double start = std::max(0.0, notes.first());
    const auto windows = std::size_t(std::max(1.0, std::ceil((notes.end() - start - window) / hop) + 1.0));
    std::vector<Histogram> local(windows, Histogram{});
    for (const auto& n : notes.pitched()) {
        const double on = n.on, off = n.on + std::min(n.off - n.on, 2.0);
        const auto pc = std::size_t(n.pitch % 12);
        global[pc] += off - on;
        const double rel = on - start;
        const auto firstW = std::size_t(std::max(0.0, std::floor((rel - window) / hop) + 1.0));
        for (std::size_t w = firstW; w < windows; ++w) {
            const double ws = start + double(w) * hop, we = ws + window;
            if (ws >= off) break;
            const double overlap = std::min(off, we) - std::max(on, ws);
            if (overlap > 0.0) local[w][pc] += overlap;
        }
    }
    const double mass = std::accumulate(global.begin(), global.end(), 0.0);
    if (!(mass > 0.0)) return;
    m_valid = true;
    m_global = keyCorrelations(global);
    m_key = bestKey(m_global);
    const double g = clamp01((m_global[std::size_t(m_key)] - 0.2) / 0.6);
    double out = 0.0;
    for (int pc = 0; pc < 12; ++pc)
        if (!inScale(m_key, pc)) out += global[std::size_t(pc)];
    const double chromatic = 1.0 - clamp01(out / mass / 0.35);
    double lw = 0.0, lsum = 0.0, ksum = 0.0;
    for (const auto& h : local) {
        const double m = std::accumulate(h.begin(), h.end(), 0.0);
        if (m <= 0.0) continue;
        const auto c = keyCorrelations(h);
        const double rbest = c[std::size_t(bestKey(c))];
        lw += m;
        lsum += m * clamp01((rbest - 0.2) / 0.6);
        ksum += m * (rbest > 0.0 ? clamp01(c[std::size_t(m_key)] / rbest) : 0.0);
    }
    const double localStrength = lw > 0.0 ? lsum / lw : 0.0;
    const double constancy = lw > 0.0 ? ksum / lw : 0.0;
    m_stability = clamp01(0.35 * g + 0.2 * localStrength + 0.25 * constancy + 0.2 * chromatic);
}

double TonalityAnalysis::minorness(const HarmonyAnalysis& h) const
{
    if (!m_valid) return 0.5;
    const double bestMajor = *std::max_element(m_global.begin(), m_global.begin() + 12);
    const double bestMinor = *std::max_element(m_global.begin() + 12, m_global.end());
    const double keyMode = clamp01(0.5 + (bestMinor - bestMajor) / 0.4);
    const double triads = h.majorTriadTime() + h.minorTriadTime();
    if (triads <= 0.0 || h.soundingTime() <= 0.0) return keyMode;
    const double chordWeight = 0.5 * std::min(1.0, triads / (0.25 * h.soundingTime()));
    return clamp01((1.0 - chordWeight) * keyMode + chordWeight * h.minorTriadTime() / triads);
}

} // namespace emotrace
