#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "audio/AudioBuffer.h"
#include "lab/Score.h"
#include "util/Progress.h"

namespace emotrace {

/// One singer: voice type and expression, for VoiceSynth. A value type. Ranges are in the
/// comments; validate() (and fromJson) throw emotrace::Error naming the field by its JSON
/// key ("voice: vibrato_rate_hz must be in 4..7 Hz (got 9)").
struct VoiceSettings {
    /// Sets the formant scaling (Bass 0.92, Tenor 1, Alto 1.12, Soprano 1.2 times the
    /// tenor's vowel formants), the singer's-formant boost (Tenor and Soprano) and a
    /// comfortable range (lowestPitch()..highestPitch()) that draw() matches.
    enum class Type { Bass, Tenor, Alto, Soprano };

    Type type = Type::Tenor;
    double vibratoRateHz = 5.5;  ///< Hz, 4..7 (each note varies it by up to ±4 %)
    double vibratoCents = 35.0;  ///< cents, 0..100: peak deviation (± this), reached
                                 ///< about 0.3 s after vibratoDelayS into a note
    double vibratoDelayS = 0.25; ///< s, 0..2 after each note's onset before vibrato fades in
    double breathiness = 0.2;    ///< 0..1: aspiration noise share (also a softer, more open glottal pulse)
    double jitter = 0.3;         ///< 0..1: random f0 wander (slow drift up to ~±12 cents,
                                 ///< cycle-to-cycle up to ~0.8 %) and amplitude shimmer
    double portamentoS = 0.06;   ///< s, 0..0.5: pitch glide into a note that follows another
                                 ///< without a gap (0 = jump)
    double consonants = 0.5;     ///< 0..1: share of notes (of 0.15 s or more) that start with a
                                 ///< consonant (0.75 times that after a note without a gap)
    /// Per-note vowels for tests and demos: one character per note from "aeiou@" (@ is
    /// schwa), applied to the notes in order and repeated; empty = a vowel per note drawn
    /// from the seed. At most 256 characters.
    std::string vowels;

    /// Comfortable range of the type, MIDI note numbers: Bass 40..64 (E2..E4), Tenor 48..72
    /// (C3..C5), Alto 53..77 (F3..F5), Soprano 60..84 (C4..C6).
    int lowestPitch() const;
    int highestPitch() const;

    /// Keys: type ("bass", "tenor", "alto", "soprano"), vibrato_rate_hz, vibrato_cents,
    /// vibrato_delay_s, breathiness, jitter, portamento_s, consonants, vowels.
    nlohmann::json toJson() const;
    /// Missing keys keep their defaults; throws emotrace::Error naming the key on a bad
    /// value or type.
    static VoiceSettings fromJson(const nlohmann::json& json);
    /// Throws emotrace::Error when a value is out of range or a vowel is unknown.
    void validate() const;

    /// A singer for a melody: the type whose comfortable range is centred nearest
    /// meanPitch (MIDI; Bass 52, Tenor 60, Alto 65, Soprano 72), and expression drawn at
    /// random (vibrato 4.8..6.5 Hz, 15..60 cents after 0.15..0.45 s, breathiness
    /// 0.05..0.45, jitter 0.1..0.5, portamento 0.03..0.1 s, consonants 0.3..0.7). vowels
    /// stays empty.
    static VoiceSettings draw(std::uint64_t seed, double meanPitch);

