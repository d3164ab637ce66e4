#include "lab/VoiceSynth.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <iterator>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace emotrace {

namespace {

constexpr double kPi = std::numbers::pi;

// ---------------------------------------------------------------------------------------
// Randomness: splitmix64, so that a seed gives the same voice on every platform (the
// standard distributions are not specified bit for bit).

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// [0, 1)
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    /// [-1, 1)
    double symmetric() { return 2.0 * uniform() - 1.0; }
    /// Approximately normal, mean 0, variance 1 (sum of four uniforms).
    double gaussian() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * std::sqrt(3.0); }

private:
    std::uint64_t m_state;
};

double smoothstep(double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return x * x * (3.0 - 2.0 * x);
}

// ---------------------------------------------------------------------------------------
// Vowels: formant frequencies and bandwidths (Hz) of a tenor, rounded textbook values.

constexpr int kFormants = 5;
struct FormantSet {
    std::array<double, kFormants> f;
    std::array<double, kFormants> bw;
};

enum Vowel { VowelA, VowelE, VowelI, VowelO, VowelU, VowelSchwa, kVowelCount };
constexpr char kVowelLetters[] = "aeiou@";

constexpr FormantSet kVowelFormants[kVowelCount] = {
    {{700, 1150, 2600, 3300, 4000}, {80, 90, 120, 150, 200}},  // a
    {{450, 1900, 2550, 3300, 4000}, {70, 100, 120, 150, 200}}, // e
    {{300, 2250, 2950, 3500, 4200}, {50, 100, 120, 150, 200}}, // i
    {{460, 800, 2600, 3300, 4000}, {70, 80, 100, 130, 200}},   // o
    {{330, 700, 2500, 3300, 4000}, {50, 60, 100, 130, 200}},   // u
    {{500, 1450, 2500, 3400, 4100}, {70, 90, 120, 150, 200}},  // schwa
};
constexpr double kVowelWeights[kVowelCount] = {0.3, 0.2, 0.15, 0.18, 0.1, 0.07};

// Nasal murmur: a low first formant, damped upper ones.
constexpr FormantSet kNasalM = {{250, 1100, 2200, 3300, 4000}, {100, 300, 300, 300, 300}};
constexpr FormantSet kNasalN = {{250, 1600, 2500, 3300, 4000}, {100, 300, 300, 300, 300}};

enum class Consonant { None, S, Sh, F, H, P, T, K, M, N };
struct ConsonantKind {
    Consonant kind;
    double weight;   // share among consonants
    double seconds;  // duration from the onset
    double centerHz; // band-pass of the noise (0: none)
    double q;
    double level;    // noise level relative to the voice
};
constexpr ConsonantKind kConsonants[] = {
    {Consonant::S, 0.14, 0.085, 6500.0, 2.5, 0.24},  {Consonant::Sh, 0.08, 0.085, 2900.0, 2.0, 0.22},
    {Consonant::F, 0.08, 0.065, 4000.0, 0.6, 0.06},  {Consonant::H, 0.12, 0.06, 0.0, 1.0, 0.0},
    {Consonant::P, 0.10, 0.04, 900.0, 1.2, 0.45},    {Consonant::T, 0.14, 0.04, 4500.0, 1.5, 0.45},
    {Consonant::K, 0.10, 0.045, 2000.0, 1.5, 0.45},  {Consonant::M, 0.12, 0.06, 0.0, 1.0, 0.0},
    {Consonant::N, 0.12, 0.06, 0.0, 1.0, 0.0},
};
constexpr double kBurstSeconds = 0.012; // plosive burst before its aspiration

double formantScale(VoiceSettings::Type type)
{
    switch (type) {
    case VoiceSettings::Type::Bass: return 0.92;
    case VoiceSettings::Type::Tenor: return 1.0;
    case VoiceSettings::Type::Alto: return 1.12;
    case VoiceSettings::Type::Soprano: return 1.2;
    }
    return 1.0;
}

struct TypeInfo {
    VoiceSettings::Type type;
    const char* name;
    int low, high;
};
constexpr TypeInfo kTypes[] = {{VoiceSettings::Type::Bass, "bass", 40, 64},
                               {VoiceSettings::Type::Tenor, "tenor", 48, 72},
                               {VoiceSettings::Type::Alto, "alto", 53, 77},
                               {VoiceSettings::Type::Soprano, "soprano", 60, 84}};

const TypeInfo& typeInfo(VoiceSettings::Type type)
{
    for (const auto& t : kTypes)
        if (t.type == type) return t;
    return kTypes[1];
}

// ---------------------------------------------------------------------------------------
// Filters.

/// Two-pole resonator (Klatt): y = a x + b y1 + c y2, unity gain at 0 Hz. New
/// coefficients are reached by a linear glide over a block (the stability triangle is
/// convex, so every step in between is stable), so formant moves make no clicks.
struct Resonator {
    double a = 1.0, b = 0.0, c = 0.0;    // now
    double da = 0.0, db = 0.0, dc = 0.0; // per sample
    double ta = 1.0, tb = 0.0, tc = 0.0; // target
    double y1 = 0.0, y2 = 0.0;
    bool primed = false; // false: the next target is taken at once

