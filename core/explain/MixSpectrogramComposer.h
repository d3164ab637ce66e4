#pragma once

#include <complex>
#include <cstdint>
#include <vector>

#include "dsp/LogSpectrogramFrontEnd.h"

namespace emotrace {

/// Spectrograms of mixes of components (stems, or stems cut to time segments), composed
/// in the complex STFT domain: each component is transformed once, and a mix costs a
/// sum, a magnitude, the filterbank and the log — never a new FFT.
///
/// Every mix keeps the excerpt's frame grid: the front end's trimming of exact zeros is
/// not applied (LogSpectrogramFrontEnd::computeOnGrid), so a component switched off is
/// silence in place — never a shorter or shifted grid that the model's window would then
/// fill by looping. The mix's peak (max |sum of kept components|) divides the summed STFT,
/// as the front end's peak normalisation does. A mix of nothing but zeros follows the
/// front end's silence policy (an all-zero spectrogram on the same grid).
///
/// The result equals frontEnd.computeOnGrid(sum of kept components) to float rounding (the
/// STFT of a sum is the sum of the STFTs; differences ~1e-6, tested). Input: mono
/// float32 at the front end's rate, all components of equal length. Memory: components x
/// frames x bins complex64 (5 stems of 40 s: 51 MB). Immutable after construction; safe
/// to call from several threads.
class MixSpectrogramComposer {
public:
    MixSpectrogramComposer(LogSpectrogramFrontEnd frontEnd, std::vector<std::vector<float>> components);

    int componentCount() const { return int(m_components.size()); }
    std::int64_t samples() const { return m_samples; }

    /// Spectrogram of the mix of the components whose mask entry is non-zero.
    Spectrogram compose(const std::vector<std::uint8_t>& mask) const;
    /// The same through the waveform and the front end (computeOnGrid; the reference path).
    Spectrogram direct(const std::vector<std::uint8_t>& mask) const;
    /// The mixed waveform of a mask (float sum in component order).
    std::vector<float> mixWaveform(const std::vector<std::uint8_t>& mask) const;

private:
    void checkMask(const std::vector<std::uint8_t>& mask) const;

    LogSpectrogramFrontEnd m_frontEnd;
    std::vector<std::vector<float>> m_components;
    std::int64_t m_samples = 0;
    std::int64_t m_frames = 0;
    std::vector<std::vector<std::complex<float>>> m_stft; ///< per component [frames, bins]
};

} // namespace emotrace
