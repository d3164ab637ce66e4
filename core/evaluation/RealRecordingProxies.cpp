#include "evaluation/RealRecordingProxies.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>

#include "dsp/LogSpectrogramFrontEnd.h"
#include "util/Error.h"

namespace emotrace {

namespace {

constexpr double kOnsetFps = 100.0;        // frames/s of the onset envelope: 1 % tempo resolution at 60 BPM
constexpr int kHpssFrame = 2048;           // as BuiltinSeparator at 44.1 kHz: ~93 ms
constexpr int kHpssHop = 512;
constexpr int kHpssMedian = 17;            // frames (time) and bins (frequency)
constexpr int kChromaFrame = 8192;         // 2.7 Hz bins: semitones apart from ~100 Hz up
constexpr double kChromaFps = 5.0;
constexpr double kChromaLowHz = 100.0;
constexpr double kChromaHighHz = 2000.0;
constexpr double kTempoPriorBpm = 120.0;
constexpr double kTempoPriorOctaves = 1.0;

// Krumhansl & Kessler (1982) probe-tone profiles, tonic first.
constexpr std::array<double, 12> kMajorProfile{6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> kMinorProfile{6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

FrontEndParameters parameters(int frameSize, double fps)
{
    FrontEndParameters p;
    p.sampleRate = RealRecordingProxies::kSampleRate;
    p.frameSize = frameSize;
    p.framesPerSecond = fps;
    return p;
}

// Immutable after construction and safe to share between threads (LogSpectrogramFrontEnd's contract).
const LogSpectrogramFrontEnd& onsetFrontEnd()
{
    static const LogSpectrogramFrontEnd frontEnd(parameters(2048, kOnsetFps));
    return frontEnd;
}
const LogSpectrogramFrontEnd& hpssFrontEnd()
{
    static const LogSpectrogramFrontEnd frontEnd(parameters(kHpssFrame, double(RealRecordingProxies::kSampleRate) / kHpssHop));
    return frontEnd;
}
const LogSpectrogramFrontEnd& chromaFrontEnd()
{
    // only its STFT is used; a low top band keeps the (unused) log filterbank's filters short
    FrontEndParameters p = parameters(kChromaFrame, kChromaFps);
    p.maxFrequency = 4000.0;
    static const LogSpectrogramFrontEnd frontEnd(p);
    return frontEnd;
}

std::span<const float> middleExcerpt(std::span<const float> mono)
{
    const auto limit = std::size_t(RealRecordingProxies::kMaxSeconds * RealRecordingProxies::kSampleRate);
    if (mono.size() <= limit) return mono;
    return mono.subspan((mono.size() - limit) / 2, limit);
}

// |STFT| as [frames][bins] of the peak-normalised signal.
std::vector<std::vector<float>> magnitudes(const LogSpectrogramFrontEnd& frontEnd, std::span<const float> mono)
{
    const std::vector<float> prepared = LogSpectrogramFrontEnd::trimAndNormalise(mono);
    if (prepared.empty()) return {};
    const auto stft = frontEnd.stft(prepared);
    const std::size_t bins = std::size_t(frontEnd.binCount());
    const std::size_t frames = stft.size() / bins;
    std::vector<std::vector<float>> out(frames, std::vector<float>(bins));
    for (std::size_t t = 0; t < frames; ++t)
        for (std::size_t k = 0; k < bins; ++k) out[t][k] = std::abs(stft[t * bins + k]);
    return out;
}

double correlation(const std::array<double, 12>& a, const std::array<double, 12>& b)
{
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / 12.0;
    const double mb = std::accumulate(b.begin(), b.end(), 0.0) / 12.0;
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (int i = 0; i < 12; ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0.0 && sbb > 0.0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

} // namespace

nlohmann::json RealRecordingProxies::Values::toJson() const
{
    static const char* kNames[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    return {{"tempo_bpm", tempoBpm},
            {"tempo_strength", tempoStrength},
            {"percussive_share", percussiveShare},
            {"key", std::string(kNames[keyTonic % 12]) + (mode == "minor" ? " minor" : " major")},
            {"audio_mode", mode},
            {"audio_mode_confidence", modeConfidence},
            {"loudness_dbfs", loudnessDbfs},
            {"brightness_hz", brightnessHz},
            {"analysed_seconds", analysedSeconds}};
}

std::pair<double, double> RealRecordingProxies::tempo(std::span<const float> mono)
{
    const Spectrogram spec = onsetFrontEnd().compute(middleExcerpt(mono));
    const std::int64_t n = spec.frames;
    if (n < 4) return {0.0, 0.0};
    std::vector<double> onset(std::size_t(n), 0.0);
    for (int b = 0; b < spec.bands; ++b)
        for (std::int64_t t = 1; t < n; ++t) onset[std::size_t(t)] += std::max(0.0f, spec.at(b, t) - spec.at(b, t - 1));
    // minus the 1-s moving mean: the autocorrelation then sees the pulse, not the loudness curve
    std::vector<double> prefix(std::size_t(n) + 1, 0.0);
    for (std::int64_t t = 0; t < n; ++t) prefix[std::size_t(t) + 1] = prefix[std::size_t(t)] + onset[std::size_t(t)];
    const std::int64_t half = std::int64_t(kOnsetFps / 2);
    std::vector<double> o(static_cast<std::size_t>(n));
    for (std::int64_t t = 0; t < n; ++t) {
        const std::int64_t lo = std::max<std::int64_t>(0, t - half), hi = std::min(n, t + half + 1);
        o[std::size_t(t)] = onset[std::size_t(t)] - (prefix[std::size_t(hi)] - prefix[std::size_t(lo)]) / double(hi - lo);
    }
    const auto acf = [&](std::int64_t lag) {
        if (lag >= n) return 0.0;
        double s = 0.0;
        for (std::int64_t t = 0; t + lag < n; ++t) s += o[std::size_t(t)] * o[std::size_t(t + lag)];
        return s / double(n - lag);
    };
    const double r0 = acf(0);
    if (r0 <= 0.0) return {0.0, 0.0};
    const auto minLag = std::int64_t(std::floor(60.0 * kOnsetFps / kMaxTempoBpm));
    const auto maxLag = std::int64_t(std::ceil(60.0 * kOnsetFps / kMinTempoBpm));
    std::vector<double> r(std::size_t(maxLag + 2), 0.0);
    for (std::int64_t lag = minLag - 1; lag <= maxLag + 1; ++lag) r[std::size_t(lag)] = acf(lag);
    std::int64_t best = minLag;
    double bestScore = -1e300;
    for (std::int64_t lag = minLag; lag <= maxLag; ++lag) {
        const double octaves = std::log2(60.0 * kOnsetFps / double(lag) / kTempoPriorBpm) / kTempoPriorOctaves;
        const double score = std::exp(-0.5 * octaves * octaves) * r[std::size_t(lag)];
        if (score > bestScore) {
            bestScore = score;
            best = lag;
        }
    }
    const double a = r[std::size_t(best - 1)], b = r[std::size_t(best)], c = r[std::size_t(best + 1)];
    const double denominator = a - 2.0 * b + c;
    const double shift = denominator < 0.0 ? std::clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0.0;
    return {60.0 * kOnsetFps / (double(best) + shift), std::clamp(b / r0, 0.0, 1.0)};
}

double RealRecordingProxies::percussiveShare(std::span<const float> mono)
{
    const auto mag = magnitudes(hpssFrontEnd(), middleExcerpt(mono));
    if (mag.empty()) return 0.0;
    const std::size_t frames = mag.size(), bins = mag[0].size();
    const std::size_t half = kHpssMedian / 2;
    std::vector<float> window;
    window.reserve(kHpssMedian);
    const auto median = [&window]() {
        const auto mid = window.begin() + std::ptrdiff_t(window.size() / 2);
        std::nth_element(window.begin(), mid, window.end());
        return *mid;
    };
    double total = 0.0, percussive = 0.0;
    for (std::size_t t = 0; t < frames; ++t) {
        for (std::size_t k = 0; k < bins; ++k) {
            const double x = mag[t][k];
            if (x <= 0.0) continue;
            window.clear();
            for (std::size_t u = t > half ? t - half : 0; u <= std::min(frames - 1, t + half); ++u) window.push_back(mag[u][k]);
            const double h = median();
            window.clear();
            for (std::size_t j = k > half ? k - half : 0; j <= std::min(bins - 1, k + half); ++j) window.push_back(mag[t][j]);
            const double p = median();
            const double energy = x * x;
            total += energy;
            if (h * h + p * p > 0.0) percussive += energy * (p * p) / (h * h + p * p);
        }
    }
    return total > 0.0 ? percussive / total : 0.0;
}

std::array<double, 12> RealRecordingProxies::chroma(std::span<const float> mono)
{
    std::array<double, 12> result{};
    const auto mag = magnitudes(chromaFrontEnd(), middleExcerpt(mono));
    const double binHz = double(kSampleRate) / kChromaFrame;
    const auto lo = std::size_t(std::ceil(kChromaLowHz / binHz)), hi = std::size_t(std::floor(kChromaHighHz / binHz));
    for (const auto& frame : mag) {
        std::array<double, 12> c{};
        for (std::size_t k = std::max<std::size_t>(lo, 1); k <= hi && k + 1 < frame.size(); ++k) {
            if (!(frame[k] > frame[k - 1] && frame[k] >= frame[k + 1])) continue; // spectral peaks only
            const double midi = 69.0 + 12.0 * std::log2(double(k) * binHz / 440.0);
            const int pc = ((int(std::lround(midi)) % 12) + 12) % 12;
            c[std::size_t(pc)] += frame[k];
        }
        const double sum = std::accumulate(c.begin(), c.end(), 0.0);
        if (sum <= 0.0) continue;
        for (int i = 0; i < 12; ++i) result[std::size_t(i)] += c[std::size_t(i)] / sum;
    }
    const double sum = std::accumulate(result.begin(), result.end(), 0.0);
    if (sum > 0.0)
        for (double& v : result) v /= sum;
    return result;
}

RealRecordingProxies::Key RealRecordingProxies::key(const std::array<double, 12>& chroma)
{
    double bestMajor = -2.0, bestMinor = -2.0;
    int majorTonic = 0, minorTonic = 0;
    for (int tonic = 0; tonic < 12; ++tonic) {
        std::array<double, 12> major{}, minor{};
        for (int pc = 0; pc < 12; ++pc) {
            major[std::size_t(pc)] = kMajorProfile[std::size_t((pc - tonic + 12) % 12)];
            minor[std::size_t(pc)] = kMinorProfile[std::size_t((pc - tonic + 12) % 12)];
        }
        const double rMajor = correlation(chroma, major), rMinor = correlation(chroma, minor);
        if (rMajor > bestMajor) bestMajor = rMajor, majorTonic = tonic;
        if (rMinor > bestMinor) bestMinor = rMinor, minorTonic = tonic;
    }
    if (bestMinor > bestMajor) return {minorTonic, true, bestMinor - bestMajor};
    return {majorTonic, false, bestMajor - bestMinor};
}

RealRecordingProxies::Values RealRecordingProxies::compute(std::span<const float> mono, const std::string& source)
{
    if (mono.size() < std::size_t(5 * kSampleRate)) throw Error(source + ": too short for the real-recordings proxies (under 5 s)");
    if (std::all_of(mono.begin(), mono.end(), [](float v) { return v == 0.0f; })) throw Error(source + ": silent");
    const auto excerpt = middleExcerpt(mono);
    Values v;
    v.analysedSeconds = double(excerpt.size()) / kSampleRate;
    double square = 0.0;
    for (float s : excerpt) square += double(s) * s;
    v.loudnessDbfs = 10.0 * std::log10(std::max(1e-20, square / double(excerpt.size())));
    std::tie(v.tempoBpm, v.tempoStrength) = tempo(excerpt);
    v.percussiveShare = percussiveShare(excerpt);
    const Key k = key(chroma(excerpt));
    v.keyTonic = k.tonic;
    v.mode = k.minor ? "minor" : "major";
    v.modeConfidence = k.confidence;
    // brightness: centroid of the power spectrum (a coarse STFT is enough)
    const auto mag = magnitudes(hpssFrontEnd(), excerpt);
    double weighted = 0.0, power = 0.0;
    const double binHz = double(kSampleRate) / kHpssFrame;
    for (const auto& frame : mag)
        for (std::size_t k2 = 0; k2 < frame.size(); ++k2) {
            const double e = double(frame[k2]) * frame[k2];
            weighted += e * double(k2) * binHz;
            power += e;
        }
    v.brightnessHz = power > 0.0 ? weighted / power : 0.0;
    return v;
}

} // namespace emotrace
