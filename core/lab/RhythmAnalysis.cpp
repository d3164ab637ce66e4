#include "lab/RhythmAnalysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

#include "lab/UnitInterval.h"

namespace emotrace {

namespace {

double stabilityOf(const PulseAnalysis& r)
{
    if (!r.valid()) return 0.0;
    return clamp01(std::sqrt(r.clarity()) * (0.5 * r.regularity() + 0.5 * r.support()));
}

/// Position of time t in the beat grid: (start of its beat, beat length), s.
std::pair<double, double> beatFrame(const PulseAnalysis& r, double t)
{
    const auto& b = r.beats();
    const double period = r.period();
    if (b.size() < 2) {
        const double base = std::floor(t / period) * period;
        return {base, period};
    }
    if (t < b.front()) return {b.front() - period * std::ceil((b.front() - t) / period), period};
    if (t >= b.back()) return {b.back() + period * std::floor((t - b.back()) / period), period};
    const auto it = std::upper_bound(b.begin(), b.end(), t);
    return {*std::prev(it), *it - *std::prev(it)};
}

bool hasOnsetNear(const std::vector<double>& sorted, double t, double tol)
{
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), t - tol);
    return it != sorted.end() && *it <= t + tol;
}

double jaccard(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b)
{
    std::size_t common = 0, i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) {
            ++common;
            ++i;
            ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    const std::size_t uni = a.size() + b.size() - common;
    return uni == 0 ? 1.0 : double(common) / double(uni);
}

double complexityOf(const ScoreNotes& p, const PulseAnalysis& r)
{
    if (!r.valid()) return 0.0;
    // rhythmic layers: pitched parts, and percussion split into drum groups; each drum
    // group but the kick also counts its kit's kick as filling a stronger position (the
    // kit is one player and the bass drum anchors it: a fill into the downbeat is no
    // syncopation)
    struct Layer {
        std::vector<double> onsets;
        const std::vector<double>* anchor = nullptr;
    };
    std::vector<Layer> layers;
    std::vector<std::vector<double>> kicks; // per percussion part; reserved: stable addresses
    kicks.reserve(p.parts().size());
    for (const auto& part : p.parts()) {
        if (!part.percussion) {
            layers.push_back({part.groupOnsets, nullptr});
            continue;
        }
        std::array<std::vector<ScoreNotes::NoteSpan>, 6> byGroup;
        for (const auto& n : part.notes) byGroup[std::size_t(RhythmAnalysis::drumGroup(n.pitch))].push_back(n);
        kicks.push_back(ScoreNotes::groupOnsets(byGroup[0]));
        for (std::size_t g = 0; g < byGroup.size(); ++g)
            if (!byGroup[g].empty()) layers.push_back({ScoreNotes::groupOnsets(byGroup[g]), g == 0 ? nullptr : &kicks.back()});
    }
    // per layer: syncopation strength, duple and triplet subdivision counts
    double syncopationAll = 0.0, syncopationMax = 0.0, dupleMax = 0.0, tripletMax = 0.0;
    std::size_t onsetCount = 0, offGrid = 0;
    std::vector<std::vector<std::int64_t>> patterns;
    for (const auto& layer : layers) {
        const auto& onsets = layer.onsets;
        std::vector<std::int64_t> pattern;
        double syncopation = 0.0;
        std::size_t duple = 0, triplet = 0, afterBeat = 0;
        for (double t : onsets) {
            const auto [base, len] = beatFrame(r, t);
            const double phi = (t - base) / len;
            const double tol = std::max(0.03, 0.05 * len); // s, at the next stronger position
            // nearest slot of the duple (quarters of a beat) and triplet (thirds) grids
            static constexpr std::array<double, 7> slots{0.0, 0.25, 1.0 / 3.0, 0.5, 2.0 / 3.0, 0.75, 1.0};
            std::size_t slot = 0;
            for (std::size_t s = 1; s < slots.size(); ++s)
                if (std::fabs(phi - slots[s]) < std::fabs(phi - slots[slot])) slot = s;
            ++onsetCount;
            const auto beatIndex = std::llround(base / r.period());
            pattern.push_back(beatIndex * 12 + std::llround(phi * 12.0));
            if (std::fabs(phi - slots[slot]) > 0.05) {
                ++offGrid;
                continue;
            }
            if (slot == 0 || slot == 6) continue; // on the beat
            int level = 2;
            double stronger = base + len;
            if (slot == 3) {
                level = 1;
                ++afterBeat;
            }
            if (slot == 1) stronger = base + 0.5 * len;
            if (slot == 2 || slot == 4) ++triplet;
            else ++duple;
            // Longuet-Higgins & Lee: a weak-position onset not followed by an onset at the
            // next stronger position (rest or tie there) is syncopated by the level gap.
            if (!hasOnsetNear(onsets, stronger, tol) && !(layer.anchor && hasOnsetNear(*layer.anchor, stronger, tol))) syncopation += level;
        }
        // an after-beat layer (>= 80 % of its onsets on the half beat: off-beat hi-hat,
        // skank, oom-pah) keeps time rather than displacing it
        if (onsets.size() >= 8 && double(afterBeat) >= 0.8 * double(onsets.size())) syncopation = 0.0;
        syncopationAll += syncopation;
        if (onsets.size() >= 8) { // a layer must be established to count on its own
            const double n = double(onsets.size());
            syncopationMax = std::max(syncopationMax, syncopation / n);
            dupleMax = std::max(dupleMax, double(duple) / n);
            tripletMax = std::max(tripletMax, double(triplet) / n);
        }
        std::sort(pattern.begin(), pattern.end());
        pattern.erase(std::unique(pattern.begin(), pattern.end()), pattern.end());
        if (onsets.size() >= 3) patterns.push_back(std::move(pattern));
    }
    if (onsetCount == 0) return 0.0;
    const double n = double(onsetCount);
    const double sync = 0.6 * clamp01(syncopationMax / 0.5) + 0.4 * clamp01(syncopationAll / n / 0.5);
    const double irregular = clamp01(double(offGrid) / n + 2.0 * std::min(dupleMax, tripletMax));
    // distinct layers: greedy clusters of onset patterns with Jaccard similarity >= 0.7
    std::vector<const std::vector<std::int64_t>*> reps;
    for (const auto& pat : patterns) {
        bool same = false;
        for (const auto* rep : reps)
            if (jaccard(pat, *rep) >= 0.7) {
                same = true;
                break;
            }
        if (!same) reps.push_back(&pat);
    }
    const double layerScore = clamp01((double(reps.size()) - 2.0) / 8.0);
    return clamp01(0.45 * sync + 0.2 * irregular + 0.15 * layerScore + 0.2 * (1.0 - r.clarity()));
}

} // namespace

RhythmAnalysis::RhythmAnalysis(const ScoreNotes& notes)
    : m_pulse(notes), m_stability(stabilityOf(m_pulse)), m_complexity(complexityOf(notes, m_pulse))
{
}

int RhythmAnalysis::drumGroup(int key)
{
    if (key == 35 || key == 36) return 0;
    if (key >= 37 && key <= 40) return 1;
    if (key == 42 || key == 44 || key == 46) return 2;
    if (key == 49 || key == 51 || key == 52 || key == 53 || key == 55 || key == 57 || key == 59) return 3;
    if (key == 41 || key == 43 || key == 45 || key == 47 || key == 48 || key == 50) return 4;
    return 5;
}

} // namespace emotrace