    /// Glides to the resonance (f, bw) over `frames` samples (at once when not primed).
    void target(double f, double bw, double sampleRate, int frames)
    {
        if (f >= 0.45 * sampleRate) { // above the usable band: pass through
            ta = 1.0;
            tb = tc = 0.0;
        } else {
            const double r = std::exp(-kPi * bw / sampleRate);
            tc = -r * r;
            tb = 2.0 * r * std::cos(2.0 * kPi * f / sampleRate);
            ta = 1.0 - tb - tc;
        }
        if (!primed) {
            a = ta;
            b = tb;
            c = tc;
            da = db = dc = 0.0;
            primed = true;
        } else {
            da = (ta - a) / frames;
            db = (tb - b) / frames;
            dc = (tc - c) / frames;
        }
    }
    /// Squared magnitude response of the target at e^{iω}, given z = e^{-iω}.
    double power(std::complex<double> z) const { return ta * ta / std::norm(1.0 - tb * z - tc * z * z); }
    double process(double x)
    {
        a += da;
        b += db;
        c += dc;
        const double y = a * x + b * y1 + c * y2;
        y2 = y1;
        y1 = y;
        return y;
    }
    /// Clears the state; the next target is taken at once.
    void reset()
    {
        y1 = y2 = 0.0;
        primed = false;
        a = ta;
        b = tb;
        c = tc;
        da = db = dc = 0.0;
    }
};

/// A value that moves linearly to a new target over a block.
struct Ramp {
    double value = 0.0, step = 0.0;
    void to(double target, int frames) { step = (target - value) / frames; }
    void jump(double target)
    {
        value = target;
        step = 0.0;
    }
    double next() { return value += step; }
};

/// Biquad in direct form I, coefficients normalised by a0.
struct Biquad {
    double b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
    double x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0;
    void setNormalized(double nb0, double nb1, double nb2, double a0, double na1, double na2)
    {
        b0 = nb0 / a0;
        b1 = nb1 / a0;
        b2 = nb2 / a0;
        a1 = na1 / a0;
        a2 = na2 / a0;
    }
    /// Peak (bell) of gainDb at centerHz.
    void setPeak(double centerHz, double q, double gainDb, double sampleRate)
    {
        const double A = std::pow(10.0, gainDb / 40.0);
        const double w = 2.0 * kPi * centerHz / sampleRate;
        const double alpha = std::sin(w) / (2.0 * q);
        setNormalized(1.0 + alpha * A, -2.0 * std::cos(w), 1.0 - alpha * A, 1.0 + alpha / A, -2.0 * std::cos(w),
                      1.0 - alpha / A);
    }
    /// Band-pass with 0 dB at centerHz.
    void setBandPass(double centerHz, double q, double sampleRate)
    {
        const double w = 2.0 * kPi * centerHz / sampleRate;
        const double alpha = std::sin(w) / (2.0 * q);
        setNormalized(alpha, 0.0, -alpha, 1.0 + alpha, -2.0 * std::cos(w), 1.0 - alpha);
    }
    /// Squared magnitude response at e^{iω} given z = e^{-iω}.
    double power(std::complex<double> z) const
    {
        return std::norm(b0 + b1 * z + b2 * z * z) / std::norm(1.0 + a1 * z + a2 * z * z);
    }
    double process(double x)
    {
        const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        return y;
    }
    void reset() { x1 = x2 = y1 = y2 = 0.0; }
};

/// One-pole low-pass: y += k (x - y).
struct OnePole {
    double k = 1.0, y = 0.0;
    void set(double cutoffHz, double sampleRate) { k = 1.0 - std::exp(-2.0 * kPi * cutoffHz / sampleRate); }
    double process(double x) { return y += k * (x - y); }
    void reset() { y = 0.0; }
};

/// Slow random wander: white noise through two one-poles at control rate, scaled to unit
/// variance (AR(2) with a double pole a: variance α⁴(1 + a²)/(1 − a²)³).
class Wander {
public:
    Wander(double cutoffHz, double stepSeconds, std::uint64_t seed) : m_random(seed)
    {
        m_alpha = 1.0 - std::exp(-2.0 * kPi * cutoffHz * stepSeconds);
        const double a = 1.0 - m_alpha;
        const double variance = std::pow(m_alpha, 4) * (1.0 + a * a) / std::pow(1.0 - a * a, 3);
        m_scale = 1.0 / std::sqrt(variance);
        // start from the stationary distribution rather than from zero
        for (int i = 0; i < int(4.0 / m_alpha); ++i) next();
    }
    double next()
    {
        m_s1 += m_alpha * (m_random.gaussian() - m_s1);
        m_s2 += m_alpha * (m_s1 - m_s2);
        return m_s2 * m_scale;
    }

private:
    Random m_random;
    double m_alpha = 1.0, m_scale = 1.0, m_s1 = 0.0, m_s2 = 0.0;
};

// ---------------------------------------------------------------------------------------
// Glottal source: band-limited wavetables of the Rosenberg flow derivative.

/// ∫_0^L sin(a s) e^{-i b s} ds.
std::complex<double> sinTimesExp(double a, double b, double L)
{
    auto expIntegral = [L](double w) -> std::complex<double> { // ∫_0^L e^{i w s} ds
        if (std::abs(w) < 1e-12) return {L, 0.0};
        const std::complex<double> i(0.0, 1.0);
        return (std::exp(i * (w * L)) - 1.0) / (i * w);
    };
    return (expIntegral(a - b) - expIntegral(-a - b)) / std::complex<double>(0.0, 2.0);
}

class GlottalTables {
public:
    static constexpr int kSize = 4096;        // samples per period
    static constexpr int kMaxHarmonics = 512;

