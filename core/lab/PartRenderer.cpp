#include "lab/PartRenderer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <mutex>
#include <numbers>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fluidsynth.h>

#include "util/Error.h"

namespace emotrace {

namespace {

// RAII for the FluidSynth objects.
struct SettingsDeleter {
    void operator()(fluid_settings_t* p) const { delete_fluid_settings(p); }
};
struct SynthDeleter {
    void operator()(fluid_synth_t* p) const { delete_fluid_synth(p); }
};
using SettingsPtr = std::unique_ptr<fluid_settings_t, SettingsDeleter>;
using SynthPtr = std::unique_ptr<fluid_synth_t, SynthDeleter>;

constexpr int kMelodicChannel = 0;
constexpr int kDrumChannel = 9; // GM channel 10
constexpr int kDrumBank = 128;
constexpr int kPolyphony = 256;
constexpr int kBendRangeSemitones = 2;
constexpr int kChunkFrames = 4096; // frames per write between cancellation checks (multiple of 64)
static_assert(kChunkFrames % PartRenderer::kSynthBlockFrames == 0);

// FluidSynth logs to stderr from whichever thread calls it. Core reports through
// exceptions only, so every level goes here; messages of a call that may fail (loading a
// font) are collected for its Error on the calling thread, the rest are dropped.
thread_local std::string* t_fluidMessages = nullptr;

void collectFluidMessage(int level, const char* message, void*)
{
    if (!t_fluidMessages || !message || level > FLUID_WARN) return;
    if (!t_fluidMessages->empty()) *t_fluidMessages += "; ";
    *t_fluidMessages += message;
}

void silenceFluidLog()
{
    static std::once_flag once;
    std::call_once(once, [] {
        for (int level : {FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG})
            fluid_set_log_function(level, collectFluidMessage, nullptr);
    });
}

/// Collects FluidSynth's messages on this thread while it lives.
class FluidMessages {
public:
    FluidMessages() : m_previous(t_fluidMessages) { t_fluidMessages = &m_text; }
    FluidMessages(const FluidMessages&) = delete;
    FluidMessages& operator=(const FluidMessages&) = delete;
    ~FluidMessages() { t_fluidMessages = m_previous; }
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
    std::string* m_previous;
};

std::string number(double value)
{
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

void checkRange(const char* field, double value, double low, double high)
{
    if (!std::isfinite(value) || value < low || value > high)
        throw Error(std::string("render settings: ") + field + " " + number(value) + " outside " + number(low) +
                    ".." + number(high));
}

void validate(const RenderSettings& s, int sampleRate)
{
    checkRange("reverbRoomSize", s.reverbRoomSize, 0.0, 1.0);
    checkRange("reverbDamping", s.reverbDamping, 0.0, 1.0);
    checkRange("reverbWidth", s.reverbWidth, 0.0, 100.0);
    checkRange("reverbLevel", s.reverbLevel, 0.0, 1.0);
    checkRange("chorusDepth", s.chorusDepth, 0.0, 256.0);
    checkRange("chorusLevel", s.chorusLevel, 0.0, 10.0);
    checkRange("chorusVoices", s.chorusVoices, 0.0, 99.0);
    checkRange("chorusSpeedHz", s.chorusSpeedHz, 0.1, 5.0);
    checkRange("masterGain", s.masterGain, 0.0, 10.0);
    checkRange("tailSeconds", s.tailSeconds, 0.0, 30.0);
    checkRange("masterLevelDb", s.masterLevelDb, -60.0, 0.0);
    checkRange("tiltDb", s.tiltDb, -12.0, 12.0);
    checkRange("tiltPivotHz", s.tiltPivotHz, 20.0, 0.45 * sampleRate);
}

void validate(const Score& score)
{
    const auto partName = [](const Part& part, std::size_t index) {
        return "part " + (part.name.empty() ? std::to_string(index + 1) : "\"" + part.name + "\"");
    };
    if (!std::isfinite(score.durationSeconds) || score.durationSeconds < 0.0 ||
        score.durationSeconds > PartRenderer::kMaxSeconds)
        throw Error("score: duration " + number(score.durationSeconds) + " s outside 0.." +
                    number(PartRenderer::kMaxSeconds));
    for (std::size_t p = 0; p < score.parts.size(); ++p) {
        const Part& part = score.parts[p];
        const std::string name = partName(part, p);
        const auto midi = [&](const char* what, int value, int low) {
            if (value < low || value > 127)
                throw Error(name + ": " + what + " " + std::to_string(value) + " outside " + std::to_string(low) +
                            "..127");
        };
        midi("program", part.program, 0);
        midi("volume", part.volume, 0);
        midi("pan", part.pan, 0);
        midi("reverb", part.reverb, 0);
        midi("chorus", part.chorus, 0);
        if (!std::isfinite(part.detuneCents) || std::abs(part.detuneCents) > 100.0)
            throw Error(name + ": detune " + number(part.detuneCents) + " cents outside -100..100");
        for (std::size_t n = 0; n < part.notes.size(); ++n) {
            const Note& note = part.notes[n];
            const std::string where = name + ", note " + std::to_string(n + 1) + ": ";
            if (!std::isfinite(note.onset) || note.onset < 0.0)
                throw Error(where + "onset " + number(note.onset) + " s is negative or not a number");
            if (!std::isfinite(note.duration) || note.duration <= 0.0)
                throw Error(where + "duration " + number(note.duration) + " s is not positive");
            if (note.onset + note.duration > PartRenderer::kMaxSeconds)
                throw Error(where + "ends after " + number(PartRenderer::kMaxSeconds) + " s");
            if (note.pitch < 0 || note.pitch > 127)
                throw Error(where + "pitch " + std::to_string(note.pitch) + " outside 0..127");
            if (note.velocity < 1 || note.velocity > 127)
                throw Error(where + "velocity " + std::to_string(note.velocity) + " outside 1..127");
        }
    }
}

/// One MIDI event of a part at a frame on the synthesizer's block grid.
struct Event {
    std::int64_t frame = 0;
    bool on = false;
    int key = 0;
    int velocity = 0;
    std::size_t note = 0; // index in the part, to drop note-offs of retriggered keys
};

/// First-order tilt: low frequencies at -tiltDb/2, high at +tiltDb/2, 0 dB at the pivot.
/// Analog prototype H(s) = (g s + w0) / (s + g w0), g = 10^(tiltDb/40), by the bilinear
/// transform prewarped at the pivot. Linear and time-invariant, so applying it to every
/// stem equals applying it to the mix.
void applyTilt(AudioBuffer& audio, double tiltDb, double pivotHz)
{
    const double g = std::pow(10.0, tiltDb / 40.0);
    const double k = std::tan(std::numbers::pi * pivotHz / audio.sampleRate);
    const double norm = 1.0 + g * k;
    const double b0 = (g + k) / norm, b1 = (k - g) / norm, a1 = (g * k - 1.0) / norm;
    const auto channels = std::size_t(audio.channels);
    for (std::size_t c = 0; c < channels; ++c) {
        double x1 = 0.0, y1 = 0.0;
        for (std::size_t i = c; i < audio.samples.size(); i += channels) {
            const double x = audio.samples[i];
            const double y = b0 * x + b1 * x1 - a1 * y1;
            audio.samples[i] = float(y);
            x1 = x;
            y1 = y;
        }
    }
}

} // namespace

/// Owns the font: a FluidSynth instance that only loads it (and never plays), so that
/// each part can render on a fresh synthesizer that borrows the loaded font.
///
/// Why fresh synthesizers: FluidSynth keeps per-voice-slot state across
/// fluid_synth_system_reset() (a reused voice renders its whole note slightly differently,
/// up to ~1e-4, from one that is new), so one synthesizer reused for part after part gives
/// stems that depend on what was rendered before. A new synthesizer costs under a
/// millisecond; loading the font again would cost up to a second.
class PartRenderer::Synth {
public:
    Synth(std::filesystem::path soundfont, int sampleRate);

