#include "lab/Composer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <random>

#include "util/Error.h"

namespace emotrace {

namespace {

/// One random stream per musical aspect, so that changing one control (which may change
/// how many draws an aspect makes) never shifts another aspect's draws.
enum class Aspect : std::uint64_t {
    Form = 1, Harmony, Mode, Tonal, Dissonance, Time, Melody, Articulation, Drums, Complexity, Bass, Accompaniment,
    Orchestra, Dynamics, Atonal, Mix
};

class Stream {
public:
    Stream(std::uint64_t seed, Aspect aspect)
    {
        std::seed_seq seq{std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(aspect), 0x5eedu};
        m_rng.seed(seq);
    }
    double u() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }
    int pick(int n) { return int(u() * n) % std::max(1, n); }
    double normal() { return std::normal_distribution<double>(0.0, 1.0)(m_rng); }
    template <typename T> const T& choose(const std::vector<T>& v) { return v[std::size_t(pick(int(v.size())))]; }

private:
    std::mt19937_64 m_rng;
};

// GM drum keys
constexpr int kKick = 36, kSnare = 38, kClap = 39, kClosedHat = 42, kPedalHat = 44, kOpenHat = 46, kLowTom = 45,
              kMidTom = 47, kHighTom = 50, kCrash = 49, kRide = 51, kTambourine = 54, kCowbell = 56, kShaker = 70,
              kClave = 75, kSideStick = 37;

enum class Figure { Block, Arpeggio, Stabs, Comping, Homophonic, Pad };
enum class DrumFeel { None, Rock, FourOnFloor, Swing, BoomBap, March, Timpani };

struct StyleTraits {
    double tempoLow, tempoHigh;
    int beatsPerBar;
    double swing; ///< delay of off-beat eighths, in beats (0 straight, 1/6 triplet swing)
    DrumFeel drums;
    std::vector<int> sungLeads;   ///< GM voice programs (vocals stem)
    std::vector<int> playedLeads; ///< instrument leads (other stem)
    double sungShare;             ///< probability that the lead is sung
    std::vector<int> chordPrograms;
    Figure figure;
    std::vector<int> bassPrograms;
    std::vector<int> extraPrograms; ///< pads, strings, brass, guitar: the "other" stem
    std::vector<std::vector<int>> progressions; ///< scale degrees 1..7, one per chord slot
    int chordsPerBar;
    double seventhBase; ///< sevenths even at zero dissonance (jazz harmony)
};

const StyleTraits& traits(Style style)
{
    static const std::array<StyleTraits, 8> table = {{
        // Ballad
        {60, 80, 4, 0.0, DrumFeel::Rock, {53, 52, 54}, {73, 71}, 0.8, {0, 1, 4}, Figure::Arpeggio, {33, 32}, {48, 49, 89},
         {{1, 6, 4, 5}, {1, 5, 6, 4}, {6, 4, 1, 5}, {1, 4, 6, 5}}, 1, 0.0},
        // March
        {104, 124, 4, 0.0, DrumFeel::March, {52}, {56, 60, 57}, 0.15, {61, 56}, Figure::Block, {58, 57}, {72, 56},
         {{1, 4, 5, 1}, {1, 5, 1, 5}, {1, 4, 1, 5}}, 1, 0.0},
        // Dance
        {118, 130, 4, 0.0, DrumFeel::FourOnFloor, {54, 53, 85}, {80, 81, 87}, 0.6, {4, 5, 0}, Figure::Stabs, {38, 39},
         {89, 90, 50, 95}, {{6, 4, 1, 5}, {1, 5, 6, 4}, {6, 5, 4, 5}}, 1, 0.0},
        // Jazz
        {96, 160, 4, 1.0 / 6.0, DrumFeel::Swing, {53}, {65, 66, 56, 64}, 0.2, {0, 4, 26}, Figure::Comping, {32},
         {26, 11, 65}, {{2, 5, 1, 6}, {1, 6, 2, 5}, {3, 6, 2, 5}, {4, 7, 3, 6}}, 2, 0.7},
        // Ambient
        {60, 84, 4, 0.0, DrumFeel::None, {52, 53, 91}, {88, 92, 79}, 0.6, {89, 92, 4}, Figure::Pad, {38, 33}, {88, 94, 95, 50},
         {{1, 4, 1, 4}, {1, 6, 4, 1}, {4, 1, 5, 1}}, 1, 0.15},
        // HipHop
        {80, 96, 4, 0.12, DrumFeel::BoomBap, {53, 54, 85}, {4, 11, 80}, 0.7, {4, 5, 0}, Figure::Comping, {33, 38},
         {50, 89, 27}, {{1, 6, 4, 5}, {6, 4, 6, 4}, {2, 5, 1, 1}}, 1, 0.35},
        // Chorale
        {60, 80, 4, 0.0, DrumFeel::None, {52}, {19, 20}, 0.85, {48, 19, 52}, Figure::Homophonic, {42, 48}, {49, 70},
         {{1, 4, 5, 1}, {1, 6, 2, 5}, {1, 5, 6, 3}, {4, 1, 5, 1}}, 2, 0.0},
        // Film
        {70, 110, 4, 0.0, DrumFeel::Timpani, {52, 53}, {60, 61, 73, 68}, 0.45, {0, 48, 46}, Figure::Pad, {32, 43},
         {48, 49, 61, 60, 46}, {{1, 6, 3, 4}, {6, 4, 1, 5}, {1, 3, 4, 4}, {1, 5, 6, 4}}, 1, 0.0},
    }};
    return table[std::size_t(style)];
}

constexpr std::array<int, 7> kMajorScale{0, 2, 4, 5, 7, 9, 11};
constexpr std::array<int, 7> kMinorScale{0, 2, 3, 5, 7, 8, 10};

/// Pitch classes (relative to the tonic) of the scale tone at a 0-based degree index,
/// wrapping by octaves (degree -1 is the 7th below, etc.).
int scaleTone(bool minor, int degree)
{
    const auto& scale = minor ? kMinorScale : kMajorScale;
    const int octave = int(std::floor(degree / 7.0));
    return scale[std::size_t(degree - 7 * octave)] + 12 * octave;
}

struct Chord {
    int root = 0;                 ///< pitch class 0..11
    std::vector<int> intervals;   ///< above the root, semitones
    bool minorMode = false;       ///< the scale the melody uses over it
    int tonic = 0;                ///< pitch class of the current key's tonic
    bool atonal = false;
    std::vector<int> pitchClasses() const
    {
        std::vector<int> pcs;
        for (int i : intervals) pcs.push_back((root + i) % 12);
        return pcs;
    }
};

struct Bar {
    double startBeat = 0;
    int beats = 4;
    int phrase = 0;
    int indexInPhrase = 0;
    bool drumsRest = false;
    std::vector<Chord> chords; ///< chordsPerBar, evenly spaced
};

/// Performance time of beat positions: a tempo that drifts (random walk) and slows at
/// phrase ends as rhythm stability falls.
class BeatClock {
public:
    BeatClock(double tempo, double instability, Stream& stream) : m_tempo(tempo), m_instability(instability), m_stream(stream)
    {
        m_times.push_back(0.0);
    }
    /// Seconds at a beat position (extends the clock as needed).
    double seconds(double beat, double phraseEndWeight = 0.0)
    {
        while (double(m_times.size()) <= beat + 1.0) {
            m_drift = 0.9 * m_drift + m_instability * 0.07 * m_stream.normal();
            const double factor = std::exp(std::clamp(m_drift, -0.5, 0.5)) * (1.0 - 0.25 * m_instability * phraseEndWeight);
            m_times.push_back(m_times.back() + 60.0 / (m_tempo * factor));
        }
        const auto k = std::size_t(std::floor(beat));
        return m_times[k] + (beat - double(k)) * (m_times[k + 1] - m_times[k]);
    }

private:
    double m_tempo, m_instability;
    Stream& m_stream;
    double m_drift = 0.0;
    std::vector<double> m_times;
};

int clampPitch(int p) { return std::clamp(p, 0, 127); }

/// The chord tone nearest to a target pitch.
int nearestChordTone(const Chord& chord, int target)
{
    int best = target, bestDistance = 1000;
    for (int pc : chord.pitchClasses())
        for (int octave = 0; octave < 11; ++octave) {
            const int p = pc + 12 * octave;
            if (std::abs(p - target) < bestDistance) {
                bestDistance = std::abs(p - target);
                best = p;
            }
        }
    return best;
}

class ScoreWriter {
public:
    ScoreWriter(const ComposerControls& c, std::uint64_t seed) : m_c(c), m_seed(seed), m_traits(traits(c.style)) {}