    /// openQuotient: open share of the period; the opening takes riseShare of it.
    GlottalTables(double openQuotient, double riseShare)
    {
        const double tp = openQuotient * riseShare, tn = openQuotient - tp;
        // Fourier coefficients of one period (T = 1) of the flow derivative
        //   g'(t) = π/(2tp) sin(π t/tp) on [0, tp), −π/(2tn) sin(π (t−tp)/(2tn)) on [tp, tp+tn)
        std::vector<std::complex<double>> c(kMaxHarmonics + 1);
        for (int k = 1; k <= kMaxHarmonics; ++k) {
            const double b = 2.0 * kPi * k;
            const auto open = kPi / (2.0 * tp) * sinTimesExp(kPi / tp, b, tp);
            const auto close = -kPi / (2.0 * tn) * std::exp(std::complex<double>(0.0, -b * tp)) * sinTimesExp(kPi / (2.0 * tn), b, tn);
            c[std::size_t(k)] = 2.0 * (open + close); // x(θ) = Σ Re(c_k e^{i2πkθ})
        }
        // harmonic counts, about half an octave apart, distinct, descending
        for (int j = 0;; ++j) {
            const int count = int(std::floor(kMaxHarmonics * std::pow(2.0, -0.5 * j)));
            if (count < 1) break;
            if (m_counts.empty() || count < m_counts.back()) m_counts.push_back(count);
        }
        m_tables.assign(m_counts.size(), std::vector<float>(kSize + 1));
        std::vector<double> sums(m_counts.size());
        double peak = 0.0;
        for (int n = 0; n < kSize; ++n) {
            const std::complex<double> step = std::polar(1.0, 2.0 * kPi * n / kSize);
            std::complex<double> z = 1.0;
            double sum = 0.0;
            std::size_t level = m_counts.size(); // tables filled so far, from the smallest count
            for (int k = 1; k <= kMaxHarmonics; ++k) {
                z *= step;
                sum += (c[std::size_t(k)] * z).real();
                while (level > 0 && m_counts[level - 1] == k) {
                    --level;
                    sums[level] = sum;
                }
            }
            for (std::size_t j = 0; j < m_counts.size(); ++j) m_tables[j][std::size_t(n)] = float(sums[j]);
            peak = std::max(peak, std::abs(sums[0]));
        }
        double power = 0.0;
        m_power.assign(kMaxHarmonics + 1, 0.0);
        for (int k = 1; k <= kMaxHarmonics; ++k) {
            m_power[std::size_t(k)] = 0.5 * std::norm(c[std::size_t(k)]) / (peak * peak);
            power += 0.5 * std::norm(c[std::size_t(k)]);
        }
        const float scale = float(1.0 / peak);
        for (auto& table : m_tables) {
            for (auto& v : table) v *= scale;
            table[kSize] = table[0]; // guard for interpolation
        }
        m_rms = std::sqrt(power) / peak;
    }

    /// Picks the two tables to crossfade for a harmonic budget of `allowed` (the highest
    /// harmonic number that stays below the band limit): the richest table within budget,
    /// faded in as the budget grows towards the next richer one.
    void select(double allowed, int& rich, int& poor, float& richWeight) const
    {
        if (allowed >= m_counts[0]) {
            rich = poor = 0;
            richWeight = 1.0f;
            return;
        }
        std::size_t j = 1;
        while (j < m_counts.size() && m_counts[j] > allowed) ++j;
        if (j >= m_counts.size() - 1) { // the fundamental alone
            rich = poor = int(m_counts.size()) - 1;
            richWeight = 1.0f;
            return;
        }
        rich = int(j);
        poor = int(j) + 1;
        const double position = std::log2(allowed / m_counts[j]) / std::log2(double(m_counts[j - 1]) / m_counts[j]);
        richWeight = float(std::clamp(position, 0.0, 1.0));
    }

    const float* table(int j) const { return m_tables[std::size_t(j)].data(); }
    double rms() const { return m_rms; } ///< of the richest table (peak 1)
    /// Mean power of harmonic k (1..kMaxHarmonics) in the tables (peak 1).
    double harmonicPower(int k) const { return m_power[std::size_t(k)]; }

private:
    std::vector<double> m_power;
    std::vector<int> m_counts;
    std::vector<std::vector<float>> m_tables;
    double m_rms = 1.0;
};

// ---------------------------------------------------------------------------------------
// The plan: one sung syllable per note.

struct Syllable {
    double onset = 0.0;      // s
    double end = 0.0;        // s, the voice's release starts here
    double voiceStart = 0.0; // s, the source's attack starts here
    double pitch = 60.0;     // semitones (MIDI), detune included
    double gain = 1.0;       // linear, from velocity
    double velocity = 1.0;   // 0..1
    int vowel = VowelA;
    const ConsonantKind* consonant = nullptr;
    double consonantS = 0.0;
    bool legato = false;     // follows another note without a gap: glide into it
    double vibratoRateHz = 5.5;
    double scoopSemitones = 0.0;
};

constexpr double kVoiceRelease = 0.07; // s, source fall after a note's end
constexpr double kGateFall = VoiceSynth::kReleaseSeconds - kVoiceRelease; // s, output gate fall after that
constexpr double kNasalAmplitude = 0.45;

