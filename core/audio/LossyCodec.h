#pragma once

#include <string>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// The lossy formats LossyCodec can round-trip audio through.
enum class LossyFormat { Mp3, Aac, Vorbis, Opus };

/// An in-process lossy-codec round trip with FFmpeg (libavcodec), for the music lab: it
/// makes clean training songs sound like the MP3, AAC, Vorbis and Opus files users have.
/// Nothing touches the disk: the encoder's packets go straight into the decoder.
///
/// Codecs (encoder / decoder), each run single-threaded and in FFmpeg's bit-exact mode:
///   Mp3     libmp3lame (CBR) / mp3float     32..320 kbps (MPEG-2 at 16..24 kHz: at most
///                                           160 kbps; MPEG-2.5 at 8..12 kHz: at most 64)
///   Aac     FFmpeg's aac (LC) / aac         32..320 kbps (and at most the 6144 bits per
///                                           channel and frame that AAC can carry)
///   Vorbis  libvorbis (managed ABR) / vorbis 48..320 kbps (libvorbis itself may refuse a
///                                           rate/bitrate pair, e.g. 320 kbps mono)
///   Opus    libopus (VBR) / opus            16..256 kbps, always at 48 kHz: other rates
///                                           are resampled to 48 kHz and back with Resampler
/// Bitrates are totals over all channels, in kbps (1000 bit/s).
///
/// Alignment: the result has the input's sample rate, channel count and frame count, and
/// sample i of the result is the coded version of sample i of the input. The decoded
/// frames carry time stamps on the input's time line; everything stamped before 0 is the
/// encoder's priming and is dropped, as is whatever follows the input's last frame (the
/// padded last codec frame). Priming measured with FFmpeg 5.1: mp3 1105 samples (LAME's
/// 576 plus the decoder's 529, libavcodec's initial_padding), aac 1024, opus 312 (at
/// 48 kHz), vorbis 0 (libvorbis reports 128 at 44.1 kHz, but FFmpeg's decoder already
/// drops the first packet's output, which holds it). tst_lossy_codec checks the alignment
/// by cross-correlation. The decoded samples are not clipped: a codec's overshoot past
/// [-1, 1] is kept, as a float decoder gives it.
///
/// Deterministic: the same buffer, format and bitrate give bit-identical samples.
///
/// Errors: emotrace::Error "<format> <bitrate> kbps: <problem>" (e.g. "mp3 400 kbps:
/// bitrate outside 32..320 kbps") for a bitrate outside the format's range, an encoder
/// this FFmpeg build lacks, empty audio, a channel count other than 1 or 2, an
/// inconsistent buffer, NaN or infinite samples, and a sample rate the encoder cannot take.
///
/// Thread safety: stateless; roundTrip() may run on any thread, several at once. The only
/// global it touches is FFmpeg's log level, set once to quiet (as AudioDecoder does).
class LossyCodec {
public:
    /// `audio` (float32 interleaved, 1 or 2 channels, any rate the encoder accepts; Opus:
    /// any rate) encoded at bitrateKbps and decoded again; same rate, channels and length.
    static AudioBuffer roundTrip(const AudioBuffer& audio, LossyFormat format, int bitrateKbps);

    /// "mp3", "aac", "vorbis" or "opus".
    static const char* name(LossyFormat format);

    /// The format named as name() spells it (lower case only); anything else is an Error
    /// that lists the valid names.
    static LossyFormat fromName(const std::string& name);
};

} // namespace emotrace
