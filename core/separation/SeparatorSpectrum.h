#pragma once

#include <torch/types.h>

#include "separation/MaskNetworkConfig.h"

namespace emotrace {

/// The spectral side of the learned separator: the short-time Fourier transform of
/// stereo audio, the network's input features, and the way back. Shared by inference
/// (LearnedSeparator) and training (SeparatorTrainer), so both see the same numbers.
/// Stateless apart from the window; cheap to copy; any thread.
///
/// STFT: Hann window of fftSize, hop hopSize, centred frames (reflect padding), one-sided:
/// F = fftSize / 2 + 1 bins. A signal of N samples has N / hopSize + 1 frames, and
/// inverse(forward(x), N) == x to float rounding (the window's overlap-add is constant
/// at a quarter-window hop; istft divides by it), so masks that sum to one give stems
/// that sum to the mix.
class SeparatorSpectrum {
public:
    explicit SeparatorSpectrum(const MaskNetworkConfig& config);

    /// audio [..., N] float -> complex [..., F, T].
    torch::Tensor forward(const torch::Tensor& audio) const;
    /// complex [..., F, T] -> float [..., length].
    torch::Tensor inverse(const torch::Tensor& spectrum, std::int64_t length) const;

    /// Network input from the mix's spectrum [B, 2, F, T] (left, right; a mono mix is
    /// passed with both channels equal): [B, T, 2F] = log(|mid| + 1e-4) for the F bins,
    /// then log(|side| + 1e-4), mid = (L + R) / 2, side = (L - R) / 2. The side half
    /// carries the stereo image (a centred voice has a small side).
    static torch::Tensor features(const torch::Tensor& mixSpectrum);

private:
    int m_fftSize;
    int m_hopSize;
    torch::Tensor m_window;
};

} // namespace emotrace
