#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>

#include "audio/AudioBuffer.h"
#include "lab/Score.h"
#include "util/Progress.h"

namespace emotrace {

/// How a score is rendered: FluidSynth's effects, its output gain, the tail after the last
/// note, and a light, linear mastering. Ranges are FluidSynth's own; render() rejects
/// values outside them with an emotrace::Error naming the field.
struct RenderSettings {
    bool reverbActive = true;
    double reverbRoomSize = 0.5; ///< 0..1
    double reverbDamping = 0.3;  ///< 0..1
    double reverbWidth = 0.8;    ///< 0..100 (stereo spread)
    double reverbLevel = 0.6;    ///< 0..1

    bool chorusActive = true;
    double chorusDepth = 8.0;    ///< ms, 0..256
    double chorusLevel = 1.2;    ///< 0..10
    int chorusVoices = 3;        ///< 0..99
    double chorusSpeedHz = 0.3;  ///< Hz, 0.1..5

    double masterGain = 0.5;     ///< FluidSynth synth.gain, 0..10 (linear, before mastering)
    double tailSeconds = 2.0;    ///< s rendered after the last note off (release, reverb), 0..30

    /// Mastering, linear and identical on every stem so that the stems still sum to the
    /// mix: an optional tilt, then peak normalisation of the mix (one gain for all stems).
    bool normalize = true;
    double masterLevelDb = -1.0; ///< dBFS, -60..0: the mix's peak after normalisation
    double tiltDb = 0.0;         ///< dB, -12..12: high minus low shelf gain (+ brighter), 0 = off
    double tiltPivotHz = 1000.0; ///< Hz where the tilt is 0 dB (first-order shelf)
};

/// A rendered score: the five stems and their sum. All buffers are stereo float32 at
/// sampleRate with the same length; a stem without a part is all zeros; mix is the sum of
/// the stems in allStems() order, sample by sample in float.
struct RenderedSong {
    int sampleRate = 0;                 ///< Hz
    std::map<Stem, AudioBuffer> stems;  ///< all five keys
    AudioBuffer mix;
    double masteringGain = 1.0;         ///< linear gain of the peak normalisation (1 when off)

    std::int64_t frameCount() const { return mix.frameCount(); }
};

/// Renders a Score with FluidSynth, each part on its own so that the stems are exact: every
/// part plays on a new synthesizer (sharing the loaded font), so a part's stem holds its
/// dry sound and its own reverb and chorus (FluidSynth's effects are per synthesizer), and
/// the mix is the sum of the stems exactly. Parts that share a stem are added.
///
/// Per part: a new synthesizer with RenderSettings' effects and gain (FluidSynth keeps
/// voice state across a system reset, so reusing one would make a stem depend on the parts
/// rendered before it); the part's GM program on MIDI channel 1
/// (bank 0), or the standard drum kit (bank 128, program 0) on channel 10 for percussion;
/// controllers 7 (volume), 10 (pan), 91 (reverb send), 93 (chorus send); pitch-bend range
/// 2 semitones and a constant bend for detuneCents; then note on/off events. The output
/// is rendered between event times with fluid_synth_write_float, straight into the stem.
///
/// Timing: FluidSynth starts and stops voices on its 64-frame block grid
/// (kSynthBlockFrames, 1.45 ms at 44.1 kHz); events are placed on the nearest block
/// boundary (within ±0.73 ms), the same grid for every part, so stems stay aligned.
///
/// Length: from 0 to the later of Score::durationSeconds and the last note off, plus
/// tailSeconds; then trailing silence (every stem below kSilenceLevel, about -96 dBFS
/// after mastering) is trimmed from the whole song at once, never before
/// Score::durationSeconds.
///
/// Determinism: the same score and settings give bit-identical buffers, whatever was
/// rendered before and on any PartRenderer with the same font and rate (no threads, no
/// dither, a new synthesizer per part), and a part's stem does not depend on the other
/// parts.
///
/// The soundfont is loaded once, in the constructor (FluidR3_GM takes about a second),
/// and reused by every render(). FluidSynth's log output is silenced process-wide; its
/// messages about a font that fails to load end up in the Error instead.
///
/// Errors: emotrace::Error for an unreadable or invalid soundfont ("<path>: ..."), a
/// sample rate outside 8000..192000 Hz, invalid settings, and invalid scores ("part
/// "bass", note 3: ...": pitch, velocity, times, controllers, a program the font lacks).
///
/// Thread: one PartRenderer is used by one thread at a time (it may move between threads
/// between calls). FluidSynth's one-time global initialisation (on the first synthesizer
/// of the process) is not guarded against a concurrent first call: construct the first
/// PartRenderer before starting others on other threads; after that, separate instances
/// share nothing but the silenced log handler and may render concurrently.
class PartRenderer {
public:
    static constexpr int kSynthBlockFrames = 64;            ///< FluidSynth's FLUID_BUFSIZE
    static constexpr double kSilenceLevel = 1.0 / 65536.0;  ///< half a 16-bit step
    static constexpr double kMaxSeconds = 3600.0;           ///< longest score accepted

    explicit PartRenderer(std::filesystem::path soundfont, int sampleRate = 44100);
    ~PartRenderer();
    PartRenderer(const PartRenderer&) = delete;
    PartRenderer& operator=(const PartRenderer&) = delete;

    /// Progress: stage "render", 0..100 by rendered frames over all parts; cancellation
    /// is checked every few thousand frames (emotrace::Cancelled).
    RenderedSong render(const Score& score, const RenderSettings& settings = {}, const Progress& progress = {});

    const std::filesystem::path& soundfont() const;
    int sampleRate() const;

private:
    class Synth;
    std::unique_ptr<Synth> m_synth;
};

} // namespace emotrace
