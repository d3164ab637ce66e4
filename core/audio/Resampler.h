#pragma once

#include <cstdint>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Converts an AudioBuffer to another sample rate and channel count, for stems and model
/// inputs that must match a mix (MonoResampler is the analysis front end's librosa-exact
/// mono path; this one keeps channels).
///
/// Channels are mapped by plain arithmetic, without libswresample's rematrixing (which
/// would scale a mono source by -3 dB into stereo):
///   same count          unchanged;
///   mono -> N           the mono channel duplicated into every channel;
///   N -> mono           the float32 mean of the channels;
///   any other pair      (5.1 -> stereo, stereo -> 5.1, ...) mean to mono, then duplicated:
///                       channel orders differ between layouts, so no channel is assumed
///                       to mean the same thing on both sides.
/// When the counts differ the resampler runs on the single mono channel (every mapping
/// above passes through mono), before duplication.
///
/// Rates are converted with libswresample using the SoX resampler (libsoxr) at the same
/// precision as MonoResampler (20 bits, soxr's HQ recipe), or swr's own polyphase filter
/// where libswresample lacks soxr. Output length in frames: ceil(frames * target / source)
/// (MonoResampler::outputLength), the flushed resampler output padded with zeros or
/// trimmed to exactly that; equal rates keep the length.
///
/// Errors: emotrace::Error for an inconsistent buffer (channel count <= 0, sample count not
/// a multiple of it, no rate) or an invalid target rate/channel count. Stateless; callable
/// from any thread, several at once.
class Resampler {
public:
    /// `audio` at targetRate (Hz) with targetChannels channels.
    static AudioBuffer convert(const AudioBuffer& audio, int targetRate, int targetChannels);

    /// "soxr" or "swr": the engine this libswresample provides.
    static const char* engine();

    /// Only the channel mapping described above, at the buffer's own rate.
    static AudioBuffer remapChannels(const AudioBuffer& audio, int targetChannels);
};

} // namespace emotrace
