#include "lab/ScoreLabeler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace emotrace {

namespace {

constexpr double kChordTolerance = 0.03; // s: onsets this close are one event (chord, flam)
constexpr double kEnvelopeRate = 100.0;  // Hz: onset envelope for pulse analysis

double clamp01(double v)
{
    return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
}

// ------------------------------------------------------------------ prepared notes

struct PNote {
    double on = 0.0;
    double off = 0.0;
    int pitch = 60;
    int velocity = 90;
    int part = 0;
};

struct PPart {
    const Part* part = nullptr;
    std::vector<PNote> notes;        // sorted by onset, then pitch
    std::vector<double> groupOnsets; // distinct onsets (chords merged within kChordTolerance)
};

/// The score's notes cleaned and sorted once; every measure reads from here.
struct Prepared {
    std::vector<PPart> parts;
    std::vector<PNote> pitched;     // all non-percussion notes, sorted by onset
    std::vector<double> onsets;     // distinct onsets over all parts (merged within kChordTolerance)
    std::vector<double> onsetMass;  // sum of velocity/127 of the notes in each merged onset
    double first = 0.0;             // first onset
    double last = 0.0;              // latest note end
    double end = 0.0;               // max(durationSeconds, last)
    std::size_t noteCount = 0;
    std::size_t percussionCount = 0;
};

std::vector<double> groupOnsets(const std::vector<PNote>& sorted)
{
    std::vector<double> out;
    for (const auto& n : sorted)
        if (out.empty() || n.on > out.back() + kChordTolerance) out.push_back(n.on);
    return out;
}

Prepared prepare(const Score& score)
{
    Prepared p;
    std::vector<std::pair<double, double>> all; // (onset, velocity mass)
    for (const Part& part : score.parts) {
        PPart pp;
        pp.part = &part;
        for (const Note& n : part.notes) {
            if (!std::isfinite(n.onset) || !std::isfinite(n.duration)) continue;
            const double dur = std::max(n.duration, 1e-3);
            pp.notes.push_back({n.onset, n.onset + dur, std::clamp(n.pitch, 0, 127), std::clamp(n.velocity, 1, 127), int(p.parts.size())});
        }
        std::sort(pp.notes.begin(), pp.notes.end(),
                  [](const PNote& a, const PNote& b) { return a.on != b.on ? a.on < b.on : a.pitch < b.pitch; });
        pp.groupOnsets = groupOnsets(pp.notes);
        for (const auto& n : pp.notes) {
            all.emplace_back(n.on, n.velocity / 127.0);
            if (!part.percussion) p.pitched.push_back(n);
            p.last = std::max(p.last, n.off);
        }
        p.noteCount += pp.notes.size();
        if (part.percussion) p.percussionCount += pp.notes.size();
        p.parts.push_back(std::move(pp));
    }
    std::sort(p.pitched.begin(), p.pitched.end(), [](const PNote& a, const PNote& b) { return a.on < b.on; });
    std::sort(all.begin(), all.end());
    for (const auto& [t, m] : all) {
        if (p.onsets.empty() || t > p.onsets.back() + kChordTolerance) {
            p.onsets.push_back(t);
            p.onsetMass.push_back(0.0);
        }
        p.onsetMass.back() += m;
    }
    p.first = p.onsets.empty() ? 0.0 : p.onsets.front();
    p.end = std::max(std::isfinite(score.durationSeconds) ? score.durationSeconds : 0.0, p.last);
    return p;
}

/// Weight of a part in timbre and detune means: its sounding time (notes capped at 4 s,
/// so one drone does not outweigh a band) times its CC7 volume / 127.
double partWeight(const PPart& p)
{
    double t = 0.0;
    for (const auto& n : p.notes) t += std::min(n.off - n.on, 4.0);
    return t * std::clamp(p.part->volume, 0, 127) / 127.0;
}

// ------------------------------------------------------------------ rhythm

struct Rhythm {
    bool valid = false;          // at least 4 distinct onsets and a positive autocorrelation peak
    double period = 0.0;         // s, beat period
    double clarity = 0.0;        // [0,1]
    double regularity = 0.0;     // [0,1]
    double support = 0.0;        // [0,1]
    std::vector<double> beats;   // s
};

/// Gaussian-smoothed onset envelope at kEnvelopeRate; each merged onset adds
/// sqrt(its velocity mass) split linearly between its two neighbouring bins, so the
/// envelope moves continuously with onset times (a MIDI round trip changes nothing).
std::vector<double> onsetEnvelope(const Prepared& p, std::size_t bins)
{
    std::vector<double> raw(bins, 0.0);
    for (std::size_t i = 0; i < p.onsets.size(); ++i) {
        const double x = std::max(0.0, p.onsets[i]) * kEnvelopeRate;
        const auto k = std::size_t(x);
        const double f = x - double(k);
        const double w = std::sqrt(p.onsetMass[i]);
        if (k < bins) raw[k] += (1.0 - f) * w;
        if (k + 1 < bins) raw[k + 1] += f * w;
    }
    constexpr int radius = 6; // 3 sigma of 2 bins (20 ms): tolerates human timing jitter
    std::array<double, 2 * radius + 1> kernel{};
    for (int d = -radius; d <= radius; ++d) kernel[std::size_t(d + radius)] = std::exp(-0.5 * (d / 2.0) * (d / 2.0));
    std::vector<double> env(bins, 0.0);
    for (std::size_t k = 0; k < bins; ++k) {
        if (raw[k] == 0.0) continue;
        for (int d = -radius; d <= radius; ++d) {
            const auto j = std::int64_t(k) + d;
            if (j >= 0 && j < std::int64_t(bins)) env[std::size_t(j)] += raw[k] * kernel[std::size_t(d + radius)];
        }
    }
    return env;
}

/// Normalised autocorrelation of a mean-removed signal: unbiased lag product over the
/// zero-lag power, so a strictly periodic envelope gives 1 at its period.
class Autocorrelation {
public:
    explicit Autocorrelation(std::vector<double> x) : m_x(std::move(x))
    {
        const double mean = m_x.empty() ? 0.0 : std::accumulate(m_x.begin(), m_x.end(), 0.0) / double(m_x.size());
        for (auto& v : m_x) v -= mean;
        for (double v : m_x) m_power += v * v;
        m_power /= std::max<std::size_t>(1, m_x.size());
    }
    std::size_t size() const { return m_x.size(); }
    double operator()(std::int64_t lag) const
    {
        if (lag <= 0 || m_power <= 0.0 || std::size_t(lag) * 2 > m_x.size()) return 0.0;
        const std::size_t n = m_x.size() - std::size_t(lag);
        double s = 0.0;
        for (std::size_t k = 0; k < n; ++k) s += m_x[k] * m_x[k + std::size_t(lag)];
        return s / double(n) / m_power;
    }

private:
    std::vector<double> m_x;
    double m_power = 0.0;
};

/// Dynamic-programming beat tracker (Ellis 2007): beats on strong envelope values with
/// inter-beat intervals close to the period; cost 100 * ln(interval / period)^2.
std::vector<double> trackBeats(const std::vector<double>& env, double periodBins, std::size_t firstBin, std::size_t lastBin)
{
    const std::size_t n = std::min(env.size(), lastBin + 1);
    if (n <= firstBin + 1) return {};
    double mean = 0.0, var = 0.0;
    for (std::size_t k = firstBin; k < n; ++k) mean += env[k];
    mean /= double(n - firstBin);
    for (std::size_t k = firstBin; k < n; ++k) var += (env[k] - mean) * (env[k] - mean);
    const double sd = std::sqrt(var / double(n - firstBin));
    if (!(sd > 0.0)) return {};
    const auto lo = std::max<std::int64_t>(1, std::llround(periodBins / 2.0));
    const auto hi = std::max<std::int64_t>(lo, std::llround(periodBins * 2.0));
    std::vector<double> penalty(std::size_t(hi + 1), 0.0);
    for (std::int64_t d = lo; d <= hi; ++d) {
        const double l = std::log(double(d) / periodBins);
        penalty[std::size_t(d)] = 100.0 * l * l;
    }
    std::vector<double> score(n, 0.0);
    std::vector<std::int64_t> back(n, -1);
    for (std::size_t t = firstBin; t < n; ++t) {
        double best = 0.0;
        std::int64_t arg = -1;
        for (std::int64_t d = lo; d <= hi; ++d) {
            const std::int64_t tau = std::int64_t(t) - d;
            if (tau < std::int64_t(firstBin)) break;
            const double s = score[std::size_t(tau)] - penalty[std::size_t(d)];
            if (s > best) {
                best = s;
                arg = tau;
            }
        }
        score[t] = env[t] / sd + best;
        back[t] = arg;
    }
    // the last beat: best cumulative score within one period of the last onset
    const auto from = std::size_t(std::max<std::int64_t>(std::int64_t(firstBin), std::int64_t(n) - 1 - std::llround(periodBins)));
    std::size_t lastBeat = from;
    for (std::size_t t = from; t < n; ++t)
        if (score[t] > score[lastBeat]) lastBeat = t;
    std::vector<double> beats;
    for (std::int64_t t = std::int64_t(lastBeat); t >= 0; t = back[std::size_t(t)]) beats.push_back(double(t) / kEnvelopeRate);
    std::reverse(beats.begin(), beats.end());
    return beats;
}

Rhythm analyseRhythm(const Prepared& p)
{
    Rhythm r;
    if (p.onsets.size() < 4) return r;
    const double lastOnset = p.onsets.back();
    const auto bins = std::size_t(std::ceil(std::max(0.0, lastOnset) * kEnvelopeRate)) + 8;
    const auto env = onsetEnvelope(p, bins);
    const Autocorrelation acf(env);
    // beat period: the autocorrelation peak between 0.25 s (240 bpm) and 1.5 s (40 bpm),
    // weighted by a log-Gaussian tempo preference around 120 bpm (sigma one octave)
    // that picks the beat level among metrical levels.
    const std::int64_t minLag = 25;
    const std::int64_t maxLag = std::min<std::int64_t>(150, std::int64_t(bins / 2));
    if (maxLag < minLag) return r;
    std::vector<double> rs(std::size_t(maxLag + 2), 0.0);
    for (std::int64_t lag = minLag - 1; lag <= maxLag + 1; ++lag) rs[std::size_t(std::min(lag, maxLag + 1))] = acf(lag);
    double bestScore = 0.0;
    std::int64_t best = -1;
    for (std::int64_t lag = minLag; lag <= maxLag; ++lag) {
        const double octaves = std::log2(double(lag) / 50.0);
        const double s = rs[std::size_t(lag)] * std::exp(-0.5 * octaves * octaves);
        if (s > bestScore) {
            bestScore = s;
            best = lag;
        }
    }
    if (best < 0) return r;
    // parabolic interpolation of the peak: a period between bins
    double period = double(best);
    {
        const double a = rs[std::size_t(best - 1)], b = rs[std::size_t(best)], c = rs[std::size_t(best + 1)];
        const double den = a - 2.0 * b + c;
        if (den < 0.0) period += std::clamp(0.5 * (a - c) / den, -0.5, 0.5);
    }
    // clarity: the beat must hold over a bar, so average the peak at 1..4 periods
    double sum = 0.0;
    int count = 0;
    for (int m = 1; m <= 4; ++m) {
        const auto centre = std::llround(m * period);
        if (centre * 2 > std::int64_t(bins)) break;
        double peak = -1.0;
        for (std::int64_t d = -m; d <= m; ++d) peak = std::max(peak, acf(centre + d));
        sum += peak;
        ++count;
    }
    r.valid = true;
    r.period = period / kEnvelopeRate;
    r.clarity = clamp01(count > 0 ? sum / count : 0.0);

    const auto firstBin = std::size_t(std::max(0.0, p.first) * kEnvelopeRate);
    r.beats = trackBeats(env, period, firstBin, std::size_t(std::max(0.0, lastOnset) * kEnvelopeRate) + 3);
    // snap beats onto real onsets within 40 ms (the tracker works on 10 ms bins)
    const double tol = std::max(0.05, 0.1 * r.period);
    std::size_t supported = 0;
    for (auto& b : r.beats) {
        const auto it = std::lower_bound(p.onsets.begin(), p.onsets.end(), b);
        double nearest = 1e9;
        if (it != p.onsets.end()) nearest = *it;
        if (it != p.onsets.begin() && std::fabs(*std::prev(it) - b) < std::fabs(nearest - b)) nearest = *std::prev(it);
        if (std::fabs(nearest - b) <= tol) {
            ++supported;
            if (std::fabs(nearest - b) <= 0.04) b = nearest;
        }
    }
    r.support = r.beats.empty() ? 0.0 : double(supported) / double(r.beats.size());
    if (r.beats.size() >= 3) {
        std::vector<double> logs;
        for (std::size_t i = 1; i < r.beats.size(); ++i) logs.push_back(std::log(std::max(1e-3, r.beats[i] - r.beats[i - 1])));
        double jitter = 0.0;
        for (std::size_t i = 1; i < logs.size(); ++i) jitter += std::fabs(logs[i] - logs[i - 1]);
        jitter /= double(std::max<std::size_t>(1, logs.size() - 1));
        const double mean = std::accumulate(logs.begin(), logs.end(), 0.0) / double(logs.size());
        double var = 0.0;
        for (double l : logs) var += (l - mean) * (l - mean);
        const double drift = std::sqrt(var / double(logs.size()));
        r.regularity = std::exp(-(std::max(0.0, jitter - 0.01) / 0.05 + std::max(0.0, drift - 0.01) / 0.10));
    }
    return r;
}

double stabilityOf(const Rhythm& r)
{
    if (!r.valid) return 0.0;
    return clamp01(std::sqrt(r.clarity) * (0.5 * r.regularity + 0.5 * r.support));
}

/// Position of time t in the beat grid: (start of its beat, beat length).
std::pair<double, double> beatFrame(const Rhythm& r, double t)
{
    const auto& b = r.beats;
    if (b.size() < 2) {
        const double base = std::floor(t / r.period) * r.period;
        return {base, r.period};
    }
    if (t < b.front()) return {b.front() - r.period * std::ceil((b.front() - t) / r.period), r.period};
    if (t >= b.back()) return {b.back() + r.period * std::floor((t - b.back()) / r.period), r.period};
    const auto it = std::upper_bound(b.begin(), b.end(), t);
    return {*std::prev(it), *it - *std::prev(it)};
}

bool hasOnsetNear(const std::vector<double>& sorted, double t, double tol)
{
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), t - tol);
    return it != sorted.end() && *it <= t + tol;
}

