#include "lab/ScoreNotes.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace emotrace {

std::vector<double> ScoreNotes::groupOnsets(const std::vector<NoteSpan>& sorted)
{
    std::vector<double> out;
    for (const auto& n : sorted)
        if (out.empty() || n.on > out.back() + kChordTolerance) out.push_back(n.on);
    return out;
}

ScoreNotes::ScoreNotes(const Score& score)
{
    std::vector<std::pair<double, double>> all; // (onset, velocity mass)
    for (const Part& part : score.parts) {
        PartNotes pp;
        pp.program = part.program;
        pp.percussion = part.percussion;
        pp.volume = part.volume;
        pp.detuneCents = part.detuneCents;
        for (const Note& n : part.notes) {
            if (!std::isfinite(n.onset) || !std::isfinite(n.duration)) continue;
            const double dur = std::max(n.duration, 1e-3);
            pp.notes.push_back({n.onset, n.onset + dur, std::clamp(n.pitch, 0, 127), std::clamp(n.velocity, 1, 127), int(m_parts.size())});
        }
        std::sort(pp.notes.begin(), pp.notes.end(),
                  [](const NoteSpan& a, const NoteSpan& b) { return a.on != b.on ? a.on < b.on : a.pitch < b.pitch; });
        pp.groupOnsets = groupOnsets(pp.notes);
        for (const auto& n : pp.notes) {
            all.emplace_back(n.on, n.velocity / 127.0);
            if (!part.percussion) m_pitched.push_back(n);
            m_last = std::max(m_last, n.off);
        }
        m_parts.push_back(std::move(pp));
    }
    std::sort(m_pitched.begin(), m_pitched.end(), [](const NoteSpan& a, const NoteSpan& b) { return a.on < b.on; });
    std::sort(all.begin(), all.end());
    for (const auto& [t, m] : all) {
        if (m_onsets.empty() || t > m_onsets.back() + kChordTolerance) {
            m_onsets.push_back(t);
            m_onsetMass.push_back(0.0);
        }
        m_onsetMass.back() += m;
    }
    m_first = m_onsets.empty() ? 0.0 : m_onsets.front();
    m_end = std::max(std::isfinite(score.durationSeconds) ? score.durationSeconds : 0.0, m_last);
}

} // namespace emotrace
