#pragma once

#include <complex>
#include <span>
#include <vector>

#include "dsp/FrontEndParameters.h"
#include "dsp/LogFilterbank.h"
#include "dsp/Spectrogram.h"

namespace emotrace {

/// The paper's front end, reproducing madmom's LogarithmicFilteredSpectrogram (see
/// fixtures/madmom/README.md): trim exact zeros, peak-normalise in float32, frame with
/// the fractional hop, symmetric Hann, FFT in double (pocketfft, via libtorch) rounded to
/// complex64, magnitude,
/// 149-band log filterbank, log10(1 + x). Input: mono float32 at parameters.sampleRate.
///
/// Silence policy: the reference divides by a zero peak and returns NaN for an all-zero
/// input. Here an input with no non-zero sample gives an all-zero spectrogram with
/// ceil(samples / hop) frames (what the later stages give for zeros when the 0/0
/// normalisation is skipped); an empty input gives zero frames.
///
/// Immutable after construction and safe to share between threads.
class LogSpectrogramFrontEnd {
public:
    explicit LogSpectrogramFrontEnd(FrontEndParameters parameters = {});
    /// With a given analysis window (frameSize values) instead of the computed Hann:
    /// numpy's cos on the reference machine (AVX-512) differs from glibc's in the last bit,
    /// so only its own window table reproduces the reference STFT bit for bit.
    LogSpectrogramFrontEnd(FrontEndParameters parameters, std::vector<double> window);

    const FrontEndParameters& parameters() const { return m_parameters; }
    const LogFilterbank& filterbank() const { return m_filterbank; }
    /// Symmetric Hann window of frameSize samples as np.hanning evaluates it.
    const std::vector<double>& window() const { return m_window; }
    int binCount() const { return m_parameters.frameSize / 2; }

    /// Whole pipeline.
    Spectrogram compute(std::span<const float> signal) const;
    /// The pipeline without stage 1's trimming: peak-normalised only, so frame i always
    /// starts at sample i * hop of `signal` and exact zeros stay silence in place (what a
    /// perturbed mix needs: switching a component off must not move or shorten the grid).
    /// ceil(samples / hop) frames; all zeros for a silent input (the silence policy).
    Spectrogram computeOnGrid(std::span<const float> signal) const;
    /// Leading exact zeros that compute() trims: its frame i starts at sample
    /// leadingZeros(signal) + i * hop of the signal.
    static std::int64_t leadingZeros(std::span<const float> signal);

    /// Stage 1: leading and trailing exact zeros removed, then divided by the peak
    /// magnitude (float32 division). Empty when the input has no non-zero sample.
    static std::vector<float> trimAndNormalise(std::span<const float> signal);

    /// Stages 3-5: complex64 STFT of a prepared signal, [frames, binCount] row-major.
    std::vector<std::complex<float>> stft(std::span<const float> prepared) const;

    /// Stages 6-9: from complex64 STFT frames [frames, binCount] to the spectrogram.
    Spectrogram fromStft(std::span<const std::complex<float>> stft, std::int64_t frames) const;

    /// Stage 6 for one value: |z| as the reference computes it in float32.
    static float magnitude(std::complex<float> z);

private:
    /// Stages 3-9 of a prepared (normalised) signal.
    Spectrogram computePrepared(const std::vector<float>& prepared) const;
    static constexpr std::int64_t kChunkFrames = 256; ///< frames per FFT batch (bounds memory)

    /// STFT of frames first..first+count-1 into out ([count, binCount]).
    void stftFrames(std::span<const float> prepared, std::int64_t first, std::int64_t count, std::complex<float>* out) const;
    /// Stages 6-9 for count STFT frames, written to spec's frames first..first+count-1.
    void bandsOfFrames(const std::complex<float>* stft, std::int64_t first, std::int64_t count, Spectrogram& spec) const;
    Spectrogram emptySpectrogram(std::int64_t frames) const;

    FrontEndParameters m_parameters;
    LogFilterbank m_filterbank;
    std::vector<double> m_window;
};

} // namespace emotrace