/// Drum layer of a GM percussion key: kick, snare/clap, hi-hat, cymbal, tom, other.
int drumLayer(int key)
{
    if (key == 35 || key == 36) return 0;
    if (key >= 37 && key <= 40) return 1;
    if (key == 42 || key == 44 || key == 46) return 2;
    if (key == 49 || key == 51 || key == 52 || key == 53 || key == 55 || key == 57 || key == 59) return 3;
    if (key == 41 || key == 43 || key == 45 || key == 47 || key == 48 || key == 50) return 4;
    return 5;
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

double complexityOf(const Prepared& p, const Rhythm& r)
{
    if (!r.valid) return 0.0;
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
    kicks.reserve(p.parts.size());
    for (const auto& part : p.parts) {
        if (!part.part->percussion) {
            layers.push_back({part.groupOnsets, nullptr});
            continue;
        }
        std::array<std::vector<PNote>, 6> byGroup;
        for (const auto& n : part.notes) byGroup[std::size_t(drumLayer(n.pitch))].push_back(n);
        kicks.push_back(groupOnsets(byGroup[0]));
        for (std::size_t g = 0; g < byGroup.size(); ++g)
            if (!byGroup[g].empty()) layers.push_back({groupOnsets(byGroup[g]), g == 0 ? nullptr : &kicks.back()});
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
            const auto beatIndex = std::llround(base / r.period);
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
    return clamp01(0.45 * sync + 0.2 * irregular + 0.15 * layerScore + 0.2 * (1.0 - r.clarity));
}

// ------------------------------------------------------------------ articulation

double articulationOf(const Prepared& p)
{
    double staccato = 0.0, weight = 0.0;
    for (const auto& part : p.parts) {
        if (part.part->percussion) {
            // drum hits are short one-shot sounds whatever their MIDI length
            staccato += 0.15 * double(part.notes.size());
            weight += 0.15 * double(part.notes.size());
            continue;
        }
        const auto& g = part.groupOnsets;
        for (const auto& n : part.notes) {
            // inter-onset interval to the part's next distinct onset (score end for the last)
            const auto it = std::upper_bound(g.begin(), g.end(), n.on);
            const double ioi = (it != g.end() ? *it : p.end) - n.on;
            if (ioi <= 1e-6) continue;
            const double ratio = (n.off - n.on) / std::min(ioi, 1.0);
            staccato += clamp01((0.9 - ratio) / 0.5);
            weight += 1.0;
        }
    }
    return weight > 0.0 ? clamp01(staccato / weight) : 0.0;
}

// ------------------------------------------------------------------ melodiousness

double intervalSingability(int semitones)
{
    static constexpr std::array<double, 13> w{0.7, 1.0, 1.0, 0.9, 0.9, 0.75, 0.3, 0.7, 0.45, 0.45, 0.25, 0.15, 0.45};
    const int a = std::abs(semitones);
    return a <= 12 ? w[std::size_t(a)] : 0.0;
}

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
std::vector<double> topShares(const std::vector<std::vector<PNote>>& lines, const std::vector<std::vector<double>>& held)
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
                while (c + 1 < lines[k].size() && lines[k][c + 1].on <= n.on + kChordTolerance) ++c;
                const auto& other = lines[k][c];
                covered = other.on <= n.on + kChordTolerance && held[k][c] > n.on + kChordTolerance && other.pitch > n.pitch;
            }
            if (!covered) ++top;
        }
        out[i] = double(top) / double(lines[i].size());
    }
    return out;
}

