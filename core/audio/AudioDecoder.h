#pragma once

#include <filesystem>

#include "audio/AudioBuffer.h"
#include "util/Progress.h"

namespace emotrace {

/// Decodes any file FFmpeg reads (WAV, FLAC, MP3, Ogg Vorbis/Opus, AAC/M4A, the audio of a
/// video container such as MP4/MKV) to float32 interleaved samples at the file's native
/// sample rate and channel count. Only the best audio stream (av_find_best_stream) is read.
/// Encoder delay and padding that the container declares (MP3 LAME tag, MP4 edit list,
/// Opus pre-skip) are removed, so the result is the audio as a player would play it.
///
/// Errors: throws emotrace::Error with one line "<path>: <problem>" for a missing file, a
/// directory or other non-regular file, an unreadable file, an empty file, a file that is
/// not media, a file without an audio stream, truncated or corrupt data, audio with no
/// samples, and float samples that are not audio: NaN or infinite ("audio contains NaN
/// samples (first at frame N)", likewise "infinite") or finite beyond
/// kMaxSampleMagnitude ("sample values up to 7e+37 are outside any audio range").
/// Silence is not an error (see AudioBuffer::isSilent()).
///
/// Strict where data is lost, tolerant where a player would be. Lost data is refused:
/// a file cut short (every container, Ogg included, see rule 4), a lossless frame
/// whose checksum fails, a demuxer or decoder error. What a player plays through is
/// decoded: a lossy frame the decoder conceals (one damaged MP3 frame is resynchronised
/// over and decodes at full length, silently: FFmpeg does not report it), bytes after
/// the end of an Ogg stream (a tag), a length header written before the end was known.
///
/// Truncation and corruption rule. The file is rejected when
///  1. the demuxer fails with anything but end of file, or flags a packet as corrupt
///     and then delivers more (a flagged last packet is only a short final read, e.g. a
///     WAV written to a pipe: it is decoded and rule 3 judges the length);
///  2. the decoder rejects a packet (an error other than "need more input" / end of
///     stream). Decoders conceal small glitches silently and report only data they
///     cannot decode. For lossless codecs the checksums their formats carry (FLAC frame
///     CRCs, WavPack) are verified and a mismatch is an error too: a bit-exact format
///     has no "small glitch" to conceal;
///  3. the decoded duration falls short of the duration the header declares (WAV data
///     chunk size, FLAC total samples, MP3 Xing/Info frame count, MP4 track duration,
///     Ogg end granule, Matroska duration) by more than kTruncationToleranceSeconds plus
///     kTruncationToleranceFrames samples. Headers may count the encoder's priming and
///     padding, which the decoder trims (an MP3 declares up to ~2300 samples more than it
///     plays, AAC ~3100), hence the sample term. Durations that FFmpeg merely estimates
///     from the bit rate (MP3 without a Xing/Info header, raw ADTS AAC) are not trusted:
///     a truncated file of that kind decodes to the audio that is there. For WAV the
///     data chunk size is read here, as FFmpeg ignores a size larger than the file.
///     Decoding longer than declared is accepted (headers written before the end was
///     known). For Ogg this rule alone sees nothing: FFmpeg's end granule is that of the
///     last page present, so a cut Ogg file declares exactly what it holds; hence
///  4. (Ogg: Vorbis, Opus, FLAC, Speex in Ogg, and Ogg video) the file's last 256 KiB
///     (four of the largest possible pages) are read before decoding: its pages must be
///     complete (header, segment table and every segment the table lists present, CRC
///     intact), and every logical bitstream with pages there (audio beside video or a
///     skeleton) must have its end-of-stream page (header_type flag 0x04). Otherwise
///     "truncated file (the last Ogg page is cut short)" or "truncated file (an Ogg
///     stream ends without its last page)". Bytes after the last page that hold no
///     capture pattern are ignored. A live-stream capture without an end-of-stream page
///     is refused too: whether its end was lost cannot be told.
/// Rules 1 and 2 catch damage inside a file (Ogg drops pages whose CRC fails, so there
/// rule 3 does), rules 3 and 4 a file cut short; a file cut inside its header fails to
/// open ("not a media file, or its header is damaged" or "truncated file"). Damage that no
/// check can see (flipped bytes in PCM, a lossy frame the decoder conceals) decodes.
///
/// Progress: stage "decode", 0..100 by the decoded share of the declared duration;
/// progress.checkCancelled() is called for every packet, so cancellation throws
/// emotrace::Cancelled within milliseconds.
///
/// Thread safety: decode() keeps all its state local and may run on any thread, several at
/// once. The only global it touches is FFmpeg's log level, set once to quiet so that
/// FFmpeg never prints to stderr (all problems surface as exceptions instead).
class AudioDecoder {
public:
    /// Shortfall of decoded against declared duration above which a file counts as
    /// truncated: kTruncationToleranceSeconds (s) + kTruncationToleranceFrames (samples
    /// at the stream's rate). Above any codec's priming/padding trim, far below a cut.
    static constexpr double kTruncationToleranceSeconds = 0.1;
    static constexpr int kTruncationToleranceFrames = 4096;
    /// Largest float sample magnitude accepted (+80 dB over full scale): beyond it the
    /// numbers are not audio (and overflow the spectra and networks downstream).
    static constexpr double kMaxSampleMagnitude = 1e4;

    static AudioBuffer decode(const std::filesystem::path& file, const Progress& progress = {});
};

} // namespace emotrace
