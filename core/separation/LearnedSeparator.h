#pragma once

#include <filesystem>
#include <string>

#include "separation/SeparatorPackage.h"
#include "separation/SeparatorSpectrum.h"
#include "separation/Separator.h"

namespace emotrace {

/// Separates with a learned separator package (MaskNetwork: masks on the STFT that sum to
/// one over the stems), on the CPU.
///
/// Processing: the mix is converted to the network's rate and to stereo (a mono mix is
/// used as two equal channels; its stems are folded back to mono), cut into chunks of
/// chunkSeconds overlapping by overlapSeconds; each chunk goes through STFT -> features ->
/// masks -> masked spectra -> inverse STFT, and overlapping chunk outputs are cross-faded
/// linearly (weights summing to one). Memory beyond the input and the stems is bounded by
/// one chunk (about 350 MB for 30 s). Each chunk's stems sum to the chunk (the masks sum
/// to one) and the cross-fade keeps that. What a conversion to another rate cannot carry
/// (the band above 22.05 kHz of a 48 kHz mix: about -40 dB on music) and float rounding go
/// into "other" (a warning when above -60 dB), so the stems sum to the mix to float
/// precision and no "residual" stem appears. Runs under
/// c10::InferenceMode. Progress: stage "separate", 0..100 over the chunks; cancellation is
/// checked before every chunk.
///
/// Thread: lives on the thread that calls it. libtorch's thread count is not touched here.
class LearnedSeparator : public Separator {
public:
    static constexpr double kChunkSeconds = 30.0;
    static constexpr double kOverlapSeconds = 3.0;

    /// spec: what name() returns ("learned" for the shipped package, "learned:DIR" otherwise).
    LearnedSeparator(LoadedSeparator separator, std::string spec, double chunkSeconds = kChunkSeconds,
                     double overlapSeconds = kOverlapSeconds);

    /// Loads the package in `folder` (throws emotrace::Error naming what failed).
    static LearnedSeparator fromFolder(const std::filesystem::path& folder, std::string spec);

    std::string name() const override { return m_spec; }
    StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress = {}) override;

    const LoadedSeparator& package() const { return m_separator; }

private:
    LoadedSeparator m_separator;
    std::string m_spec;
    double m_chunkSeconds;
    double m_overlapSeconds;
    SeparatorSpectrum m_spectrum;
};

} // namespace emotrace