double melodiousnessOf(const Prepared& p)
{
    const double span = std::max(1.0, p.last - p.first);
    std::vector<std::vector<PNote>> lines(p.parts.size());
    std::vector<std::vector<double>> held(p.parts.size()); // per line note: sounding until
    std::vector<double> monophony(p.parts.size(), 0.0);
    for (std::size_t i = 0; i < p.parts.size(); ++i) {
        const auto& part = p.parts[i];
        if (part.part->percussion || part.notes.empty()) continue;
        // top line: the highest note of each onset group
        std::size_t groups = 0, single = 0;
        for (std::size_t a = 0; a < part.notes.size();) {
            std::size_t b = a + 1;
            while (b < part.notes.size() && part.notes[b].on <= part.notes[a].on + kChordTolerance) ++b;
            const auto top = std::max_element(part.notes.begin() + std::ptrdiff_t(a), part.notes.begin() + std::ptrdiff_t(b),
                                              [](const PNote& x, const PNote& y) { return x.pitch < y.pitch; });
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
                stepSum += intervalSingability(line[k + 1].pitch - line[k].pitch);
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

// ------------------------------------------------------------------ harmony: dissonance, chords

/// Roughness of two simultaneous pitches |a - b| semitones apart: an interval-class
/// weight after the classical consonance ranking (m2/M7 1, M2/m7 0.6, tritone 0.6,
/// m3/M6 0.15, M3/m6 0.1, P4/P5 0.05, unison/octave 0), times 1 within an octave, 0.6
/// within two, 0.35 beyond (spread intervals beat less).
double pairRoughness(int semitones)
{
    static constexpr std::array<double, 7> byClass{0.0, 1.0, 0.6, 0.15, 0.1, 0.05, 0.6};
    const int a = std::abs(semitones);
    const int pc = a % 12;
    const double w = byClass[std::size_t(std::min(pc, 12 - pc))];
    return w * (a <= 12 ? 1.0 : (a <= 24 ? 0.6 : 0.35));
}

/// Harshness of a GM program's timbre in [0, 1] (noise, distortion, buzzy spectra).
double harshnessOf(int program, bool percussion)
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

struct Harmony {
    double soundingTime = 0.0; // s with at least one pitched note
    double roughness = 0.0;    // time-weighted mean pair roughness
    double majorTime = 0.0;    // s with a major (not minor) triad sounding
    double minorTime = 0.0;    // s with a minor (not major) triad sounding
};

/// One sweep over note starts and ends; between two boundaries the sounding set is
/// constant. Roughness sums update in O(sounding notes) per boundary.
Harmony analyseHarmony(const Prepared& p)
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
    bounds.reserve(p.pitched.size() * 2);
    for (const auto& n : p.pitched) {
        bounds.push_back({n.on, +1, n.pitch});
        bounds.push_back({n.off, -1, n.pitch});
    }
    std::sort(bounds.begin(), bounds.end(), [](const Boundary& a, const Boundary& b) { return a.t != b.t ? a.t < b.t : a.delta < b.delta; });
    Harmony h;
    std::vector<int> sounding;
    std::array<int, 12> pcCount{};
    double roughSum = 0.0, pairs = 0.0, weighted = 0.0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        const auto& b = bounds[i];
        if (b.delta > 0) {
            for (int q : sounding) roughSum += pairRoughness(b.pitch - q);
            pairs += double(sounding.size());
            sounding.push_back(b.pitch);
            ++pcCount[std::size_t(b.pitch % 12)];
        } else {
            const auto it = std::find(sounding.begin(), sounding.end(), b.pitch);
            if (it == sounding.end()) continue;
            *it = sounding.back();
            sounding.pop_back();
            for (int q : sounding) roughSum -= pairRoughness(b.pitch - q);
            pairs -= double(sounding.size());
            --pcCount[std::size_t(b.pitch % 12)];
            if (sounding.empty()) roughSum = pairs = 0.0; // no drift from the running sums
        }
        if (i + 1 == bounds.size() || sounding.empty()) continue;
        const double dt = bounds[i + 1].t - b.t;
        if (dt <= 0.0) continue;
        h.soundingTime += dt;
        if (pairs > 0.0) weighted += dt * std::max(0.0, roughSum) / pairs;
        unsigned mask = 0;
        for (unsigned pc = 0; pc < 12; ++pc)
            if (pcCount[pc] > 0) mask |= 1U << pc;
        const int kind = kinds[mask];
        if (kind == 1) h.majorTime += dt;
        if (kind == 2) h.minorTime += dt;
    }
    h.roughness = h.soundingTime > 0.0 ? weighted / h.soundingTime : 0.0;
    return h;
}

double dissonanceOf(const Prepared& p, const Harmony& h)
{
    const double interval = clamp01(1.0 - std::exp(-h.roughness / 0.4));
    double harsh = 0.0, weight = 0.0;
    std::vector<std::pair<double, double>> detunes; // (cents, weight) of pitched parts
    for (const auto& part : p.parts) {
        const double w = partWeight(part);
        if (w <= 0.0) continue;
        harsh += w * harshnessOf(part.part->program, part.part->percussion);
        weight += w;
        if (!part.part->percussion) detunes.emplace_back(std::isfinite(part.part->detuneCents) ? part.part->detuneCents : 0.0, w);
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

// ------------------------------------------------------------------ keys

// Krumhansl & Kessler (1982) probe-tone profiles, tonic first.
constexpr std::array<double, 12> kMajorProfile{6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> kMinorProfile{6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

using Histogram = std::array<double, 12>;

/// Pearson correlation of a pitch-class histogram with the 24 keys: 0..11 major on
/// that tonic pitch class, 12..23 minor. All zero for a flat or empty histogram.
std::array<double, 24> keyCorrelations(const Histogram& h)
{
    std::array<double, 24> out{};
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

int bestKey(const std::array<double, 24>& c)
{
    return int(std::max_element(c.begin(), c.end()) - c.begin());
}

/// Pitch classes of the key's scale: major scale, or natural minor plus the leading tone.
bool inScale(int key, int pc)
{
    static constexpr std::array<bool, 12> major{true, false, true, false, true, true, false, true, false, true, false, true};
    static constexpr std::array<bool, 12> minor{true, false, true, true, false, true, false, true, true, false, true, true};
    const int rel = (pc - key % 12 + 12) % 12;
    return key < 12 ? major[std::size_t(rel)] : minor[std::size_t(rel)];
}

struct Tonal {
    bool valid = false;
    int key = -1;
    std::array<double, 24> global{};
    double stability = 0.0;
};

/// Note weight in pitch-class histograms: sounding time, capped at 2 s per note.
Tonal analyseTonality(const Prepared& p)
{
    Tonal t;
    Histogram global{};
    constexpr double window = 8.0, hop = 4.0;
    const double start = std::max(0.0, p.first);
    const auto windows = std::size_t(std::max(1.0, std::ceil((p.end - start - window) / hop) + 1.0));
    std::vector<Histogram> local(windows, Histogram{});
    for (const auto& n : p.pitched) {
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
    if (!(mass > 0.0)) return t;
    t.valid = true;
    t.global = keyCorrelations(global);
    t.key = bestKey(t.global);
    const double g = clamp01((t.global[std::size_t(t.key)] - 0.2) / 0.6);
    double out = 0.0;
    for (int pc = 0; pc < 12; ++pc)
        if (!inScale(t.key, pc)) out += global[std::size_t(pc)];
    const double chromatic = 1.0 - clamp01(out / mass / 0.35);
    double lw = 0.0, lsum = 0.0, ksum = 0.0;
    for (const auto& h : local) {
        const double m = std::accumulate(h.begin(), h.end(), 0.0);
        if (m <= 0.0) continue;
        const auto c = keyCorrelations(h);
        const double rbest = c[std::size_t(bestKey(c))];
        lw += m;
        lsum += m * clamp01((rbest - 0.2) / 0.6);
        ksum += m * (rbest > 0.0 ? clamp01(c[std::size_t(t.key)] / rbest) : 0.0);
    }
    const double localStrength = lw > 0.0 ? lsum / lw : 0.0;
    const double constancy = lw > 0.0 ? ksum / lw : 0.0;
    t.stability = clamp01(0.35 * g + 0.2 * localStrength + 0.25 * constancy + 0.2 * chromatic);
    return t;
}

double minornessOf(const Tonal& t, const Harmony& h)
{
    if (!t.valid) return 0.5;
    const double bestMajor = *std::max_element(t.global.begin(), t.global.begin() + 12);
    const double bestMinor = *std::max_element(t.global.begin() + 12, t.global.end());
    const double keyMode = clamp01(0.5 + (bestMinor - bestMajor) / 0.4);
    const double triads = h.majorTime + h.minorTime;
    if (triads <= 0.0 || h.soundingTime <= 0.0) return keyMode;
    const double chordWeight = 0.5 * std::min(1.0, triads / (0.25 * h.soundingTime));
    return clamp01((1.0 - chordWeight) * keyMode + chordWeight * h.minorTime / triads);
}

// ------------------------------------------------------------------ emotion cues

double speedOf(const Prepared& p, const Rhythm& r)
{
    if (p.onsets.empty()) return 0.0;
    const double rate = double(p.onsets.size()) / std::max(1.0, p.last - p.first);
    const double density = clamp01(std::log2(rate / 0.5) / 4.0);
    if (!r.valid) return density;
    const double tempo = clamp01((60.0 / r.period - 60.0) / 120.0);
    return 0.5 * tempo + 0.5 * density;
}

double loudnessOf(const Prepared& p)
{
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto& part : p.parts) {
        const double volumeDb = 40.0 * std::log10(std::max(1, std::clamp(part.part->volume, 0, 127)) / 127.0);
        for (const auto& note : part.notes) {
            sum += 40.0 * std::log10(note.velocity / 127.0) + volumeDb;
            ++n;
        }
    }
    return n > 0 ? clamp01(1.0 + sum / double(n) / 36.0) : 0.0;
}

double registerOf(const Prepared& p)
{
    double sum = 0.0, w = 0.0;
    for (const auto& n : p.pitched) {
        const double d = std::min(n.off - n.on, 2.0);
        sum += d * n.pitch;
        w += d;
    }
    return w > 0.0 ? clamp01((sum / w - 40.0) / 44.0) : 0.5;
}

} // namespace

MidLevelLabels ScoreLabeler::label(const Score& score)
{
    const Prepared p = prepare(score);
    const Rhythm r = analyseRhythm(p);
    const Harmony h = analyseHarmony(p);
    const Tonal t = analyseTonality(p);
    MidLevelLabels l;
    l.melodiousness = melodiousnessOf(p);
    l.articulation = articulationOf(p);
    l.rhythmComplexity = complexityOf(p, r);
    l.rhythmStability = stabilityOf(r);
    l.dissonance = dissonanceOf(p, h);
    l.tonalStability = t.valid ? t.stability : 0.0;
    l.minorness = minornessOf(t, h);
    const double speed = speedOf(p, r), loud = loudnessOf(p), reg = registerOf(p);
    l.arousal = arousalFrom(speed, loud, l.articulation, reg, l.dissonance);
    l.valence = valenceFrom(l.minorness, speed, reg, l.dissonance, l.articulation);
    return l;
}

double ScoreLabeler::melodiousness(const Score& score) { return melodiousnessOf(prepare(score)); }
double ScoreLabeler::articulation(const Score& score) { return articulationOf(prepare(score)); }

double ScoreLabeler::rhythmComplexity(const Score& score)
{
    const Prepared p = prepare(score);
    return complexityOf(p, analyseRhythm(p));
}

double ScoreLabeler::rhythmStability(const Score& score) { return stabilityOf(analyseRhythm(prepare(score))); }

double ScoreLabeler::dissonance(const Score& score)
{
    const Prepared p = prepare(score);
    return dissonanceOf(p, analyseHarmony(p));
}

double ScoreLabeler::tonalStability(const Score& score)
{
    const Tonal t = analyseTonality(prepare(score));
    return t.valid ? t.stability : 0.0;
}

double ScoreLabeler::minorness(const Score& score)
{
    const Prepared p = prepare(score);
    return minornessOf(analyseTonality(p), analyseHarmony(p));
}

double ScoreLabeler::arousal(const Score& score) { return label(score).arousal; }
double ScoreLabeler::valence(const Score& score) { return label(score).valence; }

double ScoreLabeler::beatPeriod(const Score& score)
{
    const Rhythm r = analyseRhythm(prepare(score));
    return r.valid ? r.period : 0.0;
}

double ScoreLabeler::pulseClarity(const Score& score) { return analyseRhythm(prepare(score)).clarity; }

std::vector<double> ScoreLabeler::beats(const Score& score) { return analyseRhythm(prepare(score)).beats; }

int ScoreLabeler::estimatedKey(const Score& score) { return analyseTonality(prepare(score)).key; }

double ScoreLabeler::intervalRoughness(int semitones) { return pairRoughness(semitones); }
double ScoreLabeler::timbreHarshness(int program, bool percussion) { return harshnessOf(program, percussion); }

double ScoreLabeler::speedCue(const Score& score)
{
    const Prepared p = prepare(score);
    return speedOf(p, analyseRhythm(p));
}

double ScoreLabeler::loudnessCue(const Score& score) { return loudnessOf(prepare(score)); }
double ScoreLabeler::registerCue(const Score& score) { return registerOf(prepare(score)); }

double ScoreLabeler::arousalFrom(double speed, double loudness, double articulation, double registerCue, double dissonance)
{
    return clamp01(0.10 + 0.30 * clamp01(speed) + 0.25 * clamp01(loudness) + 0.12 * clamp01(articulation) + 0.08 * clamp01(registerCue)
                   + 0.15 * clamp01(dissonance));
}

double ScoreLabeler::valenceFrom(double minorness, double speed, double registerCue, double dissonance, double articulation)
{
    return clamp01(0.10 + 0.40 * (1.0 - clamp01(minorness)) + 0.15 * clamp01(speed) + 0.12 * clamp01(registerCue)
                   + 0.15 * (1.0 - clamp01(dissonance)) + 0.08 * (1.0 - clamp01(articulation)));
}

} // namespace emotrace