    RenderedSong render(const Score& score, const RenderSettings& settings, const Progress& progress);

    std::filesystem::path file;
    int rate = 0;

private:
    /// A synthesizer with its own settings and the borrowed font; gives the font back
    /// before it is deleted (FluidSynth would free a font it still lists).
    class PartSynth;

    [[noreturn]] void failFont(const std::string& problem) const { throw Error(file.string() + ": " + problem); }
    SettingsPtr makeSettings() const;
    std::vector<Event> eventsOf(const Part& part) const;
    void renderPart(const Part& part, std::size_t index, const RenderSettings& settings, std::int64_t frames,
                    std::vector<float>& out, const std::function<void(std::int64_t)>& advanced);

    SettingsPtr m_loaderSettings;
    SynthPtr m_loader;
    fluid_sfont_t* m_font = nullptr; // owned by m_loader
};

class PartRenderer::Synth::PartSynth {
public:
    PartSynth(SettingsPtr settings, fluid_sfont_t* font) : m_settings(std::move(settings)), m_font(font)
    {
        m_synth.reset(new_fluid_synth(m_settings.get()));
        if (!m_synth) throw Error("FluidSynth: cannot create a synthesizer (out of memory?)");
        m_fontId = fluid_synth_add_sfont(m_synth.get(), m_font);
        if (m_fontId == FLUID_FAILED) {
            m_synth.reset();
            throw Error("FluidSynth: cannot attach the soundfont to a synthesizer");
        }
    }
    PartSynth(const PartSynth&) = delete;
    PartSynth& operator=(const PartSynth&) = delete;
    ~PartSynth()
    {
        if (!m_synth) return;
        fluid_synth_all_sounds_off(m_synth.get(), -1);
        fluid_synth_remove_sfont(m_synth.get(), m_font);
        m_synth.reset(); // before its settings
    }

