#include "dsp/LogSpectrogramFrontEnd.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <torch/torch.h>

#include "dsp/FrameGrid.h"
#include "util/Error.h"

namespace emotrace {

namespace {

const FrontEndParameters& validated(const FrontEndParameters& p)
{
    if (p.sampleRate <= 0) throw Error("front end: sample rate must be positive");
    if (p.frameSize < 16 || p.frameSize % 2 != 0) throw Error("front end: frame size must be even and at least 16");
    if (!(p.framesPerSecond > 0.0)) throw Error("front end: frames per second must be positive");
    if (p.bandsPerOctave < 1) throw Error("front end: bands per octave must be positive");
    if (!(p.minFrequency > 0.0 && p.maxFrequency > p.minFrequency && p.referenceFrequency > 0.0))
        throw Error("front end: need 0 < fmin < fmax and a positive reference frequency");
    return p;
}

} // namespace

LogSpectrogramFrontEnd::LogSpectrogramFrontEnd(FrontEndParameters parameters)
    : m_parameters(validated(parameters)), m_filterbank(m_parameters)
{
    const int m = m_parameters.frameSize;
    m_window.resize(m);
    for (int k = 0; k < m; ++k) {
        const double n = double(2 * k - (m - 1));
        m_window[k] = 0.5 + 0.5 * std::cos(std::numbers::pi * n / double(m - 1));
    }
}

LogSpectrogramFrontEnd::LogSpectrogramFrontEnd(FrontEndParameters parameters, std::vector<double> window)
    : LogSpectrogramFrontEnd(parameters)
{
    if (window.size() != m_window.size())
        throw Error("front end: window has " + std::to_string(window.size()) + " values, frame size is "
                    + std::to_string(m_window.size()));
    m_window = std::move(window);
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

void LogSpectrogramFrontEnd::stftFrames(std::span<const float> prepared, std::int64_t first, std::int64_t count,
                                        std::complex<float>* out) const
{
    // libtorch's CPU FFT is pocketfft, the FFT scipy uses: in double it reproduces the
    // reference's complex64 STFT bit for bit.
    const int size = m_parameters.frameSize;
    const int bins = binCount();
    const FrameGrid grid(m_parameters.hop(), std::int64_t(prepared.size()));
    const std::int64_t n = std::int64_t(prepared.size());
    c10::InferenceMode inference;
    torch::Tensor frames = torch::empty({count, size}, torch::kFloat64);
    double* dst = frames.data_ptr<double>();
    for (std::int64_t f = 0; f < count; ++f) {
        const std::int64_t start = grid.frameStart(first + f);
        for (int k = 0; k < size; ++k) {
            const std::int64_t i = start + k;
            dst[f * size + k] = (i < n ? double(prepared[std::size_t(i)]) : 0.0) * m_window[std::size_t(k)];
        }
    }
    const torch::Tensor spectrum = torch::fft::rfft(frames).contiguous();
    const auto* src = reinterpret_cast<const std::complex<double>*>(spectrum.data_ptr<c10::complex<double>>());
    const std::int64_t columns = spectrum.size(1);
    for (std::int64_t f = 0; f < count; ++f) {
        std::complex<float>* row = out + std::size_t(f) * std::size_t(bins);
        for (int b = 0; b < bins; ++b) { // the Nyquist bin is dropped, as madmom does
            const std::complex<double> z = src[f * columns + b];
            row[b] = {static_cast<float>(z.real()), static_cast<float>(z.imag())};
        }
    }
}

void LogSpectrogramFrontEnd::bandsOfFrames(const std::complex<float>* stft, std::int64_t first, std::int64_t count,
                                           Spectrogram& spec) const
{
    const int bins = binCount();
    std::vector<float> mag(static_cast<std::size_t>(bins)), bands(static_cast<std::size_t>(spec.bands));
    for (std::int64_t f = 0; f < count; ++f) {
        const std::complex<float>* row = stft + std::size_t(f) * std::size_t(bins);
        for (int b = 0; b < bins; ++b) mag[std::size_t(b)] = magnitude(row[b]);
        m_filterbank.apply(mag.data(), bands.data());
        for (int k = 0; k < spec.bands; ++k) {
            const float z = bands[std::size_t(k)] * 1.0f + 1.0f; // madmom: mul 1, add 1, float32
            spec.values[std::size_t(k) * std::size_t(spec.frames) + std::size_t(first + f)] =
                static_cast<float>(std::log10(double(z)));
        }
    }
}

std::vector<std::complex<float>> LogSpectrogramFrontEnd::stft(std::span<const float> prepared) const
{
    const std::int64_t frames = FrameGrid(m_parameters.hop(), std::int64_t(prepared.size())).frameCount();
    std::vector<std::complex<float>> out(std::size_t(frames) * std::size_t(binCount()));
    for (std::int64_t first = 0; first < frames; first += kChunkFrames)
        stftFrames(prepared, first, std::min(kChunkFrames, frames - first), out.data() + std::size_t(first) * std::size_t(binCount()));
    return out;
}

Spectrogram LogSpectrogramFrontEnd::emptySpectrogram(std::int64_t frames) const
{
    Spectrogram spec;
    spec.bands = m_filterbank.bandCount();
    spec.frames = frames;
    spec.values.assign(std::size_t(spec.bands) * std::size_t(frames), 0.0f);
    return spec;
}

Spectrogram LogSpectrogramFrontEnd::fromStft(std::span<const std::complex<float>> stft, std::int64_t frames) const
{
    if (stft.size() != std::size_t(frames) * std::size_t(binCount()))
        throw Error("front end: STFT holds " + std::to_string(stft.size()) + " values, expected frames x "
                    + std::to_string(binCount()));
    Spectrogram spec = emptySpectrogram(frames);
    bandsOfFrames(stft.data(), 0, frames, spec);
    return spec;
}

Spectrogram LogSpectrogramFrontEnd::compute(std::span<const float> signal) const
{
    const std::vector<float> prepared = trimAndNormalise(signal);
    // Silence policy (see class comment): zeros over the untrimmed length.
    if (prepared.empty()) return emptySpectrogram(FrameGrid(m_parameters.hop(), std::int64_t(signal.size())).frameCount());
    return computePrepared(prepared);
}

Spectrogram LogSpectrogramFrontEnd::computeOnGrid(std::span<const float> signal) const
{
    std::vector<float> prepared(signal.begin(), signal.end());
    float peak = 0.0f;
    for (float x : prepared) {
        if (!std::isfinite(x)) throw Error("front end: signal contains NaN or infinite samples");
        peak = std::max(peak, std::fabs(x));
    }
    if (peak == 0.0f) return emptySpectrogram(FrameGrid(m_parameters.hop(), std::int64_t(signal.size())).frameCount());
    for (float& x : prepared) x = x / peak;
    return computePrepared(prepared);
}

std::int64_t LogSpectrogramFrontEnd::leadingZeros(std::span<const float> signal)
{
    std::int64_t n = 0;
    while (n < std::int64_t(signal.size()) && signal[std::size_t(n)] == 0.0f) ++n;
    return n;
}

Spectrogram LogSpectrogramFrontEnd::computePrepared(const std::vector<float>& prepared) const
{
    Spectrogram spec = emptySpectrogram(FrameGrid(m_parameters.hop(), std::int64_t(prepared.size())).frameCount());
    // Chunk by chunk, so that a long song never holds its whole complex STFT.
    std::vector<std::complex<float>> chunk(std::size_t(kChunkFrames) * std::size_t(binCount()));
    for (std::int64_t first = 0; first < spec.frames; first += kChunkFrames) {
        const std::int64_t count = std::min(kChunkFrames, spec.frames - first);
        stftFrames(prepared, first, count, chunk.data());
        bandsOfFrames(chunk.data(), first, count, spec);
    }
    return spec;
}

} // namespace emotrace