    bool operator==(const VoiceSettings&) const = default;
};

/// A singing-voice synthesizer for the lab's sung lead (Part::stem == Stem::Vocals), which
/// FluidSynth could only render as a choir pad. Source-filter synthesis, Klatt style:
///
/// - Source: a Rosenberg glottal pulse (raised-cosine opening, quarter-cosine closing, open
///   quotient 0.58..0.73 growing with breathiness), its flow derivative (lip radiation
///   included) built from its analytic Fourier series into band-limited wavetables (a
///   table per half octave of harmonic count, crossfaded by f0), so no harmonic passes
///   min(Nyquist, 20 kHz) and the source has no DC. f0 follows the notes (plus the part's
///   detuneCents), glides over portamentoS into a note that follows another without a
///   gap, scoops up 15..40 cents into a detached note, with delayed vibrato, slow drift,
///   cycle-to-cycle jitter and shimmer. f0 is kept in 20 Hz..min(0.45·sampleRate, 4 kHz).
/// - Aspiration: noise (300 Hz..5 kHz), louder in the glottis' open phase, mixed by
///   breathiness; it goes through the vocal tract like the voiced source.
/// - Vocal tract: a cascade of 5 two-pole resonators (F1..F5 and bandwidths of a, e, i,
///   o, u or schwa, scaled by voice type) and three fixed higher ones (5.1, 6.2, 7.3 kHz
///   times the scaling) that keep the spectrum going above F5; a resonance above
///   0.45·sampleRate is left out. One vowel per note (syllable), moving to it over
///   ~40 ms from the note's onset. F1 is raised towards 1.15·f0 (at most 1250 Hz times
///   the type's scaling) when f0 is above it (a singer's formant tuning on high notes).
///   Coefficients are computed every kControlFrames frames and glide linearly across
///   the block, and so does the level: the voice's RMS (source harmonics and breath noise
///   through the tract) is held constant whatever the vowel and pitch.
/// - Consonants: at a share of the onsets (VoiceSettings::consonants), drawn per note: a
///   fricative (s, sh, f: band-passed noise, 60..90 ms), a plosive (p, t, k: a
///   band-passed burst and aspiration), h (aspiration through the vowel's formants) or a
///   nasal (m, n: 60 ms of damped nasal murmur). They start at the onset; voicing follows.
/// - A +5 dB peak around 3 kHz (the singer's formant) for Tenor and Soprano, and a
///   high shelf (above ~1.5 kHz) that darkens soft notes (up to -6 dB at velocity 0).
///
/// Articulation: the voice is monophonic. A note ends at its own end or the next onset,
/// whichever comes first (and 40 ms before a same-pitch note that follows without a gap,
/// so repeated notes re-articulate). Per note the source rises over kAttackSeconds
/// (raised cosine) and falls over the release; the voice's envelope is the largest of
/// the notes' envelopes, so successive notes dip between them. Output is exactly zero
/// before a note's onset and from kReleaseSeconds after its end until the next onset.
///
/// Level: a note's gain is (velocity/127)² times the part's (volume/127)² (40·log10 dB
/// each, FluidSynth's default curves), placed by pan with constant power (pan 0: right
/// channel exactly zero; 64: both cos 45°). At velocity and volume 127, hard-panned, a
/// sustained vowel has an RMS of 0.2 and peaks of about 0.4..0.8; a sweep of every type,
/// vowel, C2..C7, 8 and 44.1 kHz at full breathiness, jitter and vibrato peaked at 0.97.
/// Samples are clamped to [-1, 1] only as a safety.
class VoiceSynth {
public:
    static constexpr double kAttackSeconds = 0.035;  ///< s, source rise per note
    static constexpr double kReleaseSeconds = 0.1;   ///< s after a note's end to exact silence
    static constexpr int kControlFrames = 32;        ///< frames per control-rate update

    /// Renders the part's notes as sung syllables: a stereo float32 AudioBuffer of exactly
    /// `frames` frames at sampleRate (notes past the end are cut off). The part's
    /// program, reverb and chorus are ignored (dry voice); percussion parts are rejected.
    /// Deterministic: the same part, settings, frames, rate and seed give identical samples.
    /// Progress: cancellation is checked every 4096 frames (emotrace::Cancelled); no stage
    /// is reported, so a caller's own stage and percentage stay. Errors: emotrace::Error
    /// for invalid settings, a sample rate outside 8000..192000 Hz, frames outside 0..one
    /// hour, a percussion part, volume or pan outside 0..127, detune outside ±100 cents,
    /// and invalid notes ("part "lead", note 3: velocity must be 1..127"). Notes may come
    /// in any order; of notes starting together (within 1 ms) the highest is sung.
    /// Speed: about 100x real time on one core at 44.1 kHz. Thread: any; calls share no
    /// state.
    static AudioBuffer render(const Part& part, const VoiceSettings& voice, std::int64_t frames, int sampleRate,
                              std::uint64_t seed, const Progress& progress = {});
};

} // namespace emotrace