    fluid_synth_t* get() const { return m_synth.get(); }
    int fontId() const { return m_fontId; }

    /// Effects and gain of `s` (the settings fixed the rest at creation).
    void applyEffects(const RenderSettings& s)
    {
        fluid_synth_t* synth = m_synth.get();
        fluid_synth_set_gain(synth, float(s.masterGain));
        const bool ok = fluid_synth_reverb_on(synth, -1, s.reverbActive ? 1 : 0) == FLUID_OK &&
                        fluid_synth_set_reverb_group_roomsize(synth, -1, s.reverbRoomSize) == FLUID_OK &&
                        fluid_synth_set_reverb_group_damp(synth, -1, s.reverbDamping) == FLUID_OK &&
                        fluid_synth_set_reverb_group_width(synth, -1, s.reverbWidth) == FLUID_OK &&
                        fluid_synth_set_reverb_group_level(synth, -1, s.reverbLevel) == FLUID_OK &&
                        fluid_synth_chorus_on(synth, -1, s.chorusActive ? 1 : 0) == FLUID_OK &&
                        fluid_synth_set_chorus_group_nr(synth, -1, s.chorusVoices) == FLUID_OK &&
                        fluid_synth_set_chorus_group_level(synth, -1, s.chorusLevel) == FLUID_OK &&
                        fluid_synth_set_chorus_group_speed(synth, -1, s.chorusSpeedHz) == FLUID_OK &&
                        fluid_synth_set_chorus_group_depth(synth, -1, s.chorusDepth) == FLUID_OK &&
                        fluid_synth_set_chorus_group_type(synth, -1, FLUID_CHORUS_MOD_SINE) == FLUID_OK &&
                        fluid_synth_set_interp_method(synth, -1, FLUID_INTERP_4THORDER) == FLUID_OK;
        if (!ok) throw Error("render settings: FluidSynth rejects the reverb or chorus parameters");
    }

private:
    SettingsPtr m_settings;
    fluid_sfont_t* m_font;
    SynthPtr m_synth;
    int m_fontId = FLUID_FAILED;
};

PartRenderer::Synth::Synth(std::filesystem::path soundfont, int sampleRate) : file(std::move(soundfont)), rate(sampleRate)
{
    silenceFluidLog();
    if (sampleRate < 8000 || sampleRate > 192000)
        failFont("sample rate " + std::to_string(sampleRate) + " Hz outside 8000..192000");
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::not_found) failFont("no such soundfont file");
    if (status.type() == std::filesystem::file_type::directory) failFont("is a directory, not a soundfont file");
    std::ifstream in(file, std::ios::binary);
    if (!std::filesystem::is_regular_file(status) || !in) failFont("cannot read soundfont file");
    // SF2 and SF3 are RIFF files of form "sfbk". Checked here because FluidSynth hands
    // anything else to its DLS loader, which prints to stderr.
    char header[12] = {};
    in.read(header, sizeof header);
    if (!in || std::string_view(header, 4) != "RIFF" || std::string_view(header + 8, 4) != "sfbk")
        failFont("not a soundfont (no RIFF sfbk header)");

