#include "lab/EmotionCues.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "lab/UnitInterval.h"

namespace emotrace {

namespace {

double speedOf(const ScoreNotes& p, const PulseAnalysis& r)
{
    if (p.onsets().empty()) return 0.0;
    const double rate = double(p.onsets().size()) / std::max(1.0, p.last() - p.first());
    const double density = clamp01(std::log2(rate / 0.5) / 4.0);
    if (!r.valid()) return density;
    const double tempo = clamp01((r.tempoBpm() - 60.0) / 120.0);
    return 0.5 * tempo + 0.5 * density;
}

double loudnessOf(const ScoreNotes& p)
{
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto& part : p.parts()) {
        const double volumeDb = 40.0 * std::log10(std::max(1, std::clamp(part.volume, 0, 127)) / 127.0);
        for (const auto& note : part.notes) {
            sum += 40.0 * std::log10(note.velocity / 127.0) + volumeDb;
            ++n;
        }
    }
    return n > 0 ? clamp01(1.0 + sum / double(n) / 36.0) : 0.0;
}

double registerOf(const ScoreNotes& p)
{
    double sum = 0.0, w = 0.0;
    for (const auto& n : p.pitched()) {
        const double d = std::min(n.off - n.on, 2.0);
        sum += d * n.pitch;
        w += d;
    }
    return w > 0.0 ? clamp01((sum / w - 40.0) / 44.0) : 0.5;
}

} // namespace

EmotionCues::EmotionCues(const ScoreNotes& notes, const PulseAnalysis& pulse)
    : m_speed(speedOf(notes, pulse)), m_loudness(loudnessOf(notes)), m_register(registerOf(notes))
{
}

} // namespace emotrace
