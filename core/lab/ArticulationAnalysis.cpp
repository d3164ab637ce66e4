#include "lab/ArticulationAnalysis.h"

#include <algorithm>

#include "lab/UnitInterval.h"

namespace emotrace {

ArticulationAnalysis::ArticulationAnalysis(const ScoreNotes& notes)
{
    double staccato = 0.0, weight = 0.0;
    for (const auto& part : notes.parts()) {
        if (part.percussion) {
            // drum hits are short one-shot sounds whatever their MIDI length
            staccato += 0.15 * double(part.notes.size());
            weight += 0.15 * double(part.notes.size());
            continue;
        }
        const auto& g = part.groupOnsets;
        for (const auto& n : part.notes) {
            // inter-onset interval to the part's next distinct onset (score end for the last)
            const auto it = std::upper_bound(g.begin(), g.end(), n.on);
            const double ioi = (it != g.end() ? *it : notes.end()) - n.on;
            if (ioi <= 1e-6) continue;
            const double ratio = (n.off - n.on) / std::min(ioi, 1.0);
            staccato += clamp01((0.9 - ratio) / 0.5);
            weight += 1.0;
        }
    }
    m_staccatoShare = weight > 0.0 ? clamp01(staccato / weight) : 0.0;
}

} // namespace emotrace
