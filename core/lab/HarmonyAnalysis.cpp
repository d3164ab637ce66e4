#include "lab/HarmonyAnalysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

#include "lab/UnitInterval.h"

namespace emotrace {

namespace {

/// Weight of a part in timbre and detune means: its sounding time (notes capped at 4 s,
/// so one drone does not outweigh a band) times its CC7 volume / 127.
double partWeight(const ScoreNotes::PartNotes& p)
{
    double t = 0.0;
    for (const auto& n : p.notes) t += std::min(n.off - n.on, 4.0);
    return t * std::clamp(p.volume, 0, 127) / 127.0;
}

/// 0 none, 1 major triad, 2 minor triad, 3 both (ambiguous) in a 12-bit pitch-class set.
int triadKind(unsigned mask)
{
    bool major = false, minor = false;
    for (unsigned root = 0; root < 12; ++root) {
        const auto has = [mask, root](unsigned i) { return (mask >> ((root + i) % 12)) & 1U; };
        if (has(0) && has(7)) {
            major = major || has(4);
            minor = minor || has(3);
        }
    }
    return (major ? 1 : 0) | (minor ? 2 : 0);
}

double dissonanceOf(const ScoreNotes& p, double roughness)
{
    const double interval = clamp01(1.0 - std::exp(-roughness / 0.4));
    double harsh = 0.0, weight = 0.0;
    std::vector<std::pair<double, double>> detunes; // (cents, weight) of pitched parts
    for (const auto& part : p.parts()) {
        const double w = partWeight(part);
        if (w <= 0.0) continue;
        harsh += w * HarmonyAnalysis::timbreHarshness(part.program, part.percussion);
        weight += w;
        if (!part.percussion) detunes.emplace_back(std::isfinite(part.detuneCents) ? part.detuneCents : 0.0, w);
    }
    const double timbre = weight > 0.0 ? harsh / weight : 0.0;
    // mistuning against the ensemble: weighted mean |detune - weighted median detune|
    double detune = 0.0;
    if (!detunes.empty()) {
        std::sort(detunes.begin(), detunes.end());
        double total = 0.0;
        for (const auto& d : detunes) total += d.second;
        double acc = 0.0, reference = detunes.front().first;
        for (const auto& d : detunes) {
            acc += d.second;
            reference = d.first;
            if (acc >= 0.5 * total) break;
        }
        double dev = 0.0;
        for (const auto& d : detunes) dev += d.second * std::fabs(d.first - reference);
        detune = clamp01(dev / total / 15.0);
    }
    return clamp01(0.55 * interval + 0.30 * timbre + 0.15 * detune);
}

} // namespace

HarmonyAnalysis::HarmonyAnalysis(const ScoreNotes& notes)
{
    sweep(notes);
    m_dissonance = dissonanceOf(notes, m_roughness);
}

/// One sweep over note starts and ends; between two boundaries the sounding set is
/// constant. Roughness sums update in O(sounding notes) per boundary.
void HarmonyAnalysis::sweep(const ScoreNotes& p)
{
    static const std::array<int, 4096> kinds = [] {
        std::array<int, 4096> k{};
        for (unsigned m = 0; m < 4096; ++m) k[m] = triadKind(m);
        return k;
    }();
    struct Boundary {
        double t;
        int delta; // -1 end, +1 start
        int pitch;
    };
    std::vector<Boundary> bounds;
    bounds.reserve(p.pitched().size() * 2);
    for (const auto& n : p.pitched()) {
        bounds.push_back({n.on, +1, n.pitch});
        bounds.push_back({n.off, -1, n.pitch});
    }
    std::sort(bounds.begin(), bounds.end(), [](const Boundary& a, const Boundary& b) { return a.t != b.t ? a.t < b.t : a.delta < b.delta; });
    std::vector<int> sounding;
    std::array<int, 12> pcCount{};
    double roughSum = 0.0, pairs = 0.0, weighted = 0.0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        const auto& b = bounds[i];
        if (b.delta > 0) {
            for (int q : sounding) roughSum += intervalRoughness(b.pitch - q);
            pairs += double(sounding.size());
            sounding.push_back(b.pitch);
            ++pcCount[std::size_t(b.pitch % 12)];
        } else {
            const auto it = std::find(sounding.begin(), sounding.end(), b.pitch);
            if (it == sounding.end()) continue;
            *it = sounding.back();
            sounding.pop_back();
            for (int q : sounding) roughSum -= intervalRoughness(b.pitch - q);
            pairs -= double(sounding.size());
            --pcCount[std::size_t(b.pitch % 12)];
            if (sounding.empty()) roughSum = pairs = 0.0; // no drift from the running sums
        }
        if (i + 1 == bounds.size() || sounding.empty()) continue;
        const double dt = bounds[i + 1].t - b.t;
        if (dt <= 0.0) continue;
        m_soundingTime += dt;
        if (pairs > 0.0) weighted += dt * std::max(0.0, roughSum) / pairs;
        unsigned mask = 0;
        for (unsigned pc = 0; pc < 12; ++pc)
            if (pcCount[pc] > 0) mask |= 1U << pc;
        const int kind = kinds[mask];
        if (kind == 1) m_majorTime += dt;
        if (kind == 2) m_minorTime += dt;
    }
    m_roughness = m_soundingTime > 0.0 ? weighted / m_soundingTime : 0.0;
}

double HarmonyAnalysis::intervalRoughness(int semitones)
{
    static constexpr std::array<double, 7> byClass{0.0, 1.0, 0.6, 0.15, 0.1, 0.05, 0.6};
    const int a = std::abs(semitones);
    const int pc = a % 12;
    const double w = byClass[std::size_t(std::min(pc, 12 - pc))];
    return w * (a <= 12 ? 1.0 : (a <= 24 ? 0.6 : 0.35));
}

double HarmonyAnalysis::timbreHarshness(int program, bool percussion)
{
    if (percussion) return 0.2; // drum kits are noise-based
    switch (program) {
    case 18: return 0.25;                  // rock organ
    case 29: return 0.8;                   // overdriven guitar
    case 30: return 1.0;                   // distortion guitar
    case 38: case 39: return 0.3;          // synth basses
    case 55: return 0.5;                   // orchestra hit
    case 62: case 63: return 0.35;         // synth brass
    case 80: return 0.6;                   // square lead
    case 81: return 0.7;                   // sawtooth lead
    case 84: return 0.8;                   // charang (distorted lead)
    case 86: return 0.5;                   // fifths lead
    case 87: return 0.6;                   // bass + lead
    case 109: return 0.4;                  // bagpipe
    case 119: return 0.4;                  // reverse cymbal
    case 125: case 127: return 0.8;        // helicopter, gunshot
    default: break;
    }
    if (program >= 56 && program <= 67) return 0.15;   // brass, saxophones
    if (program >= 96 && program <= 103) return 0.3;   // synth effects
    if (program >= 112 && program <= 118) return 0.15; // percussive melodic
    if (program >= 120) return 0.6;                    // sound effects
    return 0.0;
}

} // namespace emotrace
