#include "evaluation/SeparationScoreTable.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "vocab/Stem.h"

namespace emotrace {

namespace {

std::string format(const char* pattern, auto... values)
{
    char line[512];
    std::snprintf(line, sizeof line, pattern, values...);
    return line;
}

/// The stem names of all scores in the table's order.
std::vector<std::string> stemOrder(const std::vector<SeparationBenchmark::SongScore>& scores)
{
    std::vector<std::string> order;
    for (Stem stem : allStems()) order.push_back(stemName(stem));
    std::vector<std::string> extra;
    for (const auto& song : scores)
        for (const auto& s : song.stems)
            if (std::find(order.begin(), order.end(), s.stem) == order.end() &&
                std::find(extra.begin(), extra.end(), s.stem) == extra.end())
                extra.push_back(s.stem);
    std::sort(extra.begin(), extra.end());
    order.insert(order.end(), extra.begin(), extra.end());
    std::vector<std::string> present;
    for (const auto& name : order)
        for (const auto& song : scores)
            if (song.find(name)) {
                present.push_back(name);
                break;
            }
    return present;
}

const char* kHeader = "  %-8s %7s %7s %9s %7s %7s   %s\n";

} // namespace

double SeparationScoreTable::median(std::vector<double> values)
{
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

std::string SeparationScoreTable::song(const SeparationBenchmark::SongScore& score)
{
    std::string out = score.folder.string() + format("  (%s, %.1f s)\n", score.separator.c_str(), score.durationSeconds);
    out += format(kHeader, "stem", "SDR", "mix/2", "best-gain", "silence", "margin", "silent-source leakage");
    for (const auto& s : score.stems) {
        if (s.sourceSilent)
            out += format("  %-8s %7s %7s %9s %7s %7s   %.1f dB\n", s.stem.c_str(), "-", "-", "-", "-", "-", s.leakageDb);
        else
            out += format("  %-8s %7.1f %7.1f %9.1f %7.1f %+7.1f\n", s.stem.c_str(), s.sdrDb, s.trivial.halfMixSdrDb,
                          s.trivial.bestGainSdrDb, s.trivial.silenceSdrDb, s.marginDb());
    }
    return out;
}

std::string SeparationScoreTable::medians(const std::vector<SeparationBenchmark::SongScore>& scores)
{
    std::string separator = scores.empty() ? std::string("none") : scores.front().separator;
    std::string out = format("medians over %zu songs (%s), dB; margin = SDR - best trivial estimate\n", scores.size(),
                             separator.c_str());
    out += format("  %-8s %5s %7s %7s %9s %7s %7s   %6s %9s %9s\n", "stem", "songs", "SDR", "mix/2", "best-gain", "silence",
                  "margin", "silent", "leak-med", "leak-max");
    double worst = -std::numeric_limits<double>::infinity();
    std::string worstWhere;
    for (const auto& name : stemOrder(scores)) {
        std::vector<double> sdr, half, gain, silence, margin, leakage;
        for (const auto& song : scores) {
            const auto* s = song.find(name);
            if (!s) continue;
            if (s->sourceSilent) {
                leakage.push_back(s->leakageDb);
                if (s->leakageDb > worst) {
                    worst = s->leakageDb;
                    worstWhere = song.folder.filename().string() + " " + name;
                }
                continue;
            }
            sdr.push_back(s->sdrDb);
            half.push_back(s->trivial.halfMixSdrDb);
            gain.push_back(s->trivial.bestGainSdrDb);
            silence.push_back(s->trivial.silenceSdrDb);
            margin.push_back(s->marginDb());
        }
        std::string line = format("  %-8s %5zu", name.c_str(), sdr.size());
        if (sdr.empty())
            line += format(" %7s %7s %9s %7s %7s", "-", "-", "-", "-", "-");
        else
            line += format(" %7.1f %7.1f %9.1f %7.1f %+7.1f", median(sdr), median(half), median(gain), median(silence),
                           median(margin));
        line += format("   %6zu", leakage.size());
        if (leakage.empty())
            line += format(" %9s %9s", "-", "-");
        else
            line += format(" %9.1f %9.1f", median(leakage), *std::max_element(leakage.begin(), leakage.end()));
        out += line + "\n";
    }
    if (worstWhere.empty())
        out += "worst silent-stem leakage: none (every scored source is audible in every song)\n";
    else
        out += format("worst silent-stem leakage: %.1f dB (%s; target <= -15 dB)\n", worst, worstWhere.c_str());
    return out;
}

} // namespace emotrace