std::vector<Syllable> planSyllables(const Part& part, const VoiceSettings& voice, double seconds, std::uint64_t seed)
{
    struct Indexed {
        Note note;
        std::size_t index;
    };
    std::vector<Indexed> notes;
    for (std::size_t i = 0; i < part.notes.size(); ++i) {
        const Note& n = part.notes[i];
        const std::string where = "part \"" + part.name + "\", note " + std::to_string(i) + ": ";
        if (!std::isfinite(n.onset) || n.onset < 0.0) throw Error(where + "onset must be >= 0 s");
        if (!std::isfinite(n.duration) || n.duration <= 0.0) throw Error(where + "duration must be > 0 s");
        if (n.pitch < 0 || n.pitch > 127) throw Error(where + "pitch must be 0..127");
        if (n.velocity < 1 || n.velocity > 127) throw Error(where + "velocity must be 1..127");
        if (n.onset < seconds) notes.push_back({n, i});
    }
    std::stable_sort(notes.begin(), notes.end(), [](const Indexed& a, const Indexed& b) { return a.note.onset < b.note.onset; });
    // one voice: of notes starting together, the highest is sung
    std::vector<Note> line;
    for (const auto& n : notes) {
        if (!line.empty() && n.note.onset - line.back().onset < 1e-3) {
            if (n.note.pitch > line.back().pitch) line.back() = n.note;
            continue;
        }
        line.push_back(n.note);
    }

    double consonantTotal = 0.0;
    for (const auto& c : kConsonants) consonantTotal += c.weight;

    std::vector<Syllable> plan;
    plan.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        const Note& n = line[i];
        Random random(mix(seed, 0x5117ab1e00000000ull + i));
        Syllable s;
        s.onset = n.onset;
        const double rawEnd = n.onset + n.duration;
        s.end = rawEnd;
        if (i + 1 < line.size()) {
            const Note& next = line[i + 1];
            s.end = std::min(s.end, next.onset);
            if (next.pitch == n.pitch && next.onset - rawEnd <= 0.04)
                s.end = std::min(s.end, std::max(n.onset + 0.5 * (next.onset - n.onset), next.onset - 0.04));
        }
        s.legato = i > 0 && n.onset - (line[i - 1].onset + line[i - 1].duration) <= 0.03;
        s.pitch = n.pitch + part.detuneCents / 100.0;
        s.velocity = n.velocity / 127.0;
        s.gain = s.velocity * s.velocity; // 40 log10(v/127) dB
        if (!voice.vowels.empty()) {
            const char letter = voice.vowels[i % voice.vowels.size()];
            s.vowel = int(std::string_view(kVowelLetters).find(letter));
        } else {
            double u = random.uniform();
            s.vowel = kVowelCount - 1;
            for (int v = 0; v < kVowelCount; ++v) {
                if (u < kVowelWeights[v]) {
                    s.vowel = v;
                    break;
                }
                u -= kVowelWeights[v];
            }
        }
        const double length = s.end - s.onset;
        const double uConsonant = random.uniform(), uKind = random.uniform();
        if (length >= 0.15 && uConsonant < voice.consonants * (s.legato ? 0.75 : 1.0)) {
            double u = uKind * consonantTotal;
            s.consonant = &kConsonants[std::size(kConsonants) - 1];
            for (const auto& c : kConsonants) {
                if (u < c.weight) {
                    s.consonant = &c;
                    break;
                }
                u -= c.weight;
            }
            s.consonantS = std::min(s.consonant->seconds * (0.85 + 0.3 * random.uniform()), 0.3 * length);
        }
        s.voiceStart = s.onset;
        if (s.consonant) {
            switch (s.consonant->kind) {
            case Consonant::S:
            case Consonant::Sh:
            case Consonant::F: s.voiceStart = s.onset + 0.8 * s.consonantS; break;
            case Consonant::H: s.voiceStart = s.onset + 0.75 * s.consonantS; break;
            case Consonant::P:
            case Consonant::T:
            case Consonant::K: s.voiceStart = s.onset + s.consonantS; break;
            default: break; // nasals are voiced from the onset
            }
        }
        s.vibratoRateHz = voice.vibratoRateHz * (1.0 + 0.04 * random.symmetric());
        s.scoopSemitones = s.legato ? 0.0 : (0.15 + 0.25 * random.uniform());
        plan.push_back(s);
    }
    return plan;
}

bool isNasal(const Syllable& s)
{
    return s.consonant && (s.consonant->kind == Consonant::M || s.consonant->kind == Consonant::N);
}
bool isPlosive(const Syllable& s)
{
    return s.consonant &&
           (s.consonant->kind == Consonant::P || s.consonant->kind == Consonant::T || s.consonant->kind == Consonant::K);
}
bool hasNoiseBand(const Syllable& s)
{
    return s.consonant && s.consonant->centerHz > 0.0;
}

/// Source envelope of a syllable (0..gain): raised-cosine attack from voiceStart, release
/// from end, nasal murmur damped.
double voiceEnvelope(const Syllable& s, double t)
{
    if (t < s.voiceStart || t >= s.end + kVoiceRelease) return 0.0;
    double e = s.gain;
    const double a = t - s.voiceStart;
    if (a < VoiceSynth::kAttackSeconds) e *= 0.5 - 0.5 * std::cos(kPi * a / VoiceSynth::kAttackSeconds);
    if (t > s.end) e *= 0.5 + 0.5 * std::cos(kPi * (t - s.end) / kVoiceRelease);
    if (isNasal(s)) {
        const double after = t - (s.onset + s.consonantS);
        e *= kNasalAmplitude + (1.0 - kNasalAmplitude) * smoothstep(after / 0.03);
    }
    return e;
}

/// Output gate: 1 from the onset until the source has ended, then a raised-cosine fall.
double gateOf(const Syllable& s, double t)
{
    if (t < s.onset) return 0.0;
    const double fall = t - (s.end + kVoiceRelease);
    if (fall <= 0.0) return 1.0;
    if (fall >= kGateFall) return 0.0;
    return 0.5 + 0.5 * std::cos(kPi * fall / kGateFall);
}

/// Raised-cosine window over [start, start + length) with the given rise and fall.
double window(double t, double start, double length, double rise, double fall)
{
    const double x = t - start;
    if (x <= 0.0 || x >= length) return 0.0;
    double w = 1.0;
    if (x < rise) w *= 0.5 - 0.5 * std::cos(kPi * x / rise);
    if (length - x < fall) w *= 0.5 - 0.5 * std::cos(kPi * (length - x) / fall);
    return w;
}

/// Aspiration before voicing (h, and a plosive's release), 0..1.
double aspirationEnvelope(const Syllable& s, double t)
{
    if (!s.consonant) return 0.0;
    if (s.consonant->kind == Consonant::H) return window(t, s.onset, s.consonantS, 0.015, 0.02);
    if (isPlosive(s)) return window(t, s.onset + kBurstSeconds, s.consonantS - kBurstSeconds + 0.01, 0.004, 0.015);
    return 0.0;
}