    Score write()
    {
        Stream form(m_seed, Aspect::Form);
        m_tempo = m_c.tempo > 0.0 ? m_c.tempo : m_traits.tempoLow + (m_traits.tempoHigh - m_traits.tempoLow) * form.u();
        m_tonic = form.pick(12);
        m_sungLead = form.u() < m_traits.sungShare;
        m_leadProgram = m_sungLead ? form.choose(m_traits.sungLeads) : form.choose(m_traits.playedLeads);
        m_chordProgram = form.choose(m_traits.chordPrograms);
        m_bassProgram = form.choose(m_traits.bassPrograms);
        m_extraProgram = form.choose(m_traits.extraPrograms);
        m_extraCount = 1 + (form.u() < 0.4 ? 1 : 0);
        m_extraProgram2 = form.choose(m_traits.extraPrograms);

        planBars();
        Score score;
        score.nominalTempo = m_tempo;
        score.beatsPerBar = m_traits.beatsPerBar;
        if (m_c.melodiousness >= 0.1) score.parts.push_back(lead());
        score.parts.push_back(chords());
        score.parts.push_back(bass());
        if (m_traits.drums != DrumFeel::None) score.parts.push_back(drums());
        score.parts.push_back(extra(m_extraProgram, "pad", 0));
        if (m_extraCount > 1 && m_extraProgram2 != m_extraProgram) score.parts.push_back(extra(m_extraProgram2, "strings", 1));
        if (m_c.dissonance > 0.75) score.parts.push_back(harshGuitar());

        mixParts(score);
        double end = 0.0;
        for (auto& part : score.parts) {
            std::sort(part.notes.begin(), part.notes.end(), [](const Note& a, const Note& b) {
                return a.onset < b.onset || (a.onset == b.onset && a.pitch < b.pitch);
            });
            for (const Note& n : part.notes) end = std::max(end, n.onset + n.duration);
        }
        score.durationSeconds = end;
        return score;
    }