    m_loaderSettings = makeSettings();
    m_loader.reset(new_fluid_synth(m_loaderSettings.get()));
    if (!m_loader) failFont("cannot create the FluidSynth synthesizer");
    FluidMessages messages;
    const int id = fluid_synth_sfload(m_loader.get(), file.c_str(), 1);
    if (id == FLUID_FAILED)
        failFont("not a usable soundfont" + (messages.text().empty() ? std::string() : " (" + messages.text() + ")"));
    m_font = fluid_synth_get_sfont_by_id(m_loader.get(), id);
    if (!m_font) failFont("FluidSynth lost the loaded soundfont");
}

SettingsPtr PartRenderer::Synth::makeSettings() const
{
    SettingsPtr settings(new_fluid_settings());
    if (!settings) failFont("out of memory (FluidSynth settings)");
    const auto setInt = [&](const char* key, int value) {
        if (fluid_settings_setint(settings.get(), key, value) != FLUID_OK)
            failFont(std::string("FluidSynth rejects ") + key + " = " + std::to_string(value));
    };
    if (fluid_settings_setnum(settings.get(), "synth.sample-rate", double(rate)) != FLUID_OK)
        failFont("FluidSynth rejects synth.sample-rate = " + std::to_string(rate));
    // Rendering on the calling thread only: deterministic and no locking needed.
    setInt("synth.cpu-cores", 1);
    setInt("synth.threadsafe-api", 0);
    setInt("synth.polyphony", kPolyphony);
    setInt("synth.midi-channels", 16);
    setInt("synth.audio-channels", 1);
    setInt("synth.audio-groups", 1);
    setInt("synth.effects-groups", 1);
    // Effects exist from the start; each part switches them per its RenderSettings.
    setInt("synth.reverb.active", 1);
    setInt("synth.chorus.active", 1);
    // A 148 MB font must not need mlock rights; samples load fully up front.
    setInt("synth.lock-memory", 0);
    setInt("synth.dynamic-sample-loading", 0);
    setInt("synth.verbose", 0);
    return settings;
}

std::vector<Event> PartRenderer::Synth::eventsOf(const Part& part) const
{
    // Nearest boundary of the synthesizer's block grid (see kSynthBlockFrames).
    const auto gridFrame = [this](double seconds) {
        return std::int64_t(std::llround(seconds * rate / kSynthBlockFrames)) * kSynthBlockFrames;
    };
    std::vector<Event> events;
    events.reserve(part.notes.size() * 2);
    for (std::size_t n = 0; n < part.notes.size(); ++n) {
        const Note& note = part.notes[n];
        const std::int64_t on = gridFrame(note.onset);
        const std::int64_t off = std::max(gridFrame(note.onset + note.duration), on + kSynthBlockFrames);
        events.push_back({on, true, note.pitch, note.velocity, n});
        events.push_back({off, false, note.pitch, 0, n});
    }
    // At one frame, note-offs first: a key that ends and restarts there is retriggered.
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        if (a.frame != b.frame) return a.frame < b.frame;
        if (a.on != b.on) return !a.on;
        return a.note < b.note;
    });
    return events;
}

