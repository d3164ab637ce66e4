#include "lab/MelodyAnalysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <unordered_map>
#include <vector>

#include "lab/UnitInterval.h"

namespace emotrace {

namespace {

double median(std::vector<double> v)
{
    if (v.empty()) return 0.0;
    const auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::size_t(std::llround(q * double(v.size() - 1)))];
}

/// Share of each part's top-line notes with no other pitched part sounding higher at
/// their onset. A part's event counts as sounding until its next event (at most 2 s) or
/// its notes' end, whichever is later, so the articulation of the accompaniment does not
/// change which line is on top. O(line notes x parts).
std::vector<double> topShares(const std::vector<std::vector<ScoreNotes::NoteSpan>>& lines, const std::vector<std::vector<double>>& held)
{
    std::vector<double> out(lines.size(), 0.0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        std::vector<std::size_t> cursor(lines.size(), 0);
        std::size_t top = 0;
        for (const auto& n : lines[i]) {
            bool covered = false;
            for (std::size_t k = 0; k < lines.size() && !covered; ++k) {
                if (k == i || lines[k].empty()) continue;
                auto& c = cursor[k];
                while (c + 1 < lines[k].size() && lines[k][c + 1].on <= n.on + ScoreNotes::kChordTolerance) ++c;
                const auto& other = lines[k][c];
                covered = other.on <= n.on + ScoreNotes::kChordTolerance && held[k][c] > n.on + ScoreNotes::kChordTolerance && other.pitch > n.pitch;
            }
            if (!covered) ++top;
        }
        out[i] = double(top) / double(lines[i].size());
    }
    return out;
}

double melodiousnessOf(const ScoreNotes& p)
{
    const double span = std::max(1.0, p.last() - p.first());
    std::vector<std::vector<ScoreNotes::NoteSpan>> lines(p.parts().size());
    std::vector<std::vector<double>> held(p.parts().size()); // per line note: sounding until
    std::vector<double> monophony(p.parts().size(), 0.0);
    for (std::size_t i = 0; i < p.parts().size(); ++i) {
        const auto& part = p.parts()[i];
        if (part.percussion || part.notes.empty()) continue;
        // top line: the highest note of each onset group
        std::size_t groups = 0, single = 0;
        for (std::size_t a = 0; a < part.notes.size();) {
            std::size_t b = a + 1;
            while (b < part.notes.size() && part.notes[b].on <= part.notes[a].on + ScoreNotes::kChordTolerance) ++b;
            const auto top = std::max_element(part.notes.begin() + std::ptrdiff_t(a), part.notes.begin() + std::ptrdiff_t(b),
                                              [](const ScoreNotes::NoteSpan& x, const ScoreNotes::NoteSpan& y) { return x.pitch < y.pitch; });
            lines[i].push_back(*top);
            double off = 0.0;
            for (std::size_t k = a; k < b; ++k) off = std::max(off, part.notes[k].off);
            const double next = b < part.notes.size() ? part.notes[b].on : part.notes[a].on + 2.0;
            held[i].push_back(std::max(off, std::min(part.notes[a].on + 2.0, next)));
            ++groups;
            if (b - a == 1) ++single;
            a = b;
        }
        monophony[i] = double(single) / double(groups);
    }
    const auto tops = topShares(lines, held);
    double best = 0.0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        if (line.size() < 4) continue; // a melody needs a few notes
        std::vector<double> iois, pitches;
        for (std::size_t k = 0; k + 1 < line.size(); ++k) iois.push_back(line[k + 1].on - line[k].on);
        for (const auto& n : line) pitches.push_back(n.pitch);
        const double medIoi = std::max(1e-3, median(iois));
        // phrases: split after a long note or a rest, i.e. an inter-onset interval above
        // 1.8 x the median (articulation-independent); a phrase lasts from its first
        // onset to the onset of the next phrase, at most 1.8 median IOIs after its last
        double stepSum = 0.0, phraseTotal = 0.0;
        int steps = 0, phrases = 0;
        double phraseStart = line.front().on;
        for (std::size_t k = 0; k + 1 < line.size(); ++k) {
            if (iois[k] > 1.8 * medIoi) {
                phraseTotal += line[k].on + 1.8 * medIoi - phraseStart;
                ++phrases;
                phraseStart = line[k + 1].on;
            } else {
                stepSum += MelodyAnalysis::intervalSingability(line[k + 1].pitch - line[k].pitch);
                ++steps;
            }
        }
        phraseTotal += line.back().on + 1.8 * medIoi - phraseStart;
        ++phrases;
        const double step = steps > 0 ? stepSum / steps : 0.0;
        const double meanPhrase = phraseTotal / phrases;
        const double phrase = meanPhrase < 1.5 ? meanPhrase / 1.5 : (meanPhrase <= 12.0 ? 1.0 : std::max(0.3, 1.0 - (meanPhrase - 12.0) / 18.0));
        const double pace = medIoi < 0.15 ? clamp01((medIoi - 0.07) / 0.08) : (medIoi <= 1.2 ? 1.0 : clamp01(1.0 - (medIoi - 1.2) / 1.8));
        const double range = clamp01(1.0 - (quantile(pitches, 0.95) - quantile(pitches, 0.05) - 16.0) / 12.0);
        const double med = median(pitches);
        const double reg = clamp01(1.0 - std::max({0.0, 50.0 - med, med - 84.0}) / 12.0);
        // motif repetition: recurring 4-note motifs (3 intervals + 2 duration ratios) and
        // recurring 5-note rhythms (4 IOIs over the median, rounded in half octaves)
        double repetition = 0.0;
        if (line.size() >= 6) {
            const auto recurrence = [](const std::vector<std::uint64_t>& keys) {
                std::unordered_map<std::uint64_t, int> seen;
                for (auto k : keys) ++seen[k];
                std::size_t repeated = 0;
                for (auto k : keys)
                    if (seen[k] > 1) ++repeated;
                return keys.empty() ? 0.0 : double(repeated) / double(keys.size());
            };
            std::vector<std::uint64_t> motifs, rhythms;
            for (std::size_t k = 0; k + 3 < line.size(); ++k) {
                std::uint64_t key = 0;
                for (std::size_t j = k; j < k + 3; ++j)
                    key = key * 64 + std::uint64_t(std::clamp(line[j + 1].pitch - line[j].pitch, -24, 24) + 24);
                for (std::size_t j = k; j < k + 2; ++j) {
                    const double ratio = std::max(iois[j + 1], 1e-3) / std::max(iois[j], 1e-3);
                    key = key * 8 + std::uint64_t(std::clamp<long long>(std::llround(std::log2(ratio)), -3, 3) + 3);
                }
                motifs.push_back(key);
            }
            for (std::size_t k = 0; k + 4 < line.size(); ++k) {
                std::uint64_t key = 0;
                for (std::size_t j = k; j < k + 4; ++j)
                    key = key * 16 + std::uint64_t(std::clamp<long long>(std::llround(2.0 * std::log2(std::max(iois[j], 1e-3) / medIoi)), -7, 7) + 7);
                rhythms.push_back(key);
            }
            repetition = 0.5 * recurrence(motifs) + 0.5 * recurrence(rhythms);
        }
        const double quality = 0.35 * step + 0.2 * repetition + 0.15 * phrase + 0.15 * pace + 0.15 * range * reg;
        const double coverage = std::min(1.0, phraseTotal / span / 0.5);
        const double value = quality * (0.25 + 0.75 * monophony[i]) * (0.4 + 0.6 * tops[i]) * (0.3 + 0.7 * coverage);
        best = std::max(best, value);
    }
    return clamp01(best);
}

} // namespace

MelodyAnalysis::MelodyAnalysis(const ScoreNotes& notes) : m_melodiousness(melodiousnessOf(notes)) {}

double MelodyAnalysis::intervalSingability(int semitones)
{
    static constexpr std::array<double, 13> w{0.7, 1.0, 1.0, 0.9, 0.9, 0.75, 0.3, 0.7, 0.45, 0.45, 0.25, 0.15, 0.45};
    const int a = std::abs(semitones);
    return a <= 12 ? w[std::size_t(a)] : 0.0;
}

} // namespace emotrace