    Composer::Decisions decisions() const { return {m_tonic, m_tempo, m_sungLead}; }

private:
    /// Seeded mixing: levels, pan and reverb sends vary around each part's default; the
    /// lead, bass and drums stay near the centre, as in most mixes.
    void mixParts(Score& score) const
    {
        Stream mix(m_seed, Aspect::Mix);
        for (Part& part : score.parts) {
            const bool central = part.name == "lead" || part.name == "bass" || part.name == "drums";
            part.volume = std::clamp(part.volume + int(std::lround(20.0 * (mix.u() - 0.5))), 40, 127);
            part.pan = std::clamp(part.pan + int(std::lround((central ? 12.0 : 50.0) * (mix.u() - 0.5))), 0, 127);
            part.reverb = std::clamp(part.reverb + int(std::lround(30.0 * (mix.u() - 0.5))), 0, 127);
        }
    }

    // ---- time and form -------------------------------------------------------------
    void planBars()
    {
        m_timeStream = std::make_unique<Stream>(m_seed, Aspect::Time);
        Stream& time = *m_timeStream;
        Stream harmony(m_seed, Aspect::Harmony);
        Stream mode(m_seed, Aspect::Mode);
        Stream tonal(m_seed, Aspect::Tonal);
        Stream atonal(m_seed, Aspect::Atonal);
        Stream dissonance(m_seed, Aspect::Dissonance);
        const double instability = 1.0 - m_c.rhythmStability;
        const double tonalInstability = 1.0 - m_c.tonalStability;
        m_clock = std::make_unique<BeatClock>(m_tempo, instability, time);
        m_jitter = instability * 0.03;

        double beat = 0.0;
        int keyOffset = 0;
        std::vector<int> progression;
        for (int b = 0;; ++b) {
            Bar bar;
            bar.startBeat = beat;
            bar.phrase = b / 4;
            bar.indexInPhrase = b % 4;
            // metre changes and drum dropouts grow with rhythmic instability
            const double uMetre = time.u(), uDirection = time.u(), uDrop = time.u();
            bar.beats = m_traits.beatsPerBar;
            if (b > 0 && uMetre < instability * 0.5) bar.beats += uDirection < 0.5 ? -1 : 1;
            bar.drumsRest = b > 0 && uDrop < instability * 0.35;
            if (bar.indexInPhrase == 0) {
                progression = harmony.choose(m_traits.progressions);
                const double uModulate = tonal.u();
                const int interval = std::vector<int>{5, 7, 2, 3, 9, 1, 6, 10, 8, 4, 11}[std::size_t(tonal.pick(11))];
                if (bar.phrase > 0 && uModulate < tonalInstability * 0.9) keyOffset = (keyOffset + interval) % 12;
            }
            const double uAtonal = atonal.u();
            bar.chords.resize(std::size_t(m_traits.chordsPerBar));
            for (int k = 0; k < m_traits.chordsPerBar; ++k) {
                const int degree = progression[std::size_t((bar.indexInPhrase * m_traits.chordsPerBar + k) % int(progression.size()))];
                Chord& chord = bar.chords[std::size_t(k)];
                chord.tonic = (m_tonic + keyOffset) % 12;
                chord.minorMode = mode.u() < m_c.minorness;
                // diatonic triad of the degree in the chord's mode; V is major in minor (harmonic minor)
                const int d = degree - 1;
                chord.root = (chord.tonic + scaleTone(chord.minorMode, d)) % 12;
                for (int step : {0, 2, 4}) chord.intervals.push_back(scaleTone(chord.minorMode, d + step) - scaleTone(chord.minorMode, d));
                if (chord.minorMode && degree == 5) chord.intervals[1] = 4;
                const double u7 = dissonance.u(), uCluster = dissonance.u(), uTritone = dissonance.u();
                if (u7 < std::max(m_traits.seventhBase, m_c.dissonance * 1.6))
                    chord.intervals.push_back(scaleTone(chord.minorMode, d + 6) - scaleTone(chord.minorMode, d));
                if (uCluster < (m_c.dissonance - 0.3) * 1.4) chord.intervals.push_back(1 + (uCluster < 0.1 ? 1 : 0));
                if (uTritone < (m_c.dissonance - 0.5) * 2.0) chord.intervals.push_back(6);
                if (uAtonal < (tonalInstability - 0.45) * 1.8) {
                    // atonal bar: pitch classes with no key behind them
                    chord.atonal = true;
                    chord.root = atonal.pick(12);
                    chord.intervals = {0, 1 + atonal.pick(5), 6 + atonal.pick(5)};
                }
            }
            m_bars.push_back(bar);
            beat += bar.beats;
            if (m_clock->seconds(beat) >= m_c.durationSeconds) break;
        }
    }

