#include "separation/BuiltinSeparator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <torch/torch.h>

#include "util/Error.h"

namespace emotrace {

namespace {

constexpr int kMedianLength = 17;
constexpr float kMargin2 = 4.0f; ///< squared separation margin (beta = 2)

/// Median of |X| along time (for each bin) or along frequency (for each frame); [F, T]
/// row-major; edges use the available neighbours only. Checks cancel once per bin (about
/// a millisecond apart), so closing the window never waits for a whole filter.
std::vector<float> medianFilter(const std::vector<float>& m, int bins, int frames, bool alongTime, const Progress& progress)
{
    std::vector<float> out(m.size());
    std::vector<float> window;
    window.reserve(kMedianLength);
    const int half = kMedianLength / 2;
    for (int f = 0; f < bins; ++f) {
        progress.checkCancelled();
        for (int t = 0; t < frames; ++t) {
            window.clear();
            if (alongTime)
                for (int k = std::max(0, t - half); k <= std::min(frames - 1, t + half); ++k) window.push_back(m[std::size_t(f) * frames + k]);
            else
                for (int k = std::max(0, f - half); k <= std::min(bins - 1, f + half); ++k) window.push_back(m[std::size_t(k) * frames + t]);
            auto mid = window.begin() + std::ptrdiff_t(window.size() / 2);
            std::nth_element(window.begin(), mid, window.end());
            out[std::size_t(f) * frames + t] = *mid;
        }
    }
    return out;
}

/// 1 below `full` Hz, 0 above `zero` Hz, raised cosine between.
float lowShelf(double hz, double full, double zero)
{
    if (hz <= full) return 1.0f;
    if (hz >= zero) return 0.0f;
    return float(0.5 + 0.5 * std::cos(std::numbers::pi * (hz - full) / (zero - full)));
}

} // namespace

StemSet BuiltinSeparator::separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress)
{
    const std::string source = mixFile.empty() ? std::string("builtin separator") : mixFile;
    if (mix.channels < 1 || mix.sampleRate <= 0 || mix.frameCount() == 0) throw Error(source + ": no audio to separate");
    c10::InferenceMode inference;
    const int channels = mix.channels;
    const std::int64_t length = mix.frameCount();
    int fftSize = 256;
    while (fftSize < int(0.093 * mix.sampleRate)) fftSize *= 2;
    const int hop = fftSize / 4;
    const auto window = torch::hann_window(fftSize, torch::kFloat32);

    // [C, T] planar
    auto planar = torch::from_blob(const_cast<float*>(mix.samples.data()), {length, channels}, torch::kFloat32).t().contiguous();
    // The centred STFT reflects half a frame at each end: a song shorter than one frame is
    // zero-padded to a frame, and every stem cropped back to the song.
    const std::int64_t paddedLength = std::max<std::int64_t>(length, fftSize);
    if (paddedLength > length) planar = torch::constant_pad_nd(planar, {0, paddedLength - length});
    progress.report("separate", 5);
    const auto spec = torch::stft(planar, fftSize, hop, fftSize, window, true, "reflect", false, true, true); // [C, F, T]
    const int bins = int(spec.size(1)), frames = int(spec.size(2));
    const auto magnitude = spec.abs();                                   // [C, F, T]
    const auto meanMagnitude = magnitude.mean(0).contiguous();           // [F, T]
    std::vector<float> m(meanMagnitude.data_ptr<float>(), meanMagnitude.data_ptr<float>() + std::size_t(bins) * frames);
    progress.checkCancelled();
    const auto harmonic = medianFilter(m, bins, frames, true, progress);
    progress.report("separate", 30);
    progress.checkCancelled();
    const auto percussive = medianFilter(m, bins, frames, false, progress);
    progress.report("separate", 55);
    progress.checkCancelled();

    std::vector<float> centre(std::size_t(bins) * frames, 0.0f);
    if (channels >= 2) {
        const auto left = spec[0], right = spec[1];
        const auto similarity = (1.0 - (left - right).abs() / (left.abs() + right.abs() + 1e-9)).clamp(0.0, 1.0).pow(4).contiguous();
        std::copy(similarity.data_ptr<float>(), similarity.data_ptr<float>() + centre.size(), centre.begin());
    }

    torch::Tensor drumsMask = torch::empty({bins, frames}), bassMask = torch::empty({bins, frames}), vocalsMask = torch::empty({bins, frames});
    float* dm = drumsMask.data_ptr<float>();
    float* bm = bassMask.data_ptr<float>();
    float* vm = vocalsMask.data_ptr<float>();
    const double binHz = double(mix.sampleRate) / fftSize;
    for (int f = 0; f < bins; ++f) {
        progress.checkCancelled();
        const double hz = f * binHz;
        const float bass = lowShelf(hz, 150.0, 300.0);
        const float band = (1.0f - lowShelf(hz, 120.0, 180.0)) * lowShelf(hz, 6000.0, 8000.0);
        for (int t = 0; t < frames; ++t) {
            const std::size_t i = std::size_t(f) * frames + t;
            // drums with Driedger's margin: a bin is percussive only where it clearly
            // dominates (GM kits ring; piano attacks are broadband); the rest stays harmonic
            const float h2 = harmonic[i] * harmonic[i], p2 = percussive[i] * percussive[i];
            const float mh = h2 + p2 > 0.0f ? h2 / (h2 + p2) : 0.5f;
            dm[i] = h2 + p2 > 0.0f ? p2 / (p2 + kMargin2 * h2) : 0.0f;
            bm[i] = mh * bass;
            vm[i] = mh * (1.0f - bass) * band * centre[i];
        }
    }

    auto resynthesise = [&](const torch::Tensor& mask) {
        const auto y = torch::istft(spec * mask.unsqueeze(0), fftSize, hop, fftSize, window, true, false, true, paddedLength, false)
                           .narrow(1, 0, length); // [C, T]
        AudioBuffer out;
        out.sampleRate = mix.sampleRate;
        out.channels = channels;
        const auto interleaved = y.t().contiguous();
        out.samples.assign(interleaved.data_ptr<float>(), interleaved.data_ptr<float>() + std::size_t(length) * channels);
        return out;
    };
    StemSet set;
    set.backend = name();
    set.names = {"vocals", "drums", "bass", "other"};
    for (const auto* mask : {&vocalsMask, &drumsMask, &bassMask}) {
        progress.checkCancelled();
        set.stems.push_back(resynthesise(*mask));
    }
    progress.report("separate", 90);
    AudioBuffer other = mix;
    for (std::size_t s = 0; s < 3; ++s)
        for (std::size_t i = 0; i < other.samples.size(); ++i) other.samples[i] -= set.stems[s].samples[i];
    set.stems.push_back(std::move(other));
    if (channels < 2) set.warnings.push_back(source + ": mono audio has no centre cue; the vocals stem is silent");
    progress.report("separate", 100);
    return set;
}

} // namespace emotrace
