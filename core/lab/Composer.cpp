#include "lab/Composer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "util/Error.h"

namespace emotrace {

namespace {

/// One random stream per musical aspect, so that changing one control (which may change
/// how many draws an aspect makes) never shifts another aspect's draws.
enum class Aspect : std::uint64_t {
    Form = 1, Harmony, Mode, Tonal, Dissonance, Time, Melody, Articulation, Drums, Complexity, Bass, Accompaniment,
    Orchestra, Dynamics, Atonal, Mix, Humanize
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

// ---- counter-based noise for the humanisation ------------------------------------------
// A note's timing, velocity and length deviations are hashes of (seed, part, beat position,
// pitch), not draws from a sequential stream: they depend only on the song and on where
// the note is, never on how many notes other controls added before it.

std::uint64_t mix64(std::uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/// Uniform in [0, 1) from a hash of the keys.
double hashUniform(std::initializer_list<std::uint64_t> keys)
{
    std::uint64_t h = 0x243f6a8885a308d3ull;
    for (std::uint64_t k : keys) h = mix64(h ^ k);
    return double(h >> 11) * 0x1.0p-53;
}

/// Standard normal from a hash of the keys (Box-Muller), clipped at +-2.
double hashNormal(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d)
{
    const double u1 = hashUniform({a, b, c, d, 1}), u2 = hashUniform({a, b, c, d, 2});
    const double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
    return std::clamp(z, -2.0, 2.0);
}

/// FNV-1a of a part name: the part's key in the humanisation hashes.
std::uint64_t nameKey(const std::string& name)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char ch : name) h = (h ^ ch) * 0x100000001b3ull;
    return h;
}

// GM drum keys
constexpr int kKick = 36, kSnare = 38, kClap = 39, kClosedHat = 42, kPedalHat = 44, kOpenHat = 46, kLowTom = 45,
              kMidTom = 47, kHighTom = 50, kCrash = 49, kRide = 51, kTambourine = 54, kCowbell = 56, kShaker = 70,
              kClave = 75, kSideStick = 37, kBassDrum = 35, kLowFloorTom = 41, kHighFloorTom = 43, kChina = 52,
              kRideBell = 53, kCabasa = 69;

/// Keys a drummer keeps time on (hi-hats, ride, shakers): they get the drummer's
/// sixteenth-note velocity pattern instead of the metric accents.
bool timekeeper(int key)
{
    return key == kClosedHat || key == kPedalHat || key == kOpenHat || key == kRide || key == kRideBell || key == kShaker ||
           key == kTambourine || key == kCabasa;
}

enum class Figure {
    Block, Arpeggio, Stabs, Comping, Homophonic, Pad,
    PowerChords, ///< rock: root-fifth-octave guitar strokes
    Chug,        ///< metal: low power chords in eighths, gallops or sixteenths
    Strum,       ///< folk: down/up strums of a six-string guitar voicing
    Gate,        ///< electronic: chord pulses on a gated sixteenth pattern
    BrokenChord, ///< solo piano left hand: block, broken or Alberti chords
    Ostinato     ///< orchestral strings: repeated chord tones in eighths or sixteenths
};
enum class DrumFeel { None, Rock, FourOnFloor, Swing, BoomBap, March, Timpani, RockFills, Metal, Techno, FolkHand, Orchestral };
/// Bass rhythm: FromDrums is the older styles' rule (follows the drum feel).
enum class BassFeel { FromDrums, Eighths, Rolling, RootFifth, Held };
/// Figure of the extra ("other") parts: Sustain holds the two upper chord tones (the
/// older styles'); Stabs are short brass chords; PluckOrSustain picks plucked programs
/// (guitars, harp, banjo) into an arpeggio and holds the others.
enum class ExtraFigure { Sustain, Stabs, PluckOrSustain };

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
    double looseness;   ///< ms: sigma of the humanised onsets at humanize 1 (<= 8)
    // ---- added with the newer styles; the defaults are the older styles' behaviour ----
    BassFeel bassFeel = BassFeel::FromDrums;
    BassFeel altBassFeel = BassFeel::FromDrums;    ///< in the alternative variant
    ExtraFigure extraFigure = ExtraFigure::Sustain;
    ExtraFigure altExtraFigure = ExtraFigure::Sustain;
    std::vector<int> extraPrograms2 = {};          ///< the second extra part's (empty: extraPrograms)
    bool twoExtras = false;                        ///< always two extra parts (else a second 40 % of the time)
    const char* extraName = "pad";
    const char* extraName2 = "strings";
    int extraChorus = 30;                          ///< CC 93 of the extra parts (supersaw: high)
    double tripleMetreShare = 0.0;                 ///< probability of 3/4 instead of beatsPerBar
    double altTempoLow = 0.0, altTempoHigh = 0.0;  ///< the alternative variant's tempo range
    double altShare = 0.0;                         ///< probability of the alternative variant
    Figure altFigure = Figure::Block;              ///< the chords' figure in the variant
    double drumShare = 1.0;                        ///< probability that the song has its drum part
    bool modalChords = false; ///< bVII for degree 7 in major (mixolydian), bII for degree 2 in minor (phrygian)
    bool soloPiano = false;   ///< every part on the chords' piano program and the piano stem, no drums
    bool timpani = false;     ///< a pitched timpani part (GM 47)
    double dynamicArc = 0.0;  ///< velocity swing of a soft-to-climax arc over the song
    bool builds = false;      ///< every third phrase is a build-up (snare roll, crescendo) into a drop
};

const StyleTraits& traits(Style style)
{
    static const std::array<StyleTraits, 14> table = {{
        // Ballad
        {60, 80, 4, 0.0, DrumFeel::Rock, {53, 52, 54}, {73, 71}, 0.8, {0, 1, 4}, Figure::Arpeggio, {33, 32}, {48, 49, 89},
         {{1, 6, 4, 5}, {1, 5, 6, 4}, {6, 4, 1, 5}, {1, 4, 6, 5}}, 1, 0.0, 6.0},
        // March
        {104, 124, 4, 0.0, DrumFeel::March, {52}, {56, 60, 57}, 0.15, {61, 56}, Figure::Block, {58, 57}, {72, 56},
         {{1, 4, 5, 1}, {1, 5, 1, 5}, {1, 4, 1, 5}}, 1, 0.0, 4.0},
        // Dance
        {118, 130, 4, 0.0, DrumFeel::FourOnFloor, {54, 53, 85}, {80, 81, 87}, 0.6, {4, 5, 0}, Figure::Stabs, {38, 39},
         {89, 90, 50, 95}, {{6, 4, 1, 5}, {1, 5, 6, 4}, {6, 5, 4, 5}}, 1, 0.0, 3.0},
        // Jazz
        {96, 160, 4, 1.0 / 6.0, DrumFeel::Swing, {53}, {65, 66, 56, 64}, 0.2, {0, 4, 26}, Figure::Comping, {32},
         {26, 11, 65}, {{2, 5, 1, 6}, {1, 6, 2, 5}, {3, 6, 2, 5}, {4, 7, 3, 6}}, 2, 0.7, 8.0},
        // Ambient
        {60, 84, 4, 0.0, DrumFeel::None, {52, 53, 91}, {88, 92, 79}, 0.6, {89, 92, 4}, Figure::Pad, {38, 33}, {88, 94, 95, 50},
         {{1, 4, 1, 4}, {1, 6, 4, 1}, {4, 1, 5, 1}}, 1, 0.15, 8.0},
        // HipHop
        {80, 96, 4, 0.12, DrumFeel::BoomBap, {53, 54, 85}, {4, 11, 80}, 0.7, {4, 5, 0}, Figure::Comping, {33, 38},
         {50, 89, 27}, {{1, 6, 4, 5}, {6, 4, 6, 4}, {2, 5, 1, 1}}, 1, 0.35, 6.0},
        // Chorale
        {60, 80, 4, 0.0, DrumFeel::None, {52}, {19, 20}, 0.85, {48, 19, 52}, Figure::Homophonic, {42, 48}, {49, 70},
         {{1, 4, 5, 1}, {1, 6, 2, 5}, {1, 5, 6, 3}, {4, 1, 5, 1}}, 2, 0.0, 7.0},
        // Film
        {70, 110, 4, 0.0, DrumFeel::Timpani, {52, 53}, {60, 61, 73, 68}, 0.45, {0, 48, 46}, Figure::Pad, {32, 43},
         {48, 49, 61, 60, 46}, {{1, 6, 3, 4}, {6, 4, 1, 5}, {1, 3, 4, 4}, {1, 5, 6, 4}}, 1, 0.0, 6.0},
        // Rock: overdriven/distorted power chords, electric bass in eighths, backbeat with
        // crashes and fills; an organ, clean guitar or string part holds the thirds
        {.tempoLow = 100, .tempoHigh = 150, .beatsPerBar = 4, .swing = 0.0, .drums = DrumFeel::RockFills,
         .sungLeads = {53, 54, 85}, .playedLeads = {29, 30, 27}, .sungShare = 0.6, .chordPrograms = {29, 30},
         .figure = Figure::PowerChords, .bassPrograms = {33, 34}, .extraPrograms = {18, 27, 16, 49},
         .progressions = {{1, 5, 6, 4}, {1, 4, 5, 4}, {1, 7, 4, 1}, {6, 4, 1, 5}, {1, 4, 1, 5}}, .chordsPerBar = 1,
         .seventhBase = 0.0, .looseness = 5.0, .bassFeel = BassFeel::Eighths, .modalChords = true},
        // Metal: palm-muted distortion chugs, double kick, i-bVI-bVII / phrygian bII in
        // minor; strings, choir or pads on top (symphonic metal) carry the mode
        {.tempoLow = 130, .tempoHigh = 200, .beatsPerBar = 4, .swing = 0.0, .drums = DrumFeel::Metal,
         .sungLeads = {53, 54, 85}, .playedLeads = {30, 29, 84}, .sungShare = 0.5, .chordPrograms = {30, 30, 29},
         .figure = Figure::Chug, .bassPrograms = {33, 34}, .extraPrograms = {48, 52, 89, 19},
         .progressions = {{1, 6, 7, 1}, {1, 2, 1, 6}, {1, 6, 4, 5}, {1, 1, 6, 7}, {1, 4, 6, 5}}, .chordsPerBar = 1,
         .seventhBase = 0.0, .looseness = 3.0, .bassFeel = BassFeel::Eighths, .modalChords = true},
        // Electronic (trance/techno): four-on-the-floor, off-beat open hats, off-beat or
        // sixteenth synth bass, gated chords, saw/square leads, supersaw pads, builds into
        // drops; progressions start on the tonic (i-VI-VII-V in minor)
        {.tempoLow = 124, .tempoHigh = 145, .beatsPerBar = 4, .swing = 0.0, .drums = DrumFeel::Techno,
         .sungLeads = {54, 85, 53}, .playedLeads = {81, 80}, .sungShare = 0.3, .chordPrograms = {90, 88, 81},
         .figure = Figure::Gate, .bassPrograms = {38, 39, 87}, .extraPrograms = {81, 81, 90, 89},
         .progressions = {{1, 6, 7, 5}, {1, 6, 4, 5}, {1, 5, 6, 4}, {1, 4, 6, 5}}, .chordsPerBar = 1,
         .seventhBase = 0.1, .looseness = 2.0, .bassFeel = BassFeel::Rolling, .extraName = "supersaw", .extraChorus = 110,
         .modalChords = true, .builds = true},
        // Folk: strummed acoustic guitar, fiddle/flute/accordion or a singer, acoustic
        // bass on root and fifth, tambourine and shaker or no drums, 3/4 or 4/4
        {.tempoLow = 90, .tempoHigh = 130, .beatsPerBar = 4, .swing = 0.0, .drums = DrumFeel::FolkHand,
         .sungLeads = {52, 53}, .playedLeads = {40, 73, 21}, .sungShare = 0.35, .chordPrograms = {25, 24, 25},
         .figure = Figure::Strum, .bassPrograms = {32}, .extraPrograms = {46, 105, 21, 41, 22},
         .progressions = {{1, 4, 1, 5}, {1, 5, 6, 4}, {1, 4, 5, 1}, {6, 4, 1, 5}, {1, 5, 4, 1}}, .chordsPerBar = 1,
         .seventhBase = 0.0, .looseness = 7.0, .bassFeel = BassFeel::RootFifth, .extraFigure = ExtraFigure::PluckOrSustain,
         .extraName = "accompaniment", .tripleMetreShare = 0.4, .drumShare = 0.55},
        // Solo piano: right-hand melody, left-hand bass and broken chords, no drums;
        // rubato comes from the rhythm-stability control; progressions start on the tonic
        // (piano alone is easily heard in the relative key otherwise)
        {.tempoLow = 50, .tempoHigh = 110, .beatsPerBar = 4, .swing = 0.0, .drums = DrumFeel::None, .sungLeads = {0},
         .playedLeads = {0, 1}, .sungShare = 0.0, .chordPrograms = {0, 1, 0}, .figure = Figure::BrokenChord,
         .bassPrograms = {0}, .extraPrograms = {0},
         .progressions = {{1, 6, 4, 5}, {1, 4, 5, 1}, {1, 5, 6, 4}, {1, 4, 6, 5}, {1, 6, 2, 5}, {1, 2, 5, 1}},
         .chordsPerBar = 1, .seventhBase = 0.1, .looseness = 8.0, .bassFeel = BassFeel::Held, .extraName = "right hand",
         .tripleMetreShare = 0.25, .soloPiano = true},
        // Orchestral: slow (60-80 bpm, sustained strings, horn chorale) or battle
        // (120-160 bpm, string ostinati, brass stabs, big drums); timpani, woodwinds,
        // a dynamic arc from soft to climax
        {.tempoLow = 60, .tempoHigh = 80, .beatsPerBar = 4, .swing = 0.0, .drums = DrumFeel::Orchestral, .sungLeads = {52},
         .playedLeads = {68, 71, 73, 60, 56, 40}, .sungShare = 0.2, .chordPrograms = {48, 49}, .figure = Figure::Pad,
         .bassPrograms = {42, 43}, .extraPrograms = {61, 57, 60},
         .progressions = {{1, 6, 3, 4}, {1, 6, 4, 5}, {6, 4, 1, 5}, {1, 4, 6, 5}, {1, 5, 6, 4}}, .chordsPerBar = 1,
         .seventhBase = 0.0, .looseness = 7.0, .bassFeel = BassFeel::Held, .altBassFeel = BassFeel::Eighths,
         .extraFigure = ExtraFigure::Sustain, .altExtraFigure = ExtraFigure::Stabs, .extraPrograms2 = {68, 71, 73, 52, 46},
         .twoExtras = true, .extraName = "brass", .extraName2 = "woodwinds", .altTempoLow = 120, .altTempoHigh = 160,
         .altShare = 0.5, .altFigure = Figure::Ostinato, .timpani = true, .dynamicArc = 18.0},
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
    /// Semitones from the root to the chord's fifth (the third interval of the triad).
    int fifth() const { return intervals.size() >= 3 ? intervals[2] : 7; }
};

struct Bar {
    double startBeat = 0;
    int beats = 4;
    int phrase = 0;
    int indexInPhrase = 0;
    bool drumsRest = false;
    bool build = false;        ///< a build-up bar (styles with builds)
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

/// The lowest pitch of pitch class pc at or above low.
int pitchAtOrAbove(int pc, int low) { return low + ((pc - low) % 12 + 12) % 12; }

/// GM programs played by plucking (guitars, harp, banjo and the like).
bool plucked(int program) { return (program >= 24 && program <= 31) || program == 45 || program == 46 || (program >= 104 && program <= 107); }

class ScoreWriter {
public:
    ScoreWriter(const ComposerControls& c, std::uint64_t seed) : m_c(c), m_seed(seed), m_traits(traits(c.style)), m_human(c.humanize)
    {
        // the drummer's sixteenth-note velocity pattern on hi-hats and ride (one per song)
        // (quarter loudest, then the off-beat eighth, the sixteenths softest; +-2 per song)
        const std::array<double, 4> base{6.0, -6.0, -2.0, -8.0};
        for (std::size_t k = 0; k < 4; ++k)
            m_hatPattern[k] = base[k] + 4.0 * (hashUniform({m_seed, std::uint64_t(Aspect::Humanize), 0x4a7ull, k}) - 0.5);
        m_sigma = std::min(8.0, m_traits.looseness) * 1e-3 * m_human;
    }

    Score write()
    {
        Stream form(m_seed, Aspect::Form);
        const double uTempo = m_c.tempo > 0.0 ? 0.0 : form.u(); // drawn only when the tempo is not given
        m_tonic = form.pick(12);
        m_sungLead = form.u() < m_traits.sungShare;
        m_leadProgram = m_sungLead ? form.choose(m_traits.sungLeads) : form.choose(m_traits.playedLeads);
        m_chordProgram = form.choose(m_traits.chordPrograms);
        m_bassProgram = form.choose(m_traits.bassPrograms);
        m_extraProgram = form.choose(m_traits.extraPrograms);
        m_extraCount = 1 + (form.u() < 0.4 ? 1 : 0);
        m_extraProgram2 = form.choose(m_traits.extraPrograms);
        // draws of the newer styles' decisions come after all of the older ones
        const double uVariant = form.u(), uMetre = form.u(), uDrums = form.u();
        if (!m_traits.extraPrograms2.empty()) m_extraProgram2 = form.choose(m_traits.extraPrograms2);
        if (m_traits.twoExtras) m_extraCount = 2;
        if (m_traits.soloPiano) m_leadProgram = m_bassProgram = m_extraProgram = m_extraProgram2 = m_chordProgram;

        // the alternative variant (orchestral battle music); an explicit tempo decides it
        if (m_traits.altShare > 0.0)
            m_variant = m_c.tempo > 0.0 ? m_c.tempo >= 0.5 * (m_traits.tempoHigh + m_traits.altTempoLow) : uVariant < m_traits.altShare;
        const double low = m_variant ? m_traits.altTempoLow : m_traits.tempoLow;
        const double high = m_variant ? m_traits.altTempoHigh : m_traits.tempoHigh;
        m_tempo = m_c.tempo > 0.0 ? m_c.tempo : low + (high - low) * uTempo;
        m_beatsPerBar = uMetre < m_traits.tripleMetreShare ? 3 : m_traits.beatsPerBar;
        m_hasDrums = m_traits.drums != DrumFeel::None && uDrums < m_traits.drumShare;
        m_figure = m_variant ? m_traits.altFigure : m_traits.figure;

        planBars();
        Score score;
        score.nominalTempo = m_tempo;
        score.beatsPerBar = m_beatsPerBar;
        const bool hasLead = m_c.melodiousness >= 0.1;
        if (hasLead) score.parts.push_back(lead());
        score.parts.push_back(chords());
        score.parts.push_back(bass());
        if (m_hasDrums) score.parts.push_back(drums());
        if (m_traits.timpani) score.parts.push_back(timpani());
        if (!m_traits.soloPiano || !hasLead) score.parts.push_back(extra(m_extraProgram, m_traits.extraName, 0));
        if (!m_traits.soloPiano && m_extraCount > 1 && m_extraProgram2 != m_extraProgram)
            score.parts.push_back(extra(m_extraProgram2, m_traits.extraName2, 1));
        if (m_c.dissonance > 0.75 && !m_traits.soloPiano) score.parts.push_back(harshGuitar());

        mixParts(score);
        if (m_traits.dynamicArc > 0.0) applyDynamicArc(score);
        double end = 0.0;
        for (auto& part : score.parts) {
            std::sort(part.notes.begin(), part.notes.end(), [](const Note& a, const Note& b) {
                return a.onset < b.onset || (a.onset == b.onset && a.pitch < b.pitch);
            });
            // humanised onsets may bring a note's next repetition forward into its tail;
            // the newer styles' fast figures may repeat a drum key within 0.1 s
            if (m_human > 0.0 || isNewStyle()) trimOverlaps(part);
            for (const Note& n : part.notes) end = std::max(end, n.onset + n.duration);
        }
        score.durationSeconds = end;
        return score;
    }

    Composer::Decisions decisions() const { return {m_tonic, m_tempo, m_sungLead}; }

private:
    bool isNewStyle() const { return int(m_c.style) >= int(Style::Rock); }

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

    /// Velocities follow an arc over the song: soft at the start, a climax at 70 % of
    /// it, settling towards the end (+-dynamicArc velocity steps).
    void applyDynamicArc(Score& score) const
    {
        double end = 0.0;
        for (const Part& part : score.parts)
            for (const Note& n : part.notes) end = std::max(end, n.onset);
        if (end <= 0.0) return;
        for (Part& part : score.parts)
            for (Note& n : part.notes) {
                const double x = n.onset / end;
                const double shape = x < 0.7 ? -1.0 + 2.0 * x / 0.7 : 1.0 - (x - 0.7) / 0.3;
                n.velocity = std::clamp(n.velocity + int(std::lround(m_traits.dynamicArc * shape)), 1, 127);
            }
    }

    /// A note ends 3 ms before the next onset of the same pitch in its part (MIDI cannot
    /// hold one pitch twice on a channel), but lasts at least 10 ms (a doubled stroke
    /// less than 13 ms before its twin still touches it).
    static void trimOverlaps(Part& part)
    {
        std::array<int, 128> last;
        last.fill(-1);
        for (std::size_t i = 0; i < part.notes.size(); ++i) {
            Note& n = part.notes[i];
            const int previous = last[std::size_t(n.pitch)];
            if (previous >= 0) {
                Note& p = part.notes[std::size_t(previous)];
                const double room = n.onset - p.onset - 0.003;
                if (p.onset + p.duration > n.onset - 0.003) p.duration = std::max(std::min(p.duration, 0.01), room);
            }
            last[std::size_t(n.pitch)] = int(i);
        }
        for (Note& n : part.notes) n.duration = std::max(n.duration, 0.001);
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
            bar.build = m_traits.builds && bar.phrase % 3 == 2;
            // metre changes and drum dropouts grow with rhythmic instability
            const double uMetre = time.u(), uDirection = time.u(), uDrop = time.u();
            bar.beats = m_beatsPerBar;
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
                if (m_traits.modalChords) {
                    // rock's mixolydian bVII instead of the diminished vii in major,
                    // metal's phrygian bII instead of the diminished ii in minor
                    if (!chord.minorMode && degree == 7) chord.root = (chord.tonic + 10) % 12, chord.intervals = {0, 4, 7};
                    if (chord.minorMode && degree == 2) chord.root = (chord.tonic + 1) % 12, chord.intervals = {0, 4, 7};
                }
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

    /// Onset in seconds of a beat position, with timing jitter as rhythm stability falls
    /// and the humanised shift (s).
    double onset(double beat, Stream& jitterStream, double shift = 0.0)
    {
        const double swung = swingBeat(beat);
        const double t = m_clock->seconds(swung) + m_jitter * jitterStream.normal() + shift;
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

    // ---- humanisation (ComposerControls::humanize) ------------------------------------
    static std::uint64_t tick(double beat) { return std::uint64_t(std::llround(beat * 960.0) + (std::int64_t(1) << 40)); }

    /// The bar a beat position falls in (the first or last bar outside the piece).
    const Bar& barAt(double beat) const
    {
        const auto it = std::upper_bound(m_bars.begin(), m_bars.end(), beat, [](double b, const Bar& bar) { return b < bar.startBeat; });
        return it == m_bars.begin() ? m_bars.front() : *(it - 1);
    }

    /// Seconds by which a note of a part at a beat position leaves the grid (0 at
    /// humanize 0). See ComposerControls::humanize for the model.
    double humanShift(const Part& part, double beat, int pitch) const
    {
        if (m_human <= 0.0) return 0.0;
        const std::uint64_t h = std::uint64_t(Aspect::Humanize), t = tick(beat), key = nameKey(part.name);
        const double shared = 0.4 * m_sigma * hashNormal(m_seed, h, t, 0x5a4eull);
        if (part.percussion) return shared + 0.15 * m_sigma * hashNormal(m_seed, key, t, std::uint64_t(pitch));
        const double own = (part.stem == Stem::Bass && !m_traits.soloPiano ? 0.6 : 0.75) * m_sigma * hashNormal(m_seed, key, t, 0x0ddull);
        const double spread = 0.25 * m_sigma * hashNormal(m_seed, key, t, std::uint64_t(pitch));
        const double lean = 0.3 * m_sigma * (2.0 * hashUniform({m_seed, h, key, 0x1ea9ull}) - 1.0);
        return shared + own + spread + lean;
    }

    /// A humanised velocity: metric accents (or the drummer's hi-hat pattern) and noise.
    int humanVelocity(const Part& part, double beat, int pitch, int vel) const
    {
        if (m_human <= 0.0) return vel;
        const Bar& bar = barAt(beat);
        const double pos = beat - bar.startBeat;
        const double frac = pos - std::floor(pos + 1e-9);
        double accent;
        if (part.percussion && timekeeper(pitch)) accent = m_hatPattern[std::size_t(std::lround(frac * 4.0)) % 4];
        else if (frac < 1e-6 || frac > 1.0 - 1e-6) accent = std::fabs(pos) < 1e-6 ? 7.0 : (bar.beats == 4 && std::fabs(pos - 2.0) < 1e-6 ? 3.0 : 0.0);
        else if (std::fabs(frac - 0.5) < 1e-6) accent = -3.0;
        else if (std::fabs(frac - 0.25) < 1e-6 || std::fabs(frac - 0.75) < 1e-6) accent = -5.0;
        else accent = -4.0;
        const double noise = 4.0 * hashNormal(m_seed, nameKey(part.name), tick(beat), 0x7e10000ull + std::uint64_t(pitch));
        return std::clamp(int(std::lround(vel + m_human * (accent + noise))), 1, 127);
    }

    /// A humanised length (s) of a note that spans `span` seconds to its next position:
    /// legato notes hold 90..99 % of it, short notes vary but stay under 40 %.
    double humanLength(const Part& part, double beat, int pitch, double duration, double span, bool shortNote) const
    {
        if (m_human <= 0.0) return duration;
        const double z = hashNormal(m_seed, nameKey(part.name), tick(beat), 0x1e9000ull + std::uint64_t(pitch));
        if (shortNote) return std::min(duration * std::exp(0.15 * m_human * z), 0.4 * span);
        return std::clamp(0.97 + 0.03 * m_human * z, 0.90, 0.99) * span;
    }

    /// Adds a pitched note spanning beats [start, start + length): gate long (legato) or
    /// short (staccato) by the articulation control. strumSeconds delays it further (the
    /// strings of a strum).
    void addNote(Part& part, double startBeat, double lengthBeats, int pitch, int vel, Stream& articulation, Stream& jitter,
                 double strumSeconds = 0.0)
    {
        const double t0 = onset(startBeat, jitter, humanShift(part, startBeat, pitch) + strumSeconds);
        const double t1 = seconds(startBeat + lengthBeats);
        const bool shortNote = articulation.u() < m_c.staccato;
        const double span = std::max(0.05, t1 - t0);
        double duration = shortNote ? std::min(0.12 + 0.1 * span, 0.3 * span) : 0.97 * span;
        duration = humanLength(part, startBeat, pitch, duration, span, shortNote);
        part.notes.push_back({t0, std::max(0.04, duration), clampPitch(pitch), humanVelocity(part, startBeat, pitch, vel)});
    }

    /// Adds a drum hit (0.1 s, the GM kit's one-shots).
    void addHit(Part& part, double beat, int key, int vel, Stream& jitter)
    {
        part.notes.push_back({onset(beat, jitter, humanShift(part, beat, key)), 0.1, key, std::clamp(humanVelocity(part, beat, key, vel), 1, 127)});
    }

    const Chord& chordAt(const Bar& bar, double beatInBar) const
    {
        const double slot = double(bar.beats) / double(bar.chords.size());
        return bar.chords[std::min(bar.chords.size() - 1, std::size_t(beatInBar / slot))];
    }

    /// 0..1 through a build-up phrase (0 outside one).
    static double buildProgress(const Bar& bar, double pos)
    {
        return bar.build ? (bar.indexInPhrase * 4.0 + 4.0 * pos / bar.beats) / 16.0 : 0.0;
    }

    // ---- parts -----------------------------------------------------------------------
    Part lead()
    {
        Part part;
        part.name = "lead";
        part.program = m_leadProgram;
        part.stem = m_traits.soloPiano ? Stem::Piano : m_sungLead ? Stem::Vocals : Stem::Other;
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

    /// Guitar power chord: root in [low, low + 11], the chord's fifth, the octave, and
    /// whatever the chord adds beyond its triad (sevenths, clusters, tritones).
    static std::vector<int> powerChord(const Chord& chord, int low, bool octave)
    {
        const int root = pitchAtOrAbove(chord.root, low);
        std::vector<int> pitches{root, root + chord.fifth()};
        if (octave) pitches.push_back(root + 12);
        for (std::size_t i = 3; i < chord.intervals.size(); ++i) pitches.push_back(root + 12 + chord.intervals[i]);
        return pitches;
    }

    /// A six-string open-position voicing: the root in [40, 51], then chord tones upwards
    /// (every pitch class of the chord, at most six strings).
    static std::vector<int> guitarVoicing(const Chord& chord, int shift)
    {
        const auto pcs = chord.pitchClasses();
        const int root = pitchAtOrAbove(chord.root, 40 + shift);
        std::vector<int> strings{root};
        for (int p = root + 3; p <= root + 24 && strings.size() < 6; ++p)
            if (std::find(pcs.begin(), pcs.end(), p % 12) != pcs.end() && p - strings.back() >= 3) strings.push_back(p);
        return strings;
    }

    /// Stroke positions (beats in the bar) of a chord slot for the rhythmic figures.
    std::vector<double> strokes(double slotStart, double slotEnd, double step) const
    {
        std::vector<double> out;
        for (double p = slotStart; p < slotEnd - 1e-9; p += step) out.push_back(p);
        return out;
    }

    /// Syncopation by the rhythm-complexity control: a stroke on a beat (not the bar's
    /// first) is anticipated by a sixteenth (nothing left on the beat itself).
    double syncopate(double pos, Stream& complexity) const
    {
        const double u = complexity.u();
        const bool onBeat = std::fabs(pos - std::round(pos)) < 1e-9 && pos > 0.5;
        return onBeat && u < m_c.rhythmComplexity * 0.45 ? pos - 0.25 : pos;
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
        if (m_figure >= Figure::PowerChords) {
            patternChords(part);
            return part;
        }
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
                switch (m_figure) {
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
                default: // Pad, Homophonic, Block
                    for (int p : pitches) addNote(part, bar.startBeat + at, length, p, velocity(dyn, accent) - 6, articulation, jitter);
                    break;
                }
                pos += length;
            }
        }
        return part;
    }

    /// The newer styles' rhythmic accompaniment figures: per chord slot a list of strokes
    /// (density sets how many, rhythm complexity anticipates some), each note held to the
    /// next stroke (so the staccato control alone decides how short notes are).
    void patternChords(Part& part)
    {
        Stream accompaniment(m_seed, Aspect::Accompaniment);
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        Stream complexity(m_seed, Aspect::Complexity);
        const double d = m_c.density;
        const int shift = int(std::lround(6.0 * m_c.registerShift));
        // the electronic gate: one pattern of sixteenths per song; rhythm complexity takes
        // beats and eighths out of it (the steps before them are then syncopated)
        std::array<bool, 16> gate{};
        for (std::size_t k = 0; k < gate.size(); ++k) {
            const double u = accompaniment.u();
            gate[k] = k == 0 || k % 4 == 1 || k % 4 == 3 || u >= m_c.rhythmComplexity * 0.6;
        }
        // the strummer's up-strokes: which off-beats of a bar are played at middling density
        const double uUp1 = accompaniment.u(), uUp2 = accompaniment.u();
        for (const Bar& bar : m_bars) {
            const double slot = double(bar.beats) / double(bar.chords.size());
            for (std::size_t k = 0; k < bar.chords.size(); ++k) {
                const Chord& chord = bar.chords[k];
                const double s0 = slot * double(k), s1 = s0 + slot;
                // (position in bar, pitches, velocity offset, strum direction)
                struct Stroke { double pos; std::vector<int> pitches; int accent; int strum; };
                std::vector<Stroke> list;
                switch (m_figure) {
                case Figure::PowerChords: {
                    const double step = d < 0.3 ? slot : d < 0.6 ? 1.0 : 0.5;
                    for (double p : strokes(s0, s1, step))
                        list.push_back({syncopate(p, complexity), powerChord(chord, 40 + shift, true), p == 0.0 ? 4 : 0, 0});
                    break;
                }
                case Figure::Chug:
                    for (double b = s0; b < s1 - 1e-9; b += 1.0) {
                        // eighths, gallops or sixteenths; complexity leaves the beat out ("djent")
                        std::vector<double> sub = d < 0.35 ? std::vector<double>{0.0, 0.5} : d < 0.7 ? std::vector<double>{0.0, 0.5, 0.75}
                                                                                                   : std::vector<double>{0.0, 0.25, 0.5, 0.75};
                        if (b > 0.5 && complexity.u() < m_c.rhythmComplexity * 0.5) sub = {0.25, 0.75};
                        for (double q : sub) list.push_back({b + q, powerChord(chord, 40 + shift, q == 0.0), q == 0.0 ? 3 : -6, 0});
                    }
                    break;
                case Figure::Strum: {
                    // down-strokes on the beats, up-strokes on off-beats by density; rhythm
                    // complexity ties a strum over a beat (the up-stroke before it stays):
                    // the "D . D U . U D U" of folk and pop guitar
                    const auto strings = guitarVoicing(chord, shift);
                    std::vector<bool> tied;
                    for (double b = s0; b < s1 - 1e-9; b += 1.0) tied.push_back(b > 0.5 && complexity.u() < m_c.rhythmComplexity * 0.45);
                    for (std::size_t i = 0; i < tied.size(); ++i) {
                        const double b = s0 + double(i);
                        const int beatInBar = int(std::lround(b));
                        const bool beforeTie = i + 1 < tied.size() && tied[i + 1];
                        const bool up = d >= 0.65 || beforeTie ||
                                        (d >= 0.3 && ((beatInBar % 2 == 1 && uUp1 < 0.8) || (beatInBar % 2 == 0 && beatInBar > 0 && uUp2 < 0.5)));
                        if (!tied[i]) list.push_back({b, strings, beatInBar == 0 ? 4 : 0, 1});
                        if (up) list.push_back({b + 0.5, strings, -10, -1});
                    }
                    break;
                }
                case Figure::Gate: {
                    // off-beat stabs when sparse, else gated eighths or sixteenths
                    const auto pitches = voicing(chord, int(std::lround(62.0 + 8.0 * m_c.registerShift)));
                    if (d < 0.35) {
                        for (double b = s0; b < s1 - 1e-9; b += 1.0) list.push_back({b + 0.5, pitches, 0, 0});
                    } else {
                        const double step = d < 0.7 ? 0.5 : 0.25;
                        for (double p = s0; p < s1 - 1e-9; p += step) {
                            const std::size_t sixteenth = std::size_t(std::lround(p * 4.0)) % 16;
                            if (gate[sixteenth]) list.push_back({p, pitches, sixteenth % 4 == 0 ? 2 : -4, 0});
                        }
                    }
                    break;
                }
                case Figure::BrokenChord: {
                    // left hand between the bass and the melody
                    const auto pitches = voicing(chord, int(std::lround(55.0 + 6.0 * m_c.registerShift)));
                    if (d < 0.3) {
                        list.push_back({s0, pitches, 2, 0});
                    } else {
                        const double step = d < 0.65 ? 1.0 : 0.5;
                        static constexpr std::array<std::size_t, 4> alberti{0, 2, 1, 2};
                        std::size_t i = 0;
                        for (double p : strokes(s0, s1, step)) {
                            const std::size_t index = step < 1.0 ? alberti[i % 4] : i;
                            list.push_back({syncopate(p, complexity), {pitches[index % pitches.size()]}, i == 0 ? 2 : -4, 0});
                            ++i;
                        }
                    }
                    break;
                }
                case Figure::Ostinato: {
                    const auto pitches = voicing(chord, int(std::lround(57.0 + 8.0 * m_c.registerShift)));
                    const double step = d < 0.3 ? 1.0 : d < 0.65 ? 0.5 : 0.25;
                    static constexpr std::array<std::size_t, 4> cell{0, 0, 2, 1};
                    std::size_t i = 0;
                    for (double p : strokes(s0, s1, step)) {
                        const bool onBeat = std::fabs(p - std::round(p)) < 1e-9;
                        list.push_back({syncopate(p, complexity), {pitches[cell[i % 4] % pitches.size()]}, onBeat ? 3 : -3, 0});
                        ++i;
                    }
                    break;
                }
                default: break;
                }
                std::stable_sort(list.begin(), list.end(), [](const Stroke& a, const Stroke& b) { return a.pos < b.pos; });
                for (std::size_t i = 0; i < list.size(); ++i) {
                    const Stroke& st = list[i];
                    if (i > 0 && std::fabs(st.pos - list[i - 1].pos) < 1e-9) continue;
                    const double next = i + 1 < list.size() ? list[i + 1].pos : s1;
                    const double length = std::max(0.125, next - st.pos);
                    const int ramp = int(std::lround(25.0 * buildProgress(bar, st.pos))) - (bar.build ? 12 : 0);
                    const int vel = velocity(dyn, st.pos == 0.0) - 6 + st.accent + ramp;
                    for (std::size_t n = 0; n < st.pitches.size(); ++n) {
                        // a strum sweeps the strings 2.5 ms apart at humanize 1, centred on the
                        // stroke (six strings: -6.25..+6.25 ms)
                        const std::size_t order = st.strum < 0 ? st.pitches.size() - 1 - n : n;
                        const double centred = double(order) - 0.5 * double(st.pitches.size() - 1);
                        const double sweep = st.strum != 0 ? 0.0025 * m_human * centred : 0.0;
                        addNote(part, bar.startBeat + st.pos, length, st.pitches[n], vel - (st.strum != 0 ? int(order) : 0), articulation, jitter, sweep);
                    }
                }
            }
        }
    }

    Part bass()
    {
        Part part;
        part.name = "bass";
        part.program = m_bassProgram;
        part.stem = m_traits.soloPiano ? Stem::Piano : Stem::Bass;
        part.volume = 105;
        part.pan = 64;
        part.reverb = 20;
        Stream bassStream(m_seed, Aspect::Bass);
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        Stream complexity(m_seed, Aspect::Complexity);
        const int low = 36 + int(std::lround(4.0 * m_c.registerShift));
        const BassFeel feel = m_variant ? m_traits.altBassFeel : m_traits.bassFeel;
        int rootFifth = 0;
        for (const Bar& bar : m_bars) {
            if (bar.drumsRest && bar.indexInPhrase % 2 == 1) continue; // the rhythm section drops out together
            std::vector<double> hits;
            switch (feel) {
            case BassFeel::FromDrums:
                switch (m_traits.drums) {
                case DrumFeel::Swing: for (int b = 0; b < bar.beats; ++b) hits.push_back(b); break;          // walking
                case DrumFeel::FourOnFloor: for (int b = 0; b < bar.beats; ++b) hits.push_back(b + 0.5); break; // off-beats
                case DrumFeel::March: for (int b = 0; b < bar.beats; b += 1) hits.push_back(b); break;        // oom-pah
                case DrumFeel::BoomBap: hits = {0.0, 1.75, 2.5}; break;
                default: for (int b = 0; b < bar.beats; b += 2) hits.push_back(b); break;
                }
                break;
            case BassFeel::Eighths: for (double b = 0; b < bar.beats; b += 0.5) hits.push_back(b); break;
            case BassFeel::Rolling: // off-beat eighths when sparse, else driving sixteenths
                for (int b = 0; b < bar.beats; ++b)
                    for (double q : m_c.density < 0.4 ? std::vector<double>{0.5} : std::vector<double>{0.0, 0.25, 0.5, 0.75}) hits.push_back(b + q);
                break;
            case BassFeel::RootFifth: // root and fifth on the strong beats (oom-pah-pah in 3/4)
                for (int b = 0; b < bar.beats; b += bar.beats == 3 ? 3 : 2) hits.push_back(b);
                break;
            case BassFeel::Held: // the left hand / the basses: the bar, or its halves when dense
                hits.push_back(0.0);
                if (m_c.density >= 0.5 && bar.beats >= 4) hits.push_back(2.0);
                break;
            }
            for (double sub = 0.25; sub < bar.beats; sub += 0.5)
                if (complexity.u() < m_c.rhythmComplexity * 0.3) hits.push_back(sub);
            std::sort(hits.begin(), hits.end());
            hits.erase(std::remove_if(hits.begin(), hits.end(), [&](double h) { return h >= bar.beats; }), hits.end());
            if (feel != BassFeel::FromDrums) hits.erase(std::unique(hits.begin(), hits.end(), [](double a, double b) { return std::fabs(a - b) < 1e-9; }), hits.end());
            for (std::size_t i = 0; i < hits.size(); ++i) {
                const double next = i + 1 < hits.size() ? hits[i + 1] : double(bar.beats);
                const Chord& chord = chordAt(bar, hits[i]);
                int pc = chord.root;
                if (feel == BassFeel::FromDrums && (m_traits.drums == DrumFeel::Swing || m_traits.drums == DrumFeel::March)) {
                    const auto pcs = chord.pitchClasses();
                    pc = pcs[std::size_t(i) % std::min<std::size_t>(pcs.size(), 3)];
                }
                if (feel == BassFeel::RootFifth && std::fabs(hits[i] - std::round(hits[i])) < 1e-9 && rootFifth++ % 2 == 1)
                    pc = (chord.root + chord.fifth()) % 12;
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
        auto hit = [&](double beat, int key, int vel) { addHit(part, beat, key, vel, jitter); };
        const bool newFeel = m_traits.drums >= DrumFeel::RockFills;
        for (const Bar& bar : m_bars) {
            const double s = bar.startBeat;
            if (bar.drumsRest) {
                hit(s, kSideStick, velocity(dyn, false) - 20);
                continue;
            }
            // the newer feels' per-bar choices (drawn for every bar, whatever is used)
            double uFill = 1.0, uFillLength = 0.0, uVariation = 1.0, uCymbal = 1.0;
            if (newFeel) uFill = drumStream.u(), uFillLength = drumStream.u(), uVariation = drumStream.u(), uCymbal = drumStream.u();
            const bool fillBar = bar.indexInPhrase == 3 && uFill < 0.75;
            const int fillBeats = uFillLength < 0.6 ? 1 : 2;
            if (bar.indexInPhrase == 0 && bar.phrase > 0) hit(s, kCrash, velocity(dyn, true));
            for (int b = 0; b < bar.beats; ++b) {
                const bool strong = b % 2 == 0;
                const bool fillBeat = fillBar && b >= bar.beats - fillBeats;
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
                    if (b == 0) hit(s, kLowTom, velocity(dyn, true));
                    break;
                case DrumFeel::RockFills:
                    if (fillBeat) { fill(part, s + b, dyn, jitter, b + 1 == bar.beats); break; }
                    if (strong) hit(s + b, kKick, velocity(dyn, b == 0));
                    else hit(s + b, kSnare, velocity(dyn, true));
                    if (b == 2 && uVariation < 0.5) hit(s + b + 0.5, kKick, velocity(dyn, false) - 6); // kick on the and of 3
                    if (b == 0 && bar.indexInPhrase == 2 && uCymbal < 0.4) hit(s, kCrash, velocity(dyn, true) - 5);
                    for (double q : {0.0, 0.5}) hit(s + b + q, bar.phrase % 2 == 1 ? kRide : kClosedHat, velocity(dyn, false) - (q == 0.0 ? 15 : 22));
                    break;
                case DrumFeel::Metal:
                    if (fillBeat) { fill(part, s + b, dyn, jitter, b + 1 == bar.beats); break; }
                    // double kick in sixteenths (eighths in some bars), snare on 2 and 4 (on 3:
                    // half time above 170 bpm), a cymbal on every beat
                    for (double q : uVariation < 0.75 ? std::vector<double>{0.0, 0.25, 0.5, 0.75} : std::vector<double>{0.0, 0.5})
                        hit(s + b + q, kKick, velocity(dyn, q == 0.0) - (q == 0.0 ? 0 : 8));
                    if (m_tempo > 170.0 ? b == 2 : !strong) hit(s + b, kSnare, velocity(dyn, true));
                    hit(s + b, b == 0 ? kCrash : uCymbal < 0.5 ? kChina : kRide, velocity(dyn, false) - (b == 0 ? 4 : 12));
                    break;
                case DrumFeel::Techno:
                    // four on the floor (also through builds), off-beat open hats, sixteenth
                    // closed hats, clap on 2 and 4; a build adds a snare roll that doubles each bar
                    hit(s + b, kKick, velocity(dyn, true));
                    hit(s + b + 0.5, kOpenHat, velocity(dyn, false) - 12);
                    for (double q : {0.25, 0.75}) hit(s + b + q, kClosedHat, velocity(dyn, false) - 24);
                    if (!strong) hit(s + b, kClap, velocity(dyn, true) - 4);
                    if (bar.build) {
                        const double step = bar.indexInPhrase == 0 ? 1.0 : bar.indexInPhrase == 1 ? 0.5 : 0.25;
                        for (double q = 0.0; q < 1.0 - 1e-9; q += step)
                            hit(s + b + q, kSnare, velocity(dyn, false) - 30 + int(std::lround(40.0 * buildProgress(bar, b + q))));
                    }
                    break;
                case DrumFeel::FolkHand:
                    // a soft low drum on the one, tambourine on the backbeats, shaker eighths
                    if (b == 0) hit(s, kLowFloorTom, velocity(dyn, true) - 12);
                    if (b > 0 && (bar.beats == 3 || !strong)) hit(s + b, kTambourine, velocity(dyn, false) - 6);
                    for (double q : {0.0, 0.5}) hit(s + b + q, kShaker, velocity(dyn, false) - (q == 0.0 ? 18 : 24));
                    break;
                case DrumFeel::Orchestral:
                    if (m_variant) {
                        // battle: bass drum and taiko-like toms, snare backbeat, rolls into phrases
                        if (fillBeat) { for (double q : {0.0, 0.25, 0.5, 0.75}) hit(s + b + q, kSnare, velocity(dyn, false) - 10 + int(q * 16)); break; }
                        if (strong) hit(s + b, kBassDrum, velocity(dyn, b == 0));
                        else hit(s + b, kSnare, velocity(dyn, false) - 4);
                        hit(s + b + 0.5, uVariation < 0.5 ? kHighFloorTom : kLowFloorTom, velocity(dyn, false) - 10);
                    } else if (b == 0 && bar.indexInPhrase == 0) {
                        hit(s, kBassDrum, velocity(dyn, true) - 8); // slow: a bass drum stroke opening each phrase
                    }
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

    /// A drummer's fill over one beat: sixteenths down the toms (snare first on the
    /// earlier beat of a two-beat fill), getting louder.
    void fill(Part& part, double beat, Stream& dyn, Stream& jitter, bool last)
    {
        static constexpr std::array<int, 4> early{kSnare, kSnare, kHighTom, kHighTom};
        static constexpr std::array<int, 4> late{kHighTom, kMidTom, kLowTom, kLowFloorTom};
        for (std::size_t k = 0; k < 4; ++k)
            addHit(part, beat + 0.25 * double(k), (last ? late : early)[k], velocity(dyn, false) - 8 + 3 * int(k), jitter);
        if (last) addHit(part, beat, kKick, velocity(dyn, false) - 6, jitter);
    }

    /// Pitched timpani (GM 47) on the root and fifth of the harmony: strokes on the
    /// strong beats in battle music, phrase openings in slow music, and a roll rising
    /// into every new phrase.
    Part timpani()
    {
        Part part;
        part.name = "timpani";
        part.program = 47;
        part.stem = Stem::Other;
        part.volume = 95;
        part.pan = 70;
        part.reverb = 60;
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        const int low = 41 + int(std::lround(2.0 * m_c.registerShift));
        for (const Bar& bar : m_bars) {
            if (bar.drumsRest) continue;
            const Chord& chord = chordAt(bar, 0.0);
            const int root = pitchAtOrAbove(chord.root, low);
            const int fifth = pitchAtOrAbove((chord.root + chord.fifth()) % 12, low);
            const double rollFrom = bar.indexInPhrase == 3 ? double(bar.beats) - (m_variant ? 1.0 : 2.0) : double(bar.beats);
            for (int b = 0; b < bar.beats && b < rollFrom; ++b) {
                const bool stroke = m_variant ? b % 2 == 0 : (b == 0 && bar.indexInPhrase == 0);
                if (stroke) addNote(part, bar.startBeat + b, m_variant ? 2.0 : double(bar.beats), b == 0 ? root : fifth, velocity(dyn, b == 0), articulation, jitter);
            }
            for (double p = rollFrom; p < bar.beats - 1e-9; p += 0.25)
                addNote(part, bar.startBeat + p, 0.25, root, velocity(dyn, false) - 20 + int(std::lround(25.0 * (p - rollFrom) / 2.0)), articulation, jitter);
        }
        return part;
    }

    Part extra(int program, const char* name, int index)
    {
        Part part;
        part.name = name;
        part.program = program;
        part.stem = m_traits.soloPiano ? Stem::Piano : Stem::Other;
        part.volume = 80;
        part.pan = index == 0 ? 84 : 40;
        part.reverb = 70;
        part.chorus = m_traits.extraChorus;
        part.detuneCents = m_c.dissonance > 0.6 ? -(m_c.dissonance - 0.6) * 60.0 : 0.0;
        Stream articulation(m_seed, Aspect::Articulation);
        Stream jitter(m_seed, Aspect::Time);
        Stream dyn(m_seed, Aspect::Dynamics);
        // the second part sits above the first, except where it would cover the lead
        // (orchestral woodwinds hold below it)
        const int above = index == 1 ? (m_traits.twoExtras ? -5 : 7) : 0;
        const int center = int(std::lround(64.0 + 10.0 * m_c.registerShift + above));
        ExtraFigure figure = m_variant ? m_traits.altExtraFigure : m_traits.extraFigure;
        if (figure == ExtraFigure::PluckOrSustain) figure = plucked(program) ? ExtraFigure::PluckOrSustain : ExtraFigure::Sustain;
        if (index == 1) figure = ExtraFigure::Sustain; // the second extra part holds
        for (const Bar& bar : m_bars) {
            const double slot = double(bar.beats) / double(bar.chords.size());
            for (std::size_t k = 0; k < bar.chords.size(); ++k) {
                const auto pitches = voicing(bar.chords[k], center);
                const double s0 = bar.startBeat + slot * double(k);
                switch (figure) {
                case ExtraFigure::Sustain:
                    // sustained pad: the two upper chord tones
                    for (std::size_t i = pitches.size() >= 2 ? pitches.size() - 2 : 0; i < pitches.size(); ++i)
                        addNote(part, s0, slot, pitches[i], velocity(dyn, false) - 15, articulation, jitter);
                    break;
                case ExtraFigure::Stabs: {
                    // brass: a chord on the one, then accents by density (and of 2, the four)
                    std::vector<double> at{0.0};
                    if (m_c.density >= 0.4) at.push_back(1.5);
                    if (m_c.density >= 0.75) at.push_back(3.0);
                    for (std::size_t i = 0; i < at.size() && at[i] < slot; ++i) {
                        const double length = std::min(1.0, (i + 1 < at.size() ? std::min(at[i + 1], slot) : slot) - at[i]);
                        for (int p : pitches) addNote(part, s0 + at[i], length, p, velocity(dyn, i == 0) - 4, articulation, jitter);
                    }
                    break;
                }
                case ExtraFigure::PluckOrSustain: {
                    // finger-picked eighths over the chord (harp, banjo)
                    static constexpr std::array<std::size_t, 4> pattern{0, 1, 2, 1};
                    std::size_t i = 0;
                    for (double p = 0.0; p < slot - 1e-9; p += 0.5, ++i)
                        addNote(part, s0 + p, 0.5, pitches[pattern[i % 4] % pitches.size()], velocity(dyn, p == 0.0) - 14, articulation, jitter);
                    break;
                }
                }
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
    double m_human = 0.0;                 ///< the humanize control
    double m_sigma = 0.0;                 ///< s: humanize x looseness
    std::array<double, 4> m_hatPattern{}; ///< velocity offsets per sixteenth of a beat
    double m_tempo = 120.0;
    int m_tonic = 0;
    bool m_sungLead = false;
    int m_leadProgram = 0, m_chordProgram = 0, m_bassProgram = 32, m_extraProgram = 48, m_extraProgram2 = 48, m_extraCount = 1;
    int m_beatsPerBar = 4;
    bool m_variant = false;  ///< the style's alternative variant (orchestral battle music)
    bool m_hasDrums = true;
    Figure m_figure = Figure::Block;
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