    /// Onset in seconds of a beat position, with timing jitter as rhythm stability falls.
    double onset(double beat, Stream& jitterStream)
    {
        const double swung = swingBeat(beat);
        const double t = m_clock->seconds(swung) + m_jitter * jitterStream.normal();
        return std::max(0.0, t);
    }
    double swingBeat(double beat) const
    {
        if (m_traits.swing <= 0.0) return beat;
        const double frac = beat - std::floor(beat);
        return std::fabs(frac - 0.5) < 1e-9 ? beat + m_traits.swing : beat;
    }
    double seconds(double beat) { return m_clock->seconds(beat); }

    int velocity(Stream& dyn, bool accent)
    {
        const double base = 35.0 + 75.0 * m_c.loudness + (accent ? 10.0 : 0.0) + 5.0 * dyn.normal();
        return std::clamp(int(std::lround(base)), 1, 127);
    }

    /// Adds a pitched note spanning beats [start, start + length): gate long (legato) or
    /// short (staccato) by the articulation control.
    void addNote(Part& part, double startBeat, double lengthBeats, int pitch, int vel, Stream& articulation, Stream& jitter)
    {
        const double t0 = onset(startBeat, jitter);
        const double t1 = seconds(startBeat + lengthBeats);
        const bool shortNote = articulation.u() < m_c.staccato;
        const double span = std::max(0.05, t1 - t0);
        const double duration = shortNote ? std::min(0.12 + 0.1 * span, 0.3 * span) : 0.97 * span;
        part.notes.push_back({t0, std::max(0.04, duration), clampPitch(pitch), vel});
    }

