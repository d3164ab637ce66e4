#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "lab/Score.h"

namespace emotrace {

/// Standard MIDI File (SMF) reading and writing for lab scores. Stateless; thread: any.
///
/// Writing: SMF type 1, 480 ticks per quarter note. Track 0 is the conductor (tempo =
/// score.nominalTempo, time signature beatsPerBar/4, End of Track at durationSeconds);
/// then one track per Part: track name (meta 0x03) = Part::name, a text event (meta 0x01)
/// "emotrace:stem=<stemName>", then on its channel (percussion: channel 10 = index 9;
/// melodic parts take 0..15 in order, skipping 9; more than 15 melodic parts is an error)
/// program change, CC7 volume, CC10 pan, CC91 reverb, CC93 chorus, pitch-bend range RPN
/// 0,0 = 2 semitones, a constant pitch bend for detuneCents (8192 + cents/200 * 8192),
/// then the notes. Seconds become ticks at the tempo actually stored in the file
/// (integer microseconds per quarter, us = round(60e6 / nominalTempo)):
/// tick = round(seconds * 1e6 / us * 480) (= round(seconds * tempo / 60 * 480)); a note
/// keeps at least one tick. So a round trip moves times by at most half a tick (0.52 ms
/// at 120 bpm) and durations by at most one tick; detune comes back within 0.025 cents
/// and the tempo within 60e6/us rounding. decode(encode(score)) is a fixed point: a
/// second round trip returns an equal Score.
///
/// Reading: SMF types 0 and 1 (type 2 is refused), metrical or SMPTE division, running
/// status, sysex and unknown meta events skipped, unknown chunks skipped. Ticks become
/// seconds through the file's whole tempo map (tempo events of every track, default 120
/// bpm before the first). Notes pair per (track, channel, pitch) first-in first-out;
/// note-on with velocity 0 is a note-off; a note still on at its track's end closes
/// there. Each (track, channel) with notes becomes one Part, in order of first
/// appearance (an EmoTrace track without notes is kept too). A part's program, CC7/10/91/93
/// and pitch bend (through the channel's pitch-bend range RPN) are the values in force
/// at its first note; later changes are not representable in a Part and are ignored.
/// Part name = track name (plus " ch N" when a track carries several channels; "channel
/// N" without a name). Stem = the EmoTrace text event when present, else guessed from
/// the instrument (guessStem()). nominalTempo = tempo at tick 0, beatsPerBar = numerator
/// of the first time signature (default 4), durationSeconds = the latest End of Track
/// or note off. Malformed or truncated files throw emotrace::Error "<source>: <problem>".
///
/// Hostile input: read() refuses anything but a regular file (a FIFO would block
/// forever, a device never end) and files over kMaxFileBytes before reading a byte;
/// decode() refuses scores longer than kMaxSeconds (a note off at tick 2^28, or a tempo
/// of 16 s per quarter, makes a song of days that a renderer would try to allocate)
/// before building any part, as well as headers with no tracks, division 0, or chunk
/// lengths beyond the end of the data.
class MidiFile {
public:
    /// Longest score read: 2 hours (of audio, once rendered).
    static constexpr double kMaxSeconds = 2.0 * 3600.0;
    /// Largest file read() accepts (real MIDI files are kilobytes, rarely a few MB).
    static constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t(32) << 20;

    /// Writes atomically (emotrace::AtomicFile). Throws emotrace::Error "<path>: ..."
    /// when the score does not fit MIDI (see encode()) or the file cannot be written.
    static void write(const std::filesystem::path& path, const Score& score);
    /// Throws emotrace::Error "<path>: ..." when the path is missing or not a regular
    /// file, the file is over kMaxFileBytes, cannot be read, or is malformed.
    static Score read(const std::filesystem::path& path);

    /// The file's bytes. Throws emotrace::Error "MIDI: ..." for more than 15 melodic
    /// parts, pitch/velocity/controllers outside 0..127 (velocity 1..127), detune outside
    /// +-200 cents, negative or non-finite times, or a tempo outside 1..1000 bpm.
    static std::vector<std::uint8_t> encode(const Score& score);
    /// Parses file bytes; source names the input in error messages. Throws emotrace::Error
    /// "<source>: ..." for malformed data and for scores longer than kMaxSeconds.
    static Score decode(std::span<const std::uint8_t> bytes, const std::string& source);

    /// Stem for an instrument without stem information: percussion -> drums, GM programs
    /// 32-39 (basses) -> bass, 0-7 (pianos) -> piano, 52-54 (choir aahs, voice oohs,
    /// synth voice) -> vocals, everything else -> other.
    static Stem guessStem(int program, bool percussion);
};

} // namespace emotrace
