#include "dsp/LogSpectrogramFrontEnd.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/FrameGrid.h"
#include "dsp/RealFft.h"
#include "util/Error.h"

namespace emotrace {

LogSpectrogramFrontEnd::LogSpectrogramFrontEnd(FrontEndParameters parameters)
    : m_parameters(parameters), m_filterbank(parameters)
{
    const int m = m_parameters.frameSize;
    m_window.resize(m);
    for (int k = 0; k < m; ++k) {
        const double n = double(2 * k - (m - 1));
        m_window[k] = 0.5 + 0.5 * std::cos(std::numbers::pi * n / double(m - 1));
    }
}

std::vector<float> LogSpectrogramFrontEnd::trimAndNormalise(std::span<const float> signal)
{
    std::size_t begin = 0, end = signal.size();
    while (begin < end && signal[begin] == 0.0f) ++begin;
    while (end > begin && signal[end - 1] == 0.0f) --end;
    std::vector<float> out(signal.begin() + std::ptrdiff_t(begin), signal.begin() + std::ptrdiff_t(end));
    float peak = 0.0f;
    for (float x : out) {
        if (!std::isfinite(x)) throw Error("front end: signal contains NaN or infinite samples");
        peak = std::max(peak, std::fabs(x));
    }
    for (float& x : out) x = x / peak;
    return out;
}

float LogSpectrogramFrontEnd::magnitude(std::complex<float> z)
{
    const float re = std::fabs(z.real()), im = std::fabs(z.imag());
    const float large = std::max(re, im), small = std::min(re, im);
    if (large == 0.0f) return 0.0f;
    const float r = small / large;
    return std::sqrt(std::fma(r, r, 1.0f)) * large;
}

std::vector<std::complex<float>> LogSpectrogramFrontEnd::stft(std::span<const float> prepared) const
{
    const int size = m_parameters.frameSize;
    const int bins = binCount();
    const FrameGrid grid(m_parameters.hop(), std::int64_t(prepared.size()));
    std::vector<std::complex<float>> out(std::size_t(grid.frameCount()) * bins);
    RealFft fft(size);
    std::vector<double> frame(size);
    std::vector<std::complex<double>> spectrum(size / 2 + 1);
    const std::int64_t n = std::int64_t(prepared.size());
    for (std::int64_t f = 0; f < grid.frameCount(); ++f) {
        const std::int64_t start = grid.frameStart(f);
        for (int k = 0; k < size; ++k) {
            const std::int64_t i = start + k;
            frame[k] = (i < n ? double(prepared[std::size_t(i)]) : 0.0) * m_window[k];
        }
        fft.forward(frame.data(), spectrum.data());
        std::complex<float>* row = out.data() + std::size_t(f) * bins;
        for (int b = 0; b < bins; ++b)
            row[b] = {static_cast<float>(spectrum[b].real()), static_cast<float>(spectrum[b].imag())};
    }
    return out;
}

Spectrogram LogSpectrogramFrontEnd::fromStft(std::span<const std::complex<float>> stft, std::int64_t frames) const
{
    const int bins = binCount();
    if (stft.size() != std::size_t(frames) * std::size_t(bins))
        throw Error("front end: STFT holds " + std::to_string(stft.size()) + " values, expected frames x "
                    + std::to_string(bins));
    Spectrogram spec;
    spec.bands = m_filterbank.bandCount();
    spec.frames = frames;
    spec.values.assign(std::size_t(spec.bands) * std::size_t(frames), 0.0f);
    std::vector<float> mag(bins), bands(spec.bands);
    for (std::int64_t f = 0; f < frames; ++f) {
        const std::complex<float>* row = stft.data() + std::size_t(f) * bins;
        for (int b = 0; b < bins; ++b) mag[b] = magnitude(row[b]);
        m_filterbank.apply(mag.data(), bands.data());
        for (int k = 0; k < spec.bands; ++k) {
            const float z = bands[k] * 1.0f + 1.0f;
            spec.values[std::size_t(k) * std::size_t(frames) + std::size_t(f)] =
                static_cast<float>(std::log10(double(z)));
        }
    }
    return spec;
}

Spectrogram LogSpectrogramFrontEnd::compute(std::span<const float> signal) const
{
    std::vector<float> prepared = trimAndNormalise(signal);
    if (prepared.empty()) {
        // Silence policy (see class comment): zeros over the untrimmed length.
        Spectrogram spec;
        spec.bands = m_filterbank.bandCount();
        spec.frames = FrameGrid(m_parameters.hop(), std::int64_t(signal.size())).frameCount();
        spec.values.assign(std::size_t(spec.bands) * std::size_t(spec.frames), 0.0f);
        return spec;
    }
    const std::vector<std::complex<float>> s = stft(prepared);
    return fromStft(s, std::int64_t(s.size() / std::size_t(binCount())));
}

} // namespace emotrace