    const Chord& chordAt(const Bar& bar, double beatInBar) const
    {
        const double slot = double(bar.beats) / double(bar.chords.size());
        return bar.chords[std::min(bar.chords.size() - 1, std::size_t(beatInBar / slot))];
    }

    // ---- parts -----------------------------------------------------------------------
    Part lead()
    {
        Part part;
        part.name = "lead";
        part.program = m_leadProgram;
        part.stem = m_sungLead ? Stem::Vocals : Stem::Other;
        part.volume = 110;
        part.pan = 64;
        part.reverb = 50;
        Stream melody(m_seed, Aspect::Melody);
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        Stream chroma(m_seed, Aspect::Tonal);
        const double m = m_c.melodiousness;
        const int center = int(std::lround(69.0 + 11.0 * m_c.registerShift));
        const int span = m > 0.5 ? 9 : 16;
        int degree = 0; // scale degree index relative to the tonic near the centre
        // motif: the rhythm of the first phrase, reused by later phrases when melodious
        std::vector<std::pair<double, double>> motif;
        for (const Bar& bar : m_bars) {
            std::vector<std::pair<double, double>> rhythm; // (beat in bar, length)
            const bool phraseEnd = bar.indexInPhrase == 3;
            const bool reuse = bar.phrase > 0 && !motif.empty() && melody.u() < m && bar.indexInPhrase < int(motif.size());
            if (reuse && bar.indexInPhrase == 0) rhythm = motif;
            else {
                // melodious: steady beat/eighth rhythms with a long note or rest at phrase
                // ends; unmelodious: scattered sixteenths of random length
                double pos = 0.0;
                while (pos < bar.beats - 1e-9) {
                    double length;
                    if (melody.u() < m) length = (phraseEnd && pos >= 1.0) ? double(bar.beats) - pos : (melody.u() < 0.5 ? 1.0 : 0.5);
                    else length = 0.25 * (1 + melody.pick(6));
                    length = std::min(length, double(bar.beats) - pos);
                    const bool rest = (phraseEnd && m > 0.5 && pos >= bar.beats - 1.0) || melody.u() < 0.12 * (1.0 - m) + 0.05;
                    if (!rest) rhythm.emplace_back(pos, length);
                    pos += length;
                }
            }
            if (bar.phrase == 0 && bar.indexInPhrase == 0) motif = rhythm;
            for (std::size_t i = 0; i < rhythm.size(); ++i) {
                const auto [pos, length] = rhythm[i];
                const Chord& chord = chordAt(bar, pos);
                const double uLeap = melody.u(), uDirection = melody.u();
                const int leapTo = melody.pick(2 * span + 1) - span;
                if (uLeap < (1.0 - m) * 0.85) degree = int(std::lround(leapTo * 7.0 / 12.0));
                else degree += (uDirection < 0.5 ? -1 : 1) * (melody.u() < 0.8 ? 1 : 2);
                int pitch;
                if (chord.atonal) pitch = center + (degree * 12) / 7 + melody.pick(3) - 1;
                else pitch = center - ((center - chord.tonic) % 12) + scaleTone(chord.minorMode, degree);
                // stay in range: fold back towards the centre
                while (pitch > center + span) { pitch -= 12; degree -= 7; }
                while (pitch < center - span) { pitch += 12; degree += 7; }
                if (i + 1 == rhythm.size() && phraseEnd && !chord.atonal) pitch = nearestChordTone(chord, pitch);
                if (chroma.u() < (1.0 - m_c.tonalStability) * 0.35) pitch += chroma.u() < 0.5 ? -1 : 1;
                addNote(part, bar.startBeat + pos, length, pitch, velocity(dyn, pos == 0.0), articulation, jitter);
            }
        }
        return part;
    }

    std::vector<int> voicing(const Chord& chord, int center) const
    {
        std::vector<int> pitches;
        for (int pc : chord.pitchClasses()) {
            int p = center - 6 + ((pc - (center - 6)) % 12 + 12) % 12;
            pitches.push_back(p);
        }
        std::sort(pitches.begin(), pitches.end());
        return pitches;
    }