void PartRenderer::Synth::renderPart(const Part& part, std::size_t index, const RenderSettings& settings,
                                     std::int64_t frames, std::vector<float>& out,
                                     const std::function<void(std::int64_t)>& advanced)
{
    // A new synthesizer for every part: no voices, controllers, effect tails or voice
    // state left from the previous one (see the class comment).
    PartSynth partSynth(makeSettings(), m_font);
    partSynth.applyEffects(settings);
    fluid_synth_t* synth = partSynth.get();

    const int channel = part.percussion ? kDrumChannel : kMelodicChannel;
    int bank = part.percussion ? kDrumBank : 0;
    const int program = part.percussion ? 0 : part.program;
    // Drum-only fonts (the AVL kits) hold their kit at bank 0, preset 0 instead of GM's bank 128.
    if (part.percussion && fluid_sfont_get_preset(m_font, kDrumBank, 0) == nullptr) bank = 0;
    const std::string name = "part " + (part.name.empty() ? std::to_string(index + 1) : "\"" + part.name + "\"");
    if (fluid_synth_set_channel_type(synth, channel, part.percussion ? CHANNEL_TYPE_DRUM : CHANNEL_TYPE_MELODIC) !=
            FLUID_OK ||
        fluid_synth_program_select(synth, channel, partSynth.fontId(), bank, program) != FLUID_OK)
        throw Error(name + ": " + file.filename().string() + " has no preset for bank " + std::to_string(bank) +
                    ", program " + std::to_string(program));
    const int bend = std::clamp(8192 + int(std::lround(part.detuneCents / (100.0 * kBendRangeSemitones) * 8192.0)),
                                0, 16383);
    const bool ok = fluid_synth_cc(synth, channel, 7, part.volume) == FLUID_OK &&
                    fluid_synth_cc(synth, channel, 10, part.pan) == FLUID_OK &&
                    fluid_synth_cc(synth, channel, 91, part.reverb) == FLUID_OK &&
                    fluid_synth_cc(synth, channel, 93, part.chorus) == FLUID_OK &&
                    fluid_synth_pitch_wheel_sens(synth, channel, kBendRangeSemitones) == FLUID_OK &&
                    fluid_synth_pitch_bend(synth, channel, bend) == FLUID_OK;
    if (!ok) throw Error(name + ": FluidSynth rejects its controllers");

    float* data = out.data();
    std::int64_t position = 0;
    // Renders up to `end` (a block boundary) straight into the interleaved output.
    const auto renderTo = [&](std::int64_t end) {
        while (position < end) {
            const int count = int(std::min<std::int64_t>(kChunkFrames, end - position));
            float* at = data + 2 * position;
            if (fluid_synth_write_float(synth, count, at, 0, 2, at, 1, 2) != FLUID_OK)
                throw Error(name + ": FluidSynth failed to render");
            position += count;
            advanced(count);
        }
    };

    std::vector<std::size_t> sounding(128, SIZE_MAX); // note that last started each key
    for (const Event& e : eventsOf(part)) {
        renderTo(e.frame);
        if (e.on) {
            // FluidSynth itself releases a key's earlier voice on a new note-on.
            fluid_synth_noteon(synth, channel, e.key, e.velocity);
            sounding[std::size_t(e.key)] = e.note;
        } else if (sounding[std::size_t(e.key)] == e.note) {
            // Only the newest note of a key ends it: an overlapped earlier note's off
            // would cut the retriggered one short.
            fluid_synth_noteoff(synth, channel, e.key);
            sounding[std::size_t(e.key)] = SIZE_MAX;
        }
    }
    renderTo(frames);
}

