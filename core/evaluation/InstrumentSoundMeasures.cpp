#include "evaluation/InstrumentSoundMeasures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "production/PowerSpectrum.h"
#include "util/Error.h"

namespace emotrace {

namespace {

std::vector<float> monoOf(const AudioBuffer& audio)
{
    const auto frames = std::size_t(audio.frameCount());
    std::vector<float> mono(frames, 0.0f);
    for (std::size_t i = 0; i < frames; ++i) {
        double sum = 0.0;
        for (int c = 0; c < audio.channels; ++c) sum += audio.samples[i * std::size_t(audio.channels) + std::size_t(c)];
        mono[i] = float(sum / audio.channels);
    }
    return mono;
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

} // namespace

InstrumentSoundMeasures InstrumentSoundMeasures::measure(const AudioBuffer& audio)
{
    if (audio.channels <= 0 || audio.sampleRate <= 0) throw Error("instrument sound measures: buffer without channels or sample rate");
    InstrumentSoundMeasures m;
    for (float v : audio.samples) m.energy += double(v) * v;
    if (m.energy <= 0.0) return m;
    const std::vector<float> mono = monoOf(audio);
    const double rate = audio.sampleRate;

    // spectrum: summed power of Hann frames, the last partial frame zero-padded
    const int size = 1 << int(std::lround(std::log2(0.046 * rate)));
    PowerSpectrum spectrum(size);
    std::vector<double> total(std::size_t(spectrum.bins()), 0.0), power;
    std::vector<float> frame(static_cast<std::size_t>(size));
    for (std::size_t start = 0; start < mono.size(); start += std::size_t(size / 2)) {
        const std::size_t n = std::min(std::size_t(size), mono.size() - start);
        std::fill(frame.begin(), frame.end(), 0.0f);
        std::copy_n(mono.begin() + std::ptrdiff_t(start), n, frame.begin());
        if (std::all_of(frame.begin(), frame.end(), [](float v) { return v == 0.0f; })) continue;
        spectrum.compute(frame.data(), power);
        for (std::size_t k = 0; k < power.size(); ++k) total[k] += power[k];
    }
    double sum = 0.0, weighted = 0.0, low = 0.0;
    for (std::size_t k = 1; k < total.size(); ++k) {
        const double hz = double(k) * rate / size;
        sum += total[k];
        weighted += hz * total[k];
        if (hz < kLowCutHz) low += total[k];
    }
    if (sum > 0.0) {
        m.centroidHz = weighted / sum;
        m.lowShare = low / sum;
    }

    // envelope: energy of windows of the spectrum's frame length every 10 ms (a window
    // long enough that a low tone's cycles do not look like onsets), then onsets and decay
    const auto hop = std::size_t(std::max(1L, std::lround(rate / 100.0)));
    std::vector<double> cumulative(mono.size() + 1, 0.0);
    for (std::size_t i = 0; i < mono.size(); ++i) cumulative[i + 1] = cumulative[i] + double(mono[i]) * mono[i];
    std::vector<double> db;
    for (std::size_t start = 0; start < mono.size(); start += hop) {
        const double e = cumulative[std::min(mono.size(), start + std::size_t(size))] - cumulative[start];
        db.push_back(e > 0.0 ? 10.0 * std::log10(e) : -std::numeric_limits<double>::infinity());
    }
    const double loudest = *std::max_element(db.begin(), db.end());
    auto isOnset = [&](std::size_t t) {
        const double before = t == 0 ? -std::numeric_limits<double>::infinity() : db[t - 1];
        return db[t] >= loudest - 40.0 && db[t] >= before + 6.0;
    };
    std::vector<double> decays;
    int decayed = 0;
    for (std::size_t t = 0; t < db.size(); ++t) {
        if (!isOnset(t)) continue;
        std::size_t peak = t;
        for (std::size_t j = t; j < std::min(db.size(), t + 5); ++j)
            if (db[j] > db[peak]) peak = j;
        std::size_t end = peak + 1;
        while (end < db.size() && db[end] > db[peak] - 20.0 && !isOnset(end)) ++end;
        if (end < db.size() && db[end] <= db[peak] - 20.0) ++decayed;
        decays.push_back(double(end - peak) * 1000.0 * double(hop) / rate);
        t = peak; // the next onset is searched after this one's peak
    }
    m.onsets = int(decays.size());
    m.decayedShare = decays.empty() ? 0.0 : double(decayed) / double(decays.size());
    m.decayMs = decays.empty() ? 1000.0 * double(mono.size()) / rate : medianOf(decays);
    return m;
}

} // namespace emotrace