    Part chords()
    {
        Part part;
        part.name = "chords";
        part.program = m_chordProgram;
        part.stem = m_chordProgram <= 7 ? Stem::Piano : Stem::Other;
        part.volume = 90;
        part.pan = 50;
        part.reverb = 45;
        part.detuneCents = m_c.dissonance > 0.6 ? (m_c.dissonance - 0.6) * 60.0 : 0.0;
        Stream accompaniment(m_seed, Aspect::Accompaniment);
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        Stream complexity(m_seed, Aspect::Complexity);
        const int center = int(std::lround(60.0 + 8.0 * m_c.registerShift));
        // strokes per beat from density: 1 per bar .. eighths
        const double step = m_c.density < 0.25 ? 4.0 : m_c.density < 0.5 ? 2.0 : m_c.density < 0.8 ? 1.0 : 0.5;
        for (const Bar& bar : m_bars) {
            for (double pos = 0.0; pos < bar.beats - 1e-9;) {
                const Chord& chord = chordAt(bar, pos);
                const auto pitches = voicing(chord, center);
                const double slotEnd = std::min<double>(bar.beats, (std::floor(pos / (double(bar.beats) / bar.chords.size())) + 1) * (double(bar.beats) / bar.chords.size()));
                double length = std::min(step, slotEnd - pos);
                const bool accent = pos == 0.0;
                // syncopated pushes: a stroke moved an eighth early
                double at = pos;
                if (pos > 0 && complexity.u() < m_c.rhythmComplexity * 0.4) at = pos - 0.5;
                switch (m_traits.figure) {
                case Figure::Arpeggio: {
                    const double sub = std::max(0.5, length / double(pitches.size() + 1));
                    int i = 0;
                    for (double p = 0; p < length - 1e-9; p += sub, ++i)
                        addNote(part, bar.startBeat + at + p, std::min(sub * 2, length - p), pitches[std::size_t(i) % pitches.size()],
                                velocity(dyn, accent && i == 0) - 8, articulation, jitter);
                    break;
                }
                case Figure::Stabs:
                    for (int p : pitches) addNote(part, bar.startBeat + at + std::min(0.5, length / 2), std::min(0.5, length / 2), p, velocity(dyn, false), articulation, jitter);
                    break;
                case Figure::Comping: {
                    const double off = accompaniment.u() < 0.5 ? 0.0 : 0.5;
                    for (int p : pitches) addNote(part, bar.startBeat + at + std::min(off, length / 2), length - std::min(off, length / 2), p, velocity(dyn, accent) - 5, articulation, jitter);
                    break;
                }
                case Figure::Pad:
                case Figure::Homophonic:
                case Figure::Block:
                    for (int p : pitches) addNote(part, bar.startBeat + at, length, p, velocity(dyn, accent) - 6, articulation, jitter);
                    break;
                }
                pos += length;
            }
        }
        return part;
    }

    Part bass()
    {
        Part part;
        part.name = "bass";
        part.program = m_bassProgram;
        part.stem = Stem::Bass;
        part.volume = 105;
        part.pan = 64;
        part.reverb = 20;
        Stream bassStream(m_seed, Aspect::Bass);
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        Stream complexity(m_seed, Aspect::Complexity);
        const int low = 36 + int(std::lround(4.0 * m_c.registerShift));
        for (const Bar& bar : m_bars) {
            if (bar.drumsRest && bar.indexInPhrase % 2 == 1) continue; // the rhythm section drops out together
            std::vector<double> hits;
            switch (m_traits.drums) {
            case DrumFeel::Swing: for (int b = 0; b < bar.beats; ++b) hits.push_back(b); break;          // walking
            case DrumFeel::FourOnFloor: for (int b = 0; b < bar.beats; ++b) hits.push_back(b + 0.5); break; // off-beats
            case DrumFeel::March: for (int b = 0; b < bar.beats; b += 1) hits.push_back(b); break;        // oom-pah
            case DrumFeel::BoomBap: hits = {0.0, 1.75, 2.5}; break;
            default: for (int b = 0; b < bar.beats; b += 2) hits.push_back(b); break;
            }
            for (double sub = 0.25; sub < bar.beats; sub += 0.5)
                if (complexity.u() < m_c.rhythmComplexity * 0.3) hits.push_back(sub);
            std::sort(hits.begin(), hits.end());
            hits.erase(std::remove_if(hits.begin(), hits.end(), [&](double h) { return h >= bar.beats; }), hits.end());
            for (std::size_t i = 0; i < hits.size(); ++i) {
                const double next = i + 1 < hits.size() ? hits[i + 1] : double(bar.beats);
                const Chord& chord = chordAt(bar, hits[i]);
                int pc = chord.root;
                if (m_traits.drums == DrumFeel::Swing || m_traits.drums == DrumFeel::March) {
                    const auto pcs = chord.pitchClasses();
                    pc = pcs[std::size_t(i) % std::min<std::size_t>(pcs.size(), 3)];
                }
                int pitch = low + ((pc - low) % 12 + 12) % 12;
                if (bassStream.u() < (1.0 - m_c.tonalStability) * 0.3) pitch += 1;
                addNote(part, bar.startBeat + hits[i], next - hits[i], pitch, velocity(dyn, hits[i] == 0.0), articulation, jitter);
            }
        }
        return part;
    }

