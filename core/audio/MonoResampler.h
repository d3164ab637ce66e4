#pragma once

#include <cstdint>
#include <vector>

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Mono float32 at a target rate, as librosa.load(path, sr=targetRate, mono=True) gives it
/// from the decoded samples: first the mean of the channels (librosa.to_mono: float32 sum
/// over channels divided by the count), then resampling.
///
/// Resampling uses libswresample. Debian's build has the SoX resampler (libsoxr), which
/// is used with precision kSoxrPrecisionBits = 20: FFmpeg turns that into the soxr recipe
/// SOXR_20_BITQ with soxr's own pass band (cutoff left at 0), which is exactly SOXR_HQ,
/// the recipe of librosa's default res_type "soxr_hq" (python-soxr quality "HQ"); 28 bits
/// would be "soxr_vhq". Should a libswresample lack soxr, swr's own polyphase filter is
/// used instead (filter_size 64, cutoff 0.97, Kaiser window): high quality, but not
/// sample-identical to librosa.
///
/// Output length: librosa.resample fixes the length to ceil(frames * (target / source))
/// (ratio in double first, as numpy does), padding zeros at the end or trimming; the
/// flushed resampler output is within a sample or two of that, and is padded or trimmed
/// to exactly it (outputLength()). Equal rates return the channel mean unchanged.
///
/// Errors: emotrace::Error for an inconsistent buffer or an invalid target rate. Stateless;
/// callable from any thread, several at once.
class MonoResampler {
public:
    static constexpr double kSoxrPrecisionBits = 20.0;
    static constexpr int kSwrFilterSize = 64;
    static constexpr double kSwrCutoff = 0.97;

    /// Mono samples at targetRate (Hz).
    static std::vector<float> toMono(const AudioBuffer& audio, int targetRate = 22050);

    /// Channel mean only, at the buffer's own rate.
    static std::vector<float> channelMean(const AudioBuffer& audio);

    /// Samples that toMono returns for `frames` input frames: librosa's
    /// ceil(frames * (targetRate / sourceRate)); frames itself when the rates are equal.
    static std::int64_t outputLength(std::int64_t frames, int sourceRate, int targetRate);

    /// "soxr" or "swr": the engine toMono uses with this libswresample.
    static const char* engine();
};

} // namespace emotrace