/// Band-passed consonant noise (fricatives, plosive bursts), 0..1.
double consonantEnvelope(const Syllable& s, double t)
{
    if (!hasNoiseBand(s)) return 0.0;
    if (isPlosive(s)) {
        const double x = t - s.onset;
        if (x <= 0.0 || x >= kBurstSeconds + 0.02) return 0.0;
        const double rise = x < 0.001 ? 0.5 - 0.5 * std::cos(kPi * x / 0.001) : 1.0;
        const double tail = kBurstSeconds + 0.02 - x; // ends smoothly
        const double end = tail < 0.01 ? 0.5 - 0.5 * std::cos(kPi * tail / 0.01) : 1.0;
        return rise * end * std::exp(-x / 0.008);
    }
    return window(t, s.onset, s.consonantS, 0.015, 0.025);
}

FormantSet lerp(const FormantSet& a, const FormantSet& b, double w)
{
    FormantSet r;
    for (int k = 0; k < kFormants; ++k) {
        r.f[std::size_t(k)] = a.f[std::size_t(k)] + w * (b.f[std::size_t(k)] - a.f[std::size_t(k)]);
        r.bw[std::size_t(k)] = a.bw[std::size_t(k)] + w * (b.bw[std::size_t(k)] - a.bw[std::size_t(k)]);
    }
    return r;
}

std::string number(double value)
{
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

} // namespace

// ---------------------------------------------------------------------------------------
// VoiceSettings

int VoiceSettings::lowestPitch() const
{
    return typeInfo(type).low;
}

int VoiceSettings::highestPitch() const
{
    return typeInfo(type).high;
}

void VoiceSettings::validate() const
{
    auto range = [](double v, double lo, double hi, const char* name, const char* unit) {
        if (!(v >= lo && v <= hi))
            throw Error(std::string("voice: ") + name + " must be in " + number(lo) + ".." + number(hi) + unit + " (got " +
                        number(v) + ")");
    };
    bool known = false;
    for (const auto& t : kTypes) known = known || t.type == type;
    if (!known) throw Error("voice: type must be bass, tenor, alto or soprano");
    range(vibratoRateHz, 4.0, 7.0, "vibrato_rate_hz", " Hz");
    range(vibratoCents, 0.0, 100.0, "vibrato_cents", " cents");
    range(vibratoDelayS, 0.0, 2.0, "vibrato_delay_s", " s");
    range(breathiness, 0.0, 1.0, "breathiness", "");
    range(jitter, 0.0, 1.0, "jitter", "");
    range(portamentoS, 0.0, 0.5, "portamento_s", " s");
    range(consonants, 0.0, 1.0, "consonants", "");
    if (vowels.size() > 256) throw Error("voice: vowels must have at most 256 letters");
    for (char c : vowels)
        if (std::string_view(kVowelLetters).find(c) == std::string_view::npos)
            throw Error(std::string("voice: vowels must be letters of \"aeiou@\" (got '") + c + "')");
}

nlohmann::json VoiceSettings::toJson() const
{
    return {{"type", typeInfo(type).name},
            {"vibrato_rate_hz", vibratoRateHz},
            {"vibrato_cents", vibratoCents},
            {"vibrato_delay_s", vibratoDelayS},
            {"breathiness", breathiness},
            {"jitter", jitter},
            {"portamento_s", portamentoS},
            {"consonants", consonants},
            {"vowels", vowels}};
}

VoiceSettings VoiceSettings::fromJson(const nlohmann::json& j)
{
    if (!j.is_object()) throw Error("voice: settings must be a JSON object");
    VoiceSettings v;
    auto read = [&j](const char* key, double& value) {
        if (!j.contains(key)) return;
        if (!j.at(key).is_number()) throw Error(std::string("voice: ") + key + " must be a number");
        value = j.at(key).get<double>();
    };
    if (j.contains("type")) {
        if (!j.at("type").is_string()) throw Error("voice: type must be a string");
        const std::string name = j.at("type").get<std::string>();
        bool found = false;
        for (const auto& t : kTypes) {
            if (name == t.name) {
                v.type = t.type;
                found = true;
            }
        }
        if (!found) throw Error("voice: type must be bass, tenor, alto or soprano (got '" + name + "')");
    }
    read("vibrato_rate_hz", v.vibratoRateHz);
    read("vibrato_cents", v.vibratoCents);
    read("vibrato_delay_s", v.vibratoDelayS);
    read("breathiness", v.breathiness);
    read("jitter", v.jitter);
    read("portamento_s", v.portamentoS);
    read("consonants", v.consonants);
    if (j.contains("vowels")) {
        if (!j.at("vowels").is_string()) throw Error("voice: vowels must be a string");
        v.vowels = j.at("vowels").get<std::string>();
    }
    v.validate();
    return v;
}

VoiceSettings VoiceSettings::draw(std::uint64_t seed, double meanPitch)
{
    Random random(mix(seed, 0x70ce5e77));
    VoiceSettings v;
    double best = 1e9;
    for (const auto& t : kTypes) {
        const double distance = std::abs(meanPitch - 0.5 * (t.low + t.high));
        if (distance < best) {
            best = distance;
            v.type = t.type;
        }
    }
    v.vibratoRateHz = 4.8 + 1.7 * random.uniform();
    v.vibratoCents = 15.0 + 45.0 * random.uniform();
    v.vibratoDelayS = 0.15 + 0.3 * random.uniform();
    v.breathiness = 0.05 + 0.4 * random.uniform();
    v.jitter = 0.1 + 0.4 * random.uniform();
    v.portamentoS = 0.03 + 0.07 * random.uniform();
    v.consonants = 0.3 + 0.4 * random.uniform();
    return v;
}

// ---------------------------------------------------------------------------------------
// VoiceSynth