    Part drums()
    {
        Part part;
        part.name = "drums";
        part.percussion = true;
        part.stem = Stem::Drums;
        part.volume = 100;
        part.reverb = 25;
        Stream drumStream(m_seed, Aspect::Drums);
        Stream complexity(m_seed, Aspect::Complexity);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        const double c = m_c.rhythmComplexity;
        // layers switched on by complexity, with pre-drawn thresholds
        const bool shakerLayer = complexity.u() < c * 1.2 - 0.1;
        const bool tripletLayer = complexity.u() < (c - 0.45) * 2.0;
        const bool tomLayer = complexity.u() < (c - 0.3) * 1.5;
        auto hit = [&](double beat, int key, int vel) {
            part.notes.push_back({onset(beat, jitter), 0.1, key, std::clamp(vel, 1, 127)});
        };
        for (const Bar& bar : m_bars) {
            const double s = bar.startBeat;
            if (bar.drumsRest) {
                hit(s, kSideStick, velocity(dyn, false) - 20);
                continue;
            }
            if (bar.indexInPhrase == 0 && bar.phrase > 0) hit(s, kCrash, velocity(dyn, true));
            for (int b = 0; b < bar.beats; ++b) {
                const bool strong = b % 2 == 0;
                switch (m_traits.drums) {
                case DrumFeel::Rock:
                    if (strong) hit(s + b, kKick, velocity(dyn, b == 0));
                    else hit(s + b, kSnare, velocity(dyn, true));
                    hit(s + b, kClosedHat, velocity(dyn, false) - 15);
                    hit(s + b + 0.5, kClosedHat, velocity(dyn, false) - 22);
                    break;
                case DrumFeel::FourOnFloor:
                    hit(s + b, kKick, velocity(dyn, true));
                    hit(s + b + 0.5, kOpenHat, velocity(dyn, false) - 15);
                    if (!strong) hit(s + b, kClap, velocity(dyn, true));
                    break;
                case DrumFeel::Swing:
                    hit(s + b, kRide, velocity(dyn, false) - 10);
                    if (!strong) { hit(s + b, kPedalHat, velocity(dyn, false) - 15); hit(s + b + 0.5, kRide, velocity(dyn, false) - 18); }
                    if (b == 0) hit(s + b, kKick, velocity(dyn, false) - 15);
                    break;
                case DrumFeel::BoomBap:
                    if (b == 0) hit(s, kKick, velocity(dyn, true));
                    if (b == 2) hit(s + 1.75, kKick, velocity(dyn, false));
                    if (!strong) hit(s + b, kSnare, velocity(dyn, true));
                    for (double q : {0.0, 0.5}) hit(s + b + q, kClosedHat, velocity(dyn, false) - 18);
                    break;
                case DrumFeel::March:
                    hit(s + b, strong ? kKick : kSnare, velocity(dyn, strong));
                    if (b == bar.beats - 1) for (double q : {0.25, 0.5, 0.75}) hit(s + b + q, kSnare, velocity(dyn, false) - 15);
                    break;
                case DrumFeel::Timpani:
                    if (b == 0) part.notes.push_back({onset(s, jitter), 0.1, kLowTom, velocity(dyn, true)});
                    break;
                case DrumFeel::None: break;
                }
                // syncopation: off-beat sixteenth kicks and snare ghosts
                for (double q : {0.25, 0.75}) {
                    const double u = complexity.u();
                    if (u < c * 0.35) hit(s + b + q, u < c * 0.2 ? kKick : kSnare, velocity(dyn, false) - 12);
                }
                if (shakerLayer) for (double q : {0.0, 0.25, 0.5, 0.75}) hit(s + b + q, kShaker, velocity(dyn, false) - 25);
            }
            if (tripletLayer) // three against the bar's beats: a polyrhythmic layer
                for (int k = 0; k < 3; ++k) hit(s + k * bar.beats / 3.0, drumStream.u() < 0.5 ? kCowbell : kClave, velocity(dyn, false) - 12);
            if (tomLayer && bar.indexInPhrase == 3)
                for (int k = 0; k < 4; ++k) hit(s + bar.beats - 1 + 0.25 * k, std::array{kHighTom, kMidTom, kLowTom, kLowTom}[std::size_t(k)], velocity(dyn, false));
            if (c > 0.6 && complexity.u() < c - 0.4) hit(s + 1.5, kTambourine, velocity(dyn, false) - 10);
        }
        return part;
    }