RenderedSong PartRenderer::Synth::render(const Score& score, const RenderSettings& settings, const Progress& progress)
{
    validate(settings, rate);
    validate(score);

    double end = score.durationSeconds;
    for (const Part& part : score.parts)
        for (const Note& note : part.notes) end = std::max(end, note.onset + note.duration);
    if (end <= 0.0) throw Error("score: nothing to render (no notes and zero duration)");
    // Whole blocks only: every write ends on the block grid, so FluidSynth never holds
    // rendered frames back and each event takes effect exactly at its grid frame.
    const auto blocks = std::int64_t(std::ceil((end + settings.tailSeconds) * rate / kSynthBlockFrames));
    const std::int64_t frames = std::max<std::int64_t>(1, blocks) * kSynthBlockFrames;
    const auto minimumFrames = std::min<std::int64_t>(frames, std::int64_t(std::ceil(score.durationSeconds * rate)));

    RenderedSong song;
    song.sampleRate = rate;
    for (Stem stem : allStems()) {
        AudioBuffer& buffer = song.stems[stem];
        buffer.sampleRate = rate;
        buffer.channels = 2;
        buffer.samples.assign(std::size_t(frames) * 2, 0.0f);
    }

    std::size_t audible = 0;
    for (const Part& part : score.parts) audible += part.notes.empty() ? 0 : 1;
    const double totalWork = double(std::max<std::size_t>(audible, 1)) * double(frames);
    double done = 0.0;
    int lastPercent = -1;
    progress.report("render", 0);
    const auto advanced = [&](std::int64_t count) {
        done += double(count);
        const int percent = std::clamp(int(done / totalWork * 100.0), 0, 99);
        if (percent != lastPercent) {
            lastPercent = percent;
            progress.report("render", percent);
        }
        progress.checkCancelled();
    };

    std::vector<float> scratch;
    for (std::size_t p = 0; p < score.parts.size(); ++p) {
        const Part& part = score.parts[p];
        if (part.notes.empty()) continue; // no notes, no sound (and no reverb of nothing)
        progress.checkCancelled();
        scratch.assign(std::size_t(frames) * 2, 0.0f);
        renderPart(part, p, settings, frames, scratch, advanced);
        std::vector<float>& stem = song.stems[part.stem].samples;
        for (std::size_t i = 0; i < stem.size(); ++i) stem[i] += scratch[i]; // 0 + x == x for the first part
    }
    // Mastering, identical on every stem. Stems without sound stay exact zeros.
    if (settings.tiltDb != 0.0)
        for (auto& [stem, buffer] : song.stems)
            if (!buffer.isSilent()) applyTilt(buffer, settings.tiltDb, settings.tiltPivotHz);
    const auto sumStems = [&song] {
        song.mix = AudioBuffer{song.sampleRate, 2, std::vector<float>(song.stems.begin()->second.samples.size(), 0.0f)};
        for (Stem stem : allStems()) {
            const std::vector<float>& s = song.stems.at(stem).samples;
            for (std::size_t i = 0; i < s.size(); ++i) song.mix.samples[i] += s[i];
        }
    };
    sumStems();
    if (settings.normalize) {
        float peak = 0.0f;
        for (float s : song.mix.samples) peak = std::max(peak, std::abs(s));
        if (peak > 0.0f) {
            song.masteringGain = std::pow(10.0, settings.masterLevelDb / 20.0) / double(peak);
            const auto gain = float(song.masteringGain);
            for (auto& [stem, buffer] : song.stems)
                for (float& s : buffer.samples) s *= gain;
            sumStems(); // the mix stays the sum of the stems as they are now
        }
    }

    // Trim the common tail where every stem (and so the mix) is below the silence level.
    std::int64_t last = -1;
    const auto lastAudible = [](const std::vector<float>& samples) {
        for (std::size_t i = samples.size(); i-- > 0;)
            if (std::abs(samples[i]) >= kSilenceLevel) return std::int64_t(i / 2);
        return std::int64_t(-1);
    };
    for (const auto& [stem, buffer] : song.stems) last = std::max(last, lastAudible(buffer.samples));
    last = std::max(last, lastAudible(song.mix.samples));
    const std::int64_t kept = std::max({last + 1, minimumFrames, std::int64_t(1)});
    for (auto& [stem, buffer] : song.stems) buffer.samples.resize(std::size_t(kept) * 2);
    song.mix.samples.resize(std::size_t(kept) * 2);
    progress.report("render", 100);
    return song;
}

PartRenderer::PartRenderer(std::filesystem::path soundfont, int sampleRate)
    : m_synth(std::make_unique<Synth>(std::move(soundfont), sampleRate))
{
}

PartRenderer::~PartRenderer() = default;

RenderedSong PartRenderer::render(const Score& score, const RenderSettings& settings, const Progress& progress)
{
    return m_synth->render(score, settings, progress);
}

const std::filesystem::path& PartRenderer::soundfont() const { return m_synth->file; }

int PartRenderer::sampleRate() const { return m_synth->rate; }

} // namespace emotrace