AudioBuffer VoiceSynth::render(const Part& part, const VoiceSettings& voice, std::int64_t frames, int sampleRate,
                               std::uint64_t seed, const Progress& progress)
{
    voice.validate();
    if (sampleRate < 8000 || sampleRate > 192000) throw Error("voice: sample rate must be 8000..192000 Hz");
    if (frames < 0 || frames > std::int64_t(sampleRate) * 3600) throw Error("voice: frames must be 0..(one hour)");
    if (part.percussion) throw Error("part \"" + part.name + "\": a percussion part cannot be sung");
    if (part.volume < 0 || part.volume > 127) throw Error("part \"" + part.name + "\": volume must be 0..127");
    if (part.pan < 0 || part.pan > 127) throw Error("part \"" + part.name + "\": pan must be 0..127");
    if (!std::isfinite(part.detuneCents) || std::abs(part.detuneCents) > 100.0)
        throw Error("part \"" + part.name + "\": detune must be -100..100 cents");

    const double sr = sampleRate;
    const double dt = 1.0 / sr;
    const std::vector<Syllable> plan = planSyllables(part, voice, double(frames) / sr, seed);

    AudioBuffer out;
    out.sampleRate = sampleRate;
    out.channels = 2;
    out.samples.assign(std::size_t(frames) * 2, 0.0f);
    if (plan.empty() || part.volume == 0) return out;

    // Level and placement.
    const double volume = double(part.volume) / 127.0;
    const double partGain = volume * volume; // 40 log10(volume/127) dB
    const double panPosition = std::clamp((part.pan - 64) / 63.0, -1.0, 1.0);
    const double panAngle = (panPosition + 1.0) * kPi / 4.0;
    const float gainLeft = float(panPosition >= 1.0 ? 0.0 : std::cos(panAngle));
    const float gainRight = float(panPosition <= -1.0 ? 0.0 : std::sin(panAngle));

    // Source.
    const double breath = voice.breathiness;
    const double openQuotient = 0.58 + 0.15 * breath;
    const double riseShare = 0.72 - 0.08 * breath;
    const GlottalTables tables(openQuotient, riseShare);
    const double bandLimit = std::min(0.5 * sr, 20000.0);
    const double maxF0 = std::min(0.45 * sr, 4000.0);
    constexpr int kGateSize = 256;
    std::array<float, kGateSize + 1> pulseGate{}; // aspiration louder in the open phase
    for (int i = 0; i <= kGateSize; ++i) {
        const double theta = double(i) / kGateSize;
        pulseGate[std::size_t(i)] = float(theta < openQuotient ? 0.4 + 0.6 * std::pow(std::sin(kPi * theta / openQuotient), 2) : 0.4);
    }

    OnePole aspirationLow, aspirationHigh; // band 300 Hz .. 5 kHz
    aspirationLow.set(std::min(5000.0, 0.4 * sr), sr);
    aspirationHigh.set(300.0, sr);
    // Aspiration noise is defined by its spectral density: at 44.1 kHz its RMS equals the
    // voiced source's; other rates keep the density (so the level in the formants).
    const double reference = 1.0 - std::exp(-2.0 * kPi * 5000.0 / 44100.0);
    const double aspirationRms = std::sqrt(1.0 / 3.0) * std::sqrt(reference / (2.0 - reference));
    const double aspirationScale = tables.rms() / aspirationRms * std::sqrt(sr / 44100.0);
    double gatePower = 0.0;
    for (int i = 0; i < kGateSize; ++i) gatePower += double(pulseGate[std::size_t(i)]) * pulseGate[std::size_t(i)] / kGateSize;
    const double voicedGain = 1.0 - 0.5 * breath;
    const double breathGain0 = 0.7 * breath;
    const double breathGain = breathGain0 * aspirationScale;
    const double noiseBandScale = std::sqrt(sr / 44100.0); // band-passed noise level independent of the rate

    // Vocal tract and colour.
    const double scale = formantScale(voice.type);
    // F1..F5 follow the vowels; three fixed higher resonances (a uniform tube's, about
    // 1.1 kHz apart) continue the spectrum above F5 instead of letting it fall at 60 dB
    // per octave (Klatt's higher-pole correction, as poles).
    std::array<Resonator, kFormants + 3> tract;
    tract[kFormants].target(5100.0 * scale, 300.0, sr, 1);
    tract[kFormants + 1].target(6200.0 * scale, 400.0, sr, 1);
    tract[kFormants + 2].target(7300.0 * scale, 500.0, sr, 1);
    Biquad singer;
    const bool singersFormant = voice.type == VoiceSettings::Type::Tenor || voice.type == VoiceSettings::Type::Soprano;
    const double singerHz = voice.type == VoiceSettings::Type::Soprano ? 3200.0 : 3000.0;
    const bool useSinger = singersFormant && singerHz < 0.45 * sr;
    if (useSinger) singer.setPeak(singerHz, 1.5, 5.0, sr);
    OnePole shelfLow;
    shelfLow.set(1500.0, sr);
    std::array<Biquad, 2> consonantFilter; // two band-passes in cascade: 12 dB/octave skirts
    constexpr double kAspirationRms = 0.07; // RMS of h at full level
    constexpr double kVoicedRms = 0.2; // RMS of a sustained vowel at full level (peaks below ~0.9, see the test)

    // Random streams.
    Random noise(mix(seed, 0xa5b1));
    Random consonantNoise(mix(seed, 0xc0a5));
    Random periods(mix(seed, 0x9e71));
    const double controlSeconds = kControlFrames * dt;
    Wander drift(1.5, controlSeconds, mix(seed, 0xd71f));
    Wander shimmerWander(6.0, controlSeconds, mix(seed, 0x5a13));

    // State.
    double phase = 0.0, periodFactor = 1.0;
    double vibratoPhase = 0.0, vibratoDepth = 0.0;
    double shelfGain = 1.0, levelGain = 1.0; // control rate
    Ramp shelfRamp, levelRamp, shimmerRamp, weightRamp; // the same at audio rate
    int previousRich = -1, previousPoor = -1;
    double noiseUnitPower = -1.0; // breath noise power through the tract at unit gain
    double hGain = 0.0;           // input gain of h and plosive aspiration
    std::size_t firstActive = 0; // first syllable whose sound may not have ended
    std::size_t upTo = 0;        // syllables [0, upTo) have started (audio rate)
    std::size_t controlUpTo = 0; // the same at control rate
    std::ptrdiff_t current = -1; // control-rate current syllable
    FormantSet formants = kVowelFormants[plan[0].vowel], from = formants, target = formants;
    double transitionStart = 0.0, transitionSeconds = 0.04;
    bool nasalPending = false;
    double pitchNow = plan[0].pitch, glideFrom = plan[0].pitch;
    bool sounding = false; // filters hold state
    // Between notes every filter starts from rest, so a note never rings into the next.
    const auto fallSilent = [&] {
        for (auto& r : tract) r.reset();
        singer.reset();
        shelfLow.reset();
        aspirationLow.reset();
        aspirationHigh.reset();
        sounding = false;
    };
    std::ptrdiff_t consonantOwner = -1;

    auto soundEnd = [](const Syllable& s) { return s.end + VoiceSynth::kReleaseSeconds; };

    std::int64_t nextCheck = 0;
    for (std::int64_t block = 0; block < frames; block += kControlFrames) {
        if (block >= nextCheck) {
            progress.checkCancelled();
            nextCheck = block + 4096;
        }
        const std::int64_t blockEnd = std::min(frames, block + kControlFrames);
        const double t0 = block * dt;
        const double t1 = blockEnd * dt;
        while (firstActive < plan.size() && soundEnd(plan[firstActive]) <= t0) ++firstActive;
        // Silent block: nothing sounds in it and nothing starts.
        const bool starts = upTo < plan.size() && plan[upTo].onset < t1;
        if (!starts && (firstActive >= upTo)) {
            if (sounding) fallSilent();
            continue;
        }

        // --- control rate: the current syllable, pitch, formants, colour
        while (controlUpTo < plan.size() && plan[controlUpTo].onset <= t0) ++controlUpTo;
        const std::ptrdiff_t now = controlUpTo > 0 ? std::ptrdiff_t(controlUpTo) - 1 : 0; // 0: just before the first onset
        const Syllable& s = plan[std::size_t(now)];
        if (now != current) {
            const bool silentBefore = now == 0 || plan[std::size_t(now) - 1].end + kVoiceRelease <= s.onset;
            current = now;
            const FormantSet& vowelSet = kVowelFormants[s.vowel];
            const FormantSet& nasalSet = (s.consonant && s.consonant->kind == Consonant::M) ? kNasalM : kNasalN;
            from = silentBefore ? (isNasal(s) ? nasalSet : vowelSet) : formants;
            target = isNasal(s) ? nasalSet : vowelSet;
            transitionStart = s.onset;
            transitionSeconds = isNasal(s) ? 0.02 : 0.04;
            nasalPending = isNasal(s);
            glideFrom = (s.legato && !silentBefore) ? pitchNow : s.pitch;
        }
        if (nasalPending && t0 >= s.onset + s.consonantS) {
            from = formants;
            target = kVowelFormants[s.vowel];
            transitionStart = s.onset + s.consonantS;
            transitionSeconds = 0.04;
            nasalPending = false;
        }
        formants = lerp(from, target, smoothstep((t0 - transitionStart) / transitionSeconds));

        double base;
        if (s.legato && voice.portamentoS > 0.0)
            base = glideFrom + (s.pitch - glideFrom) * smoothstep((t0 - s.onset) / voice.portamentoS);
        else
            base = s.pitch - s.scoopSemitones * (1.0 - smoothstep((t0 - s.voiceStart) / 0.08));
        pitchNow = base;
        const double vibratoTarget =
            voice.vibratoCents * smoothstep((t0 - s.onset - voice.vibratoDelayS) / 0.3);
        vibratoDepth += (vibratoTarget - vibratoDepth) * (1.0 - std::exp(-controlSeconds / 0.06));
        vibratoPhase += s.vibratoRateHz * controlSeconds;
        vibratoPhase -= std::floor(vibratoPhase);
        const double cents = vibratoDepth * std::sin(2.0 * kPi * vibratoPhase) + voice.jitter * 10.0 * drift.next();
        const double shimmer = 1.0 + voice.jitter * 0.1 * shimmerWander.next();
        const double f0 = std::clamp(440.0 * std::pow(2.0, (base + cents / 100.0 - 69.0) / 12.0), 20.0, maxF0);
        const double increment = f0 * dt;
        int rich = 0, poor = 0;
        float richWeight = 1.0f;
        tables.select(bandLimit / (f0 * (1.0 + 0.01 * voice.jitter + 0.002)), rich, poor, richWeight);
        if (rich == previousRich && poor == previousPoor) weightRamp.to(richWeight, kControlFrames);
        else weightRamp.jump(richWeight); // the mixtures meet where the pair changes
        previousRich = rich;
        previousPoor = poor;
        const float* tableRich = tables.table(rich);
        const float* tablePoor = tables.table(poor);

        for (int k = 0; k < kFormants; ++k) {
            double f = formants.f[std::size_t(k)] * scale;
            const double bw = formants.bw[std::size_t(k)] * std::sqrt(scale);
            if (k == 0) f = std::max(f, std::min(1.15 * f0, 1250.0 * scale)); // F1 tuning
            if (k == 1) f = std::max(f, std::max(formants.f[0] * scale, std::min(1.15 * f0, 1250.0 * scale)) + 400.0);
            tract[std::size_t(k)].target(f, bw, sr, kControlFrames);
        }
        // Level: the voiced output's RMS at unit envelope, from the source's harmonics
        // through the tract (up to 5 kHz), held at kVoicedRms whatever the vowel and f0.
        {
            const int harmonics = std::clamp(int(std::min(5000.0, bandLimit) / f0), 1, 64);
            const std::complex<double> step = std::polar(1.0, -2.0 * kPi * f0 / sr);
            std::complex<double> z = 1.0;
            double power = 0.0;
            for (int k = 1; k <= harmonics; ++k) {
                z *= step;
                double p = tables.harmonicPower(k);
                for (const auto& r : tract) p *= r.power(z);
                if (useSinger) p *= singer.power(z);
                power += p;
            }
            // the breath noise's power through the same filters, on a 50 Hz grid, every
            // eighth block (formants move slowly)
            if (noiseUnitPower < 0.0 || (block / kControlFrames) % 8 == 0) {
                const double top = std::min(9000.0, 0.45 * sr);
                double sum = 0.0;
                for (double f = 300.0; f <= top; f += 50.0) {
                    const std::complex<double> zf = std::polar(1.0, -2.0 * kPi * f / sr);
                    const double lowPass = std::norm(aspirationLow.k / (1.0 - (1.0 - aspirationLow.k) * zf));
                    const double highPass = std::norm(1.0 - aspirationHigh.k / (1.0 - (1.0 - aspirationHigh.k) * zf));
                    double q = lowPass * highPass;
                    for (const auto& r : tract) q *= r.power(zf);
                    if (useSinger) q *= singer.power(zf);
                    sum += q * 50.0;
                }
                noiseUnitPower = (1.0 / 3.0) * aspirationScale * aspirationScale * sum / (0.5 * sr);
            }
            const double noisePower = noiseUnitPower * breathGain0 * breathGain0 * gatePower;
            // noise counts 2.5 times: its peaks stand further above its RMS
            const double total = voicedGain * voicedGain * power + 2.5 * noisePower;
            const double wanted = kVoicedRms / std::sqrt(std::max(total, 1e-12));
            levelGain = wanted; // glides over the block, like the coefficients it follows
            hGain = kAspirationRms / (levelGain * std::sqrt(std::max(noiseUnitPower, 1e-12))) * aspirationScale;
        }
        const double shelfTarget = std::pow(10.0, -6.0 * (1.0 - s.velocity) / 20.0);
        shelfGain += (shelfTarget - shelfGain) * (1.0 - std::exp(-controlSeconds / 0.03));
        if (!sounding) { // starting from silence: no glide from stale values
            levelRamp.jump(levelGain);
            shelfRamp.jump(shelfGain);
            shimmerRamp.jump(shimmer);
        } else {
            levelRamp.to(levelGain, kControlFrames);
            shelfRamp.to(shelfGain, kControlFrames);
            shimmerRamp.to(shimmer, kControlFrames);
        }

        if (hasNoiseBand(s) && consonantOwner != current) {
            consonantOwner = current;
            for (auto& f : consonantFilter) {
                f.reset();
                f.setBandPass(std::min(s.consonant->centerHz, 0.42 * sr), s.consonant->q, sr);
            }
        }
        const double consonantLevel =
            hasNoiseBand(s) ? s.consonant->level * noiseBandScale * s.gain : 0.0;

        // --- audio rate
        for (std::int64_t n = block; n < blockEnd; ++n) {
            const double t = n * dt;
            while (upTo < plan.size() && plan[upTo].onset <= t) ++upTo;
            double envelope = 0.0, gate = 0.0;
            for (std::size_t i = firstActive; i < upTo; ++i) {
                envelope = std::max(envelope, voiceEnvelope(plan[i], t));
                gate = std::max(gate, gateOf(plan[i], t));
            }
            if (gate <= 0.0) {
                if (sounding) fallSilent();
                continue;
            }
            sounding = true;
            const Syllable& last = plan[upTo - 1];
            const double aspiration = upTo - 1 == std::size_t(current) ? aspirationEnvelope(last, t) : 0.0;
            const double consonant = upTo - 1 == std::size_t(current) ? consonantEnvelope(last, t) : 0.0;

            // glottal source
            const double index = phase * GlottalTables::kSize;
            const int i0 = int(index);
            const float frac = float(index - i0);
            const float r0 = tableRich[i0], p0 = tablePoor[i0];
            const float rich1 = r0 + frac * (tableRich[i0 + 1] - r0);
            const float poor1 = p0 + frac * (tablePoor[i0 + 1] - p0);
            const double voiced = poor1 + weightRamp.next() * (rich1 - poor1);
            const double openGate = pulseGate[std::size_t(phase * kGateSize)];
            phase += increment * periodFactor;
            if (phase >= 1.0) {
                phase -= 1.0;
                periodFactor = 1.0 + voice.jitter * 0.008 * periods.symmetric();
            }
            const double white = noise.symmetric();
            const double band = aspirationLow.process(white);
            const double asp = band - aspirationHigh.process(band);

            double x = envelope * (shimmerRamp.next() * voicedGain * voiced + breathGain * openGate * asp) + aspiration * s.gain * hGain * asp;
            for (auto& r : tract) x = r.process(x);
            if (useSinger) x = singer.process(x);
            const double low = shelfLow.process(x);
            x = low + shelfRamp.next() * (x - low);
            double mono = gate * x * levelRamp.next();
            if (consonant > 0.0 || consonantOwner == current) {
                const double c = consonantFilter[1].process(consonantFilter[0].process(consonantNoise.symmetric()));
                mono += consonant * c * consonantLevel;
            }
            mono *= partGain;
            const std::size_t o = std::size_t(n) * 2;
            out.samples[o] = std::clamp(float(mono) * gainLeft, -1.0f, 1.0f);
            out.samples[o + 1] = std::clamp(float(mono) * gainRight, -1.0f, 1.0f);
        }
    }
    return out;
}

} // namespace emotrace
