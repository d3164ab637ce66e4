#include "lab/PlantedCause.h"

#include <cmath>

#include "lab/Composer.h"

namespace emotrace {

namespace {

std::uint64_t caseSeed(std::uint64_t seed, int index, int salt)
{
    std::uint64_t z = seed * 0x9e3779b97f4a7c15ull + std::uint64_t(index) * 0xbf58476d1ce4e5b9ull + std::uint64_t(salt);
    z = (z ^ (z >> 29)) * 0x94d049bb133111ebull;
    return z ^ (z >> 32);
}

/// One sustained note per pitch at each bar start (the part's notes that begin a bar,
/// held for the whole bar): the harmony stays, the rhythm goes.
void sustainPerBar(Part& part, double barSeconds)
{
    std::vector<Note> kept;
    for (const Note& n : part.notes) {
        const double bar = std::round(n.onset / barSeconds);
        if (std::fabs(n.onset - bar * barSeconds) > 0.02) continue;
        Note held = n;
        held.onset = bar * barSeconds;
        held.duration = barSeconds * 0.98;
        kept.push_back(held);
    }
    part.notes = std::move(kept);
}

} // namespace

PlantedCause::Case PlantedCause::make(Kind kind, std::uint64_t seed, int index)
{
    for (int attempt = 0;; ++attempt) {
        const std::uint64_t s = caseSeed(seed, index, attempt + (kind == Kind::RhythmInDrums ? 0 : 1000));
        ComposerControls c = ComposerControls::classic(s);
        c.durationSeconds = 20.0;
        c.tonalStability = 1.0;
        c.rhythmStability = 1.0; // a steady grid, so bar starts are exact
        c.dissonance = std::min(c.dissonance, 0.5);
        if (kind == Kind::RhythmInDrums) {
            static const Style withDrums[] = {Style::Ballad, Style::March, Style::Dance, Style::HipHop, Style::Jazz};
            c.style = withDrums[s % 5];
            Score score = Composer::compose(c, s);
            const double bar = 60.0 / score.nominalTempo * score.beatsPerBar;
            bool hasDrums = false;
            for (Part& p : score.parts) {
                if (p.percussion) hasDrums = true;
                else sustainPerBar(p, bar);
            }
            std::erase_if(score.parts, [](const Part& p) { return p.notes.empty(); });
            if (hasDrums) return {kind, std::move(score), Stem::Drums, "rhythm_stability", s};
        } else {
            static const Style withPiano[] = {Style::Ballad, Style::Dance, Style::HipHop, Style::Film, Style::Jazz};
            c.style = withPiano[s % 5];
            c.minorness = 1.0;
            Composer::Decisions decisions;
            Score score = Composer::compose(c, s, &decisions);
            // the piano is the only part that carries the mode: every other pitched part
            // goes but the bass, which keeps its rhythm on a tonic pedal (one pitch class
            // says nothing about major or minor)
            bool planted = false;
            std::erase_if(score.parts, [&](const Part& p) {
                if (p.stem == Stem::Piano) planted = true;
                return !(p.stem == Stem::Piano || p.stem == Stem::Bass || p.percussion);
            });
            for (Part& p : score.parts)
                if (p.stem == Stem::Bass)
                    for (Note& n : p.notes) n.pitch = 36 + decisions.tonic;
            if (planted) return {kind, std::move(score), Stem::Piano, "minorness", s};
        }
    }
}

Score PlantedCause::keepStems(const Score& score, const std::vector<std::uint8_t>& mask)
{
    Score out = score;
    const auto& stems = allStems();
    std::erase_if(out.parts, [&](const Part& p) {
        for (std::size_t i = 0; i < stems.size() && i < mask.size(); ++i)
            if (stems[i] == p.stem) return mask[i] == 0;
        return true;
    });
    return out;
}

} // namespace emotrace
