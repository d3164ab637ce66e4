#include "separation/SeparatorSpectrum.h"

#include <torch/torch.h>

namespace emotrace {

SeparatorSpectrum::SeparatorSpectrum(const MaskNetworkConfig& config)
    : m_fftSize(config.fftSize), m_hopSize(config.hopSize), m_window(torch::hann_window(config.fftSize, torch::kFloat))
{
}

torch::Tensor SeparatorSpectrum::forward(const torch::Tensor& audio) const
{
    const auto shape = audio.sizes().vec();
    const auto flat = audio.reshape({-1, shape.back()});
    auto spectrum = torch::stft(flat, m_fftSize, m_hopSize, m_fftSize, m_window, /*center=*/true, "reflect",
                                /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true);
    std::vector<std::int64_t> out(shape.begin(), shape.end() - 1);
    out.push_back(spectrum.size(1));
    out.push_back(spectrum.size(2));
    return spectrum.reshape(out);
}

torch::Tensor SeparatorSpectrum::inverse(const torch::Tensor& spectrum, std::int64_t length) const
{
    const auto shape = spectrum.sizes().vec();
    const auto flat = spectrum.reshape({-1, shape[shape.size() - 2], shape.back()});
    auto audio = torch::istft(flat, m_fftSize, m_hopSize, m_fftSize, m_window, /*center=*/true, /*normalized=*/false,
                              /*onesided=*/true, length, /*return_complex=*/false);
    std::vector<std::int64_t> out(shape.begin(), shape.end() - 2);
    out.push_back(length);
    return audio.reshape(out);
}

torch::Tensor SeparatorSpectrum::features(const torch::Tensor& mixSpectrum)
{
    const auto left = mixSpectrum.select(1, 0);
    const auto right = mixSpectrum.select(1, 1);
    const auto mid = torch::log(torch::abs((left + right) * 0.5) + 1e-4);
    const auto side = torch::log(torch::abs((left - right) * 0.5) + 1e-4);
    return torch::cat({mid, side}, 1).transpose(1, 2).contiguous(); // [B, 2F, T] -> [B, T, 2F]
}

} // namespace emotrace