    Part extra(int program, const char* name, int index)
    {
        Part part;
        part.name = name;
        part.program = program;
        part.stem = Stem::Other;
        part.volume = 80;
        part.pan = index == 0 ? 84 : 40;
        part.reverb = 70;
        part.chorus = 30;
        part.detuneCents = m_c.dissonance > 0.6 ? -(m_c.dissonance - 0.6) * 60.0 : 0.0;
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        const int center = int(std::lround(64.0 + 10.0 * m_c.registerShift + (index == 1 ? 7 : 0)));
        for (const Bar& bar : m_bars) {
            const double slot = double(bar.beats) / double(bar.chords.size());
            for (std::size_t k = 0; k < bar.chords.size(); ++k) {
                const auto pitches = voicing(bar.chords[k], center);
                // sustained pad: the two upper chord tones
                for (std::size_t i = pitches.size() >= 2 ? pitches.size() - 2 : 0; i < pitches.size(); ++i)
                    addNote(part, bar.startBeat + slot * double(k), slot, pitches[i], velocity(dyn, false) - 15, articulation, jitter);
            }
        }
        return part;
    }

    /// A distorted guitar doubling the harmony in power chords plus a tritone: harsh
    /// timbre for the top of the dissonance range.
    Part harshGuitar()
    {
        Part part;
        part.name = "distortion guitar";
        part.program = 30;
        part.stem = Stem::Other;
        part.volume = 85;
        part.pan = 30;
        part.reverb = 30;
        part.detuneCents = 15.0;
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        for (const Bar& bar : m_bars)
            for (int b = 0; b < bar.beats; ++b) {
                const Chord& chord = chordAt(bar, b);
                const int root = 40 + ((chord.root - 40) % 12 + 12) % 12;
                for (int p : {root, root + 6, root + 7}) addNote(part, bar.startBeat + b, 1.0, p, velocity(dyn, b == 0), articulation, jitter);
            }
        return part;
    }

    const ComposerControls& m_c;
    std::uint64_t m_seed;
    const StyleTraits& m_traits;
    double m_tempo = 120.0;
    int m_tonic = 0;
    bool m_sungLead = false;
    int m_leadProgram = 0, m_chordProgram = 0, m_bassProgram = 32, m_extraProgram = 48, m_extraProgram2 = 48, m_extraCount = 1;
    double m_jitter = 0.0;
    std::unique_ptr<Stream> m_timeStream; ///< owned here: the clock draws from it lazily
    std::unique_ptr<BeatClock> m_clock;
    std::vector<Bar> m_bars;
};

} // namespace

Score Composer::compose(const ComposerControls& controls, std::uint64_t seed, Decisions* decisions)
{
    controls.validate();
    ScoreWriter writer(controls, seed);
    Score score = writer.write();
    if (decisions) *decisions = writer.decisions();
    return score;
}

} // namespace emotrace
