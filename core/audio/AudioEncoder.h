#pragma once

#include <filesystem>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Writes an AudioBuffer as a WAV or FLAC file with FFmpeg (libavformat/libavcodec), for
/// the music lab's songs and stems and for stem export from the GUI.
///
/// Formats and sample sizes (bitsPerSample):
///   WAV   16 (pcm_s16le), 24 (pcm_s24le, WAVE_FORMAT_EXTENSIBLE), 32 (pcm_f32le, float)
///   FLAC  16 (s16), 24 (s32 input, bits_per_raw_sample 24)
/// Integer formats scale by 2^(bits-1) (the inverse of what AudioDecoder does), clip to
/// [-1, 1 - 1 LSB] and round to nearest without dither, so a buffer that is already on
/// the integer grid round-trips exactly and everything else is within half an LSB.
/// Float WAV stores the samples unchanged (no clipping: float keeps the headroom).
///
/// Files are deterministic: the same buffer gives the same bytes (FFmpeg's bit-exact
/// mode: no "encoder" tag with the library version, FLAC vendor string "ffmpeg").
/// They are written atomically through AtomicFile: encoded into a temporary file beside
/// the target, which is renamed over the target only when everything succeeded; on any
/// error no file (and no temporary) is left behind and an existing target is untouched.
///
/// Errors: emotrace::Error "<path>: <problem>" for an empty or inconsistent buffer, a
/// sample rate or channel count the format cannot store, NaN or infinite samples, an
/// unsupported bit depth, a WAV over 4 GiB, a missing or read-only folder and failed
/// writes (disk full).
///
/// Thread safety: stateless; write() may run on any thread, several at once. The only
/// global it touches is FFmpeg's log level, set once to quiet (as AudioDecoder does).
class AudioEncoder {
public:
    enum class Format { Wav, Flac };

    /// Writes `audio` to `file` (replacing it). bitsPerSample: 16 or 24 for both formats;
    /// 32 (float) for WAV only.
    static void write(const std::filesystem::path& file, const AudioBuffer& audio, Format format,
                      int bitsPerSample = 24);

    /// Format by extension, case-insensitive: ".wav" or ".flac"; anything else is an Error.
    static Format formatFor(const std::filesystem::path& file);
};

} // namespace emotrace
