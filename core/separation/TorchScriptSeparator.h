#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "separation/Separator.h"

namespace emotrace {

/// Separates with a TorchScript model file (torch.jit.save of a scripted or traced module),
/// on the CPU.
///
/// Model convention (the one accepted form of input):
///   forward(x: Tensor[1, C, T]) -> Tensor[1, S, C, T] or Tensor[S, C, T]
/// x is float32 audio in [-1, 1] at the model's sample rate, C channels, T samples; the
/// output holds S sources of the same shape, which should add up to x (where they do not,
/// the difference becomes a "residual" stem, see below).
/// Metadata, first found wins:
///   source names   the module attribute `sources` (List[str]); the sidecar JSON
///                  "<file>.json" key "sources"; else "source0", "source1", ...
///   sample rate    attribute `samplerate` or `sample_rate` (int); sidecar "sample_rate"
///                  (or "samplerate"); else kDefaultSampleRate, with a warning
///   channels       attribute `audio_channels` or `channels`; sidecar "channels"; else the
///                  mix's own channel count
/// (Demucs' models carry `sources`, `samplerate` and `audio_channels` under these names.)
///
/// Processing: the mix is converted to the model's rate and channels (Resampler::convert),
/// cut into chunks of chunkSeconds (default kChunkSeconds = 10 s) overlapping by
/// overlapSeconds (default kOverlapSeconds = 1 s), so memory stays bounded by one chunk
/// whatever the song's length. Every call sees exactly one chunk's length (the last chunk is
/// zero-padded at the end), so models with a fixed input length work. Overlapping outputs
/// are cross-faded linearly (the two weights sum to one), which keeps the sum of the sources
/// where the model keeps it. The model runs under c10::InferenceMode. The sources are
/// converted back to the mix's rate and channels, fitted to its length (the resampler's
/// ceil rounding is at most a sample), and StemFolderSeparator::completeWithResidual() makes
/// them sum to the mix: a model at a lower rate than the mix (22050 against 44100 Hz) cannot
/// return the band above its Nyquist frequency, which then is the "residual" stem.
///
/// Errors (emotrace::Error naming the file): missing file, not a TorchScript file, an
/// unreadable sidecar, no forward method, a wrong output shape (the shape printed), NaN or
/// infinite output, a model that throws. Cancellation: checked before every chunk.
/// libtorch's intra-op threads are not touched here (configureTorchThreads, once in main).
/// Thread: lives on the thread that calls it (the module is not shared).
class TorchScriptSeparator : public Separator {
public:
    static constexpr double kChunkSeconds = 10.0;
    static constexpr double kOverlapSeconds = 1.0;
    static constexpr int kDefaultSampleRate = 44100; ///< Demucs, Open-Unmix, Spleeter: 44.1 kHz

    /// Loads the model and its metadata. overlapSeconds must be >= 0 and < chunkSeconds.
    explicit TorchScriptSeparator(std::filesystem::path modelFile, double chunkSeconds = kChunkSeconds,
                                  double overlapSeconds = kOverlapSeconds);
    ~TorchScriptSeparator() override;
    TorchScriptSeparator(const TorchScriptSeparator&) = delete;
    TorchScriptSeparator& operator=(const TorchScriptSeparator&) = delete;

    /// "model:<file>" as given (SeparatorFactory::create(name()) makes the same separator).
    std::string name() const override;

    /// Progress: stage "separate", 0..100 over the chunks. mixFile is not used.
    StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress = {}) override;

    /// Source names from the metadata; empty when the model did not say (then they are
    /// "source0".. after the first run).
    const std::vector<std::string>& sourceNames() const { return m_sources; }
    /// Hz.
    int modelSampleRate() const { return m_sampleRate; }
    /// 0 when the model takes any channel count.
    int modelChannels() const { return m_channels; }

private:
    struct Model;
    std::filesystem::path m_file;
    double m_chunkSeconds;
    double m_overlapSeconds;
    std::unique_ptr<Model> m_model;
    std::vector<std::string> m_sources;
    int m_sampleRate = kDefaultSampleRate;
    bool m_sampleRateKnown = false;
    int m_channels = 0;
};

} // namespace emotrace
