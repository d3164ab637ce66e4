#include "evaluation/StemGroupingRule.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace emotrace {

namespace {

struct Keywords {
    Stem stem;
    std::vector<std::string> prefixes;
    std::vector<std::string> words;
    std::vector<std::string> exceptions; ///< words that start with a prefix but are not this stem
};

const std::vector<Keywords>& keywords()
{
    static const std::vector<Keywords> table{
        {Stem::Drums, {"kick", "snare", "drum", "bassdrum", "perc", "clap", "cymb", "crash", "hihat"},
         {"hat", "hats", "hh", "ride", "tom", "toms", "bd", "sd"}, {}},
        {Stem::Bass, {"bass"}, {"bas"}, {"bassoon", "bassoons"}},
        {Stem::Piano, {"piano", "epiano", "rhodes"}, {"pno", "key", "keys"}, {}},
        {Stem::Vocals, {"voc", "vox", "voice", "choir"}, {"aah", "ooh", "sing"}, {}},
    };
    return table;
}

std::vector<std::string> words(const std::string& name)
{
    std::vector<std::string> out;
    std::string word;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalpha(u)) {
            word += char(std::tolower(u));
        } else if (!word.empty()) {
            out.push_back(word);
            word.clear();
        }
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

std::string format(const char* pattern, auto... values)
{
    char line[256];
    std::snprintf(line, sizeof line, pattern, values...);
    return line;
}

} // namespace

std::optional<StemGroupingRule::Decision> StemGroupingRule::byName(const std::string& name)
{
    const std::vector<std::string> found = words(name);
    for (const Keywords& k : keywords())
        for (const std::string& w : found) {
            bool excepted = false;
            for (const auto& e : k.exceptions) excepted = excepted || w == e;
            if (excepted) continue;
            for (const auto& word : k.words)
                if (w == word) return Decision{k.stem, "name: '" + w + "'"};
            for (const auto& prefix : k.prefixes)
                if (w.rfind(prefix, 0) == 0) return Decision{k.stem, "name: '" + w + "'"};
        }
    return std::nullopt;
}

StemGroupingRule::Decision StemGroupingRule::bySound(const InstrumentSoundMeasures& s, int distinctNotes)
{
    if (s.centroidHz >= kBrightHz) return {Stem::Drums, format("sound: bright, centroid %.0f Hz >= %.0f Hz", s.centroidHz, kBrightHz)};
    if (distinctNotes <= kDrumMaxNotes && s.onsets >= 2 && s.decayMs <= kDrumMaxDecayMs && s.decayedShare >= kDrumMinDecayedShare)
        return {Stem::Drums, format("sound: short hit, %d note(s), %d onsets, decay %.0f ms <= %.0f ms, %.0f %% die away",
                                    distinctNotes, s.onsets, s.decayMs, kDrumMaxDecayMs, 100.0 * s.decayedShare)};
    if (s.lowShare >= kBassMinLowShare)
        return {Stem::Bass, format("sound: low, %.0f %% of power below %.0f Hz (centroid %.0f Hz)", 100.0 * s.lowShare,
                                   InstrumentSoundMeasures::kLowCutHz, s.centroidHz)};
    return {Stem::Other, format("sound: none of drums/bass (centroid %.0f Hz, low share %.0f %%, %d notes, decay %.0f ms)",
                                s.centroidHz, 100.0 * s.lowShare, distinctNotes, s.decayMs)};
}

StemGroupingRule::Decision StemGroupingRule::decide(const std::string& name, const InstrumentSoundMeasures& sound, int distinctNotes)
{
    if (auto d = byName(name)) return *d;
    return bySound(sound, distinctNotes);
}

} // namespace emotrace
