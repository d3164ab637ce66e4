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
/// not media, a file without an audio stream, truncated or corrupt data, and audio with no
/// samples. Silence is not an error (see AudioBuffer::isSilent()).
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
///     known).
/// Rules 1 and 2 catch damage inside a file (Ogg drops pages whose CRC fails, so there
/// rule 3 does), rule 3 a file cut short; a file cut inside its header fails to open
/// ("not a media file, or its header is damaged" or "truncated file"). Damage that no
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

    static AudioBuffer decode(const std::filesystem::path& file, const Progress& progress = {});
};

} // namespace emotrace
