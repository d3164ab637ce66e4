// core/production: every stage does what its documentation says, on synthetic signals made
// here — shelves and the peaking band by their cookbook gains, the compressor's static curve
// in steady state and on a drum-like signal, odd harmonics from the saturator, a distorted
// but band-limited amp, the room's RT60 from its impulse response (Schroeder integration),
// constant-power panning, the bus limiter's ceiling and shared gain curve — then the chain:
// stems sum to the mix, silence stays silence, bit-identical reruns, the draw's determinism,
// JSON round trip and the intensity's effect on crest factor, and errors naming the field.
// The speed of the chain on five 30-s stems is printed (nothing asserts on time).

#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <map>
#include <numbers>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "audio/AudioBuffer.h"
#include "production/AmpSimulator.h"
#include "production/Biquad.h"
#include "production/BufferLevels.h"
#include "production/BusLimiter.h"
#include "production/Compressor.h"
#include "production/MixMeasures.h"
#include "production/PowerSpectrum.h"
#include "production/ProductionChain.h"
#include "production/ProductionSettings.h"
#include "production/RoomReverb.h"
#include "production/Saturator.h"
#include "production/StemEqualizer.h"
#include "production/StereoPlacer.h"
#include "util/Error.h"
#include "util/Progress.h"

using namespace emotrace;

namespace {

constexpr int kRate = 44100;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

AudioBuffer silence(int rate, std::int64_t frames)
{
    AudioBuffer b;
    b.sampleRate = rate;
    b.channels = 2;
    b.samples.assign(std::size_t(frames * 2), 0.0f);
    return b;
}

/// A stereo sine (same in both channels).
AudioBuffer sine(double hz, double amplitude, double seconds, int rate = kRate)
{
    AudioBuffer b = silence(rate, std::int64_t(seconds * rate));
    for (std::int64_t n = 0; n < b.frameCount(); ++n) {
        const float s = float(amplitude * std::sin(kTwoPi * hz * double(n) / rate));
        b.samples[std::size_t(2 * n)] = s;
        b.samples[std::size_t(2 * n + 1)] = s;
    }
    return b;
}

/// Amplitude of the hz component of channel 0 from frame `from` on (correlation with sin
/// and cos over a whole number of cycles).
double toneAmplitude(const AudioBuffer& b, double hz, std::int64_t from = 0)
{
    const std::int64_t available = b.frameCount() - from;
    const double period = b.sampleRate / hz;
    const std::int64_t n = std::int64_t(std::floor(double(available) / period) * period);
    double c = 0.0, s = 0.0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double x = b.samples[std::size_t((from + i) * b.channels)];
        const double phase = kTwoPi * hz * double(from + i) / b.sampleRate;
        c += x * std::cos(phase);
        s += x * std::sin(phase);
    }
    return 2.0 * std::sqrt(c * c + s * s) / double(n);
}

double db(double ratio)
{
    return 20.0 * std::log10(ratio);
}

double crestDb(const AudioBuffer& b)
{
    return db(BufferLevels::peak(b) / BufferLevels::rms(b));
}

/// Energy share above `hz` of channel 0 (mean power spectrum over Hann frames).
double shareAbove(const AudioBuffer& b, double hz)
{
    PowerSpectrum spectrum(4096);
    std::vector<float> frame(4096);
    std::vector<double> power;
    double above = 0.0, total = 0.0;
    for (std::int64_t start = 0; start + 4096 <= b.frameCount(); start += 2048) {
        for (int i = 0; i < 4096; ++i) frame[std::size_t(i)] = b.samples[std::size_t((start + i) * b.channels)];
        spectrum.compute(frame.data(), power);
        for (int k = 0; k < spectrum.bins(); ++k) {
            total += power[std::size_t(k)];
            if (k * double(b.sampleRate) / 4096 > hz) above += power[std::size_t(k)];
        }
    }
    return above / total;
}

/// Noise bursts every 250 ms, 1-ms rise, 40-ms decay, with a 60-Hz "kick" on every other (a
/// drum-like signal), peak about 0.8.
AudioBuffer drumLike(double seconds, std::uint64_t seed, int rate = kRate)
{
    AudioBuffer b = silence(rate, std::int64_t(seconds * rate));
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    const std::int64_t period = rate / 4;
    for (std::int64_t n = 0; n < b.frameCount(); ++n) {
        const double t = double(n % period) / rate;
        const bool accent = (n / period) % 2 == 0;
        const double rise = std::min(1.0, t / 0.001); // a 1-ms onset, as struck skins have
        const double env = (accent ? 0.9 : 0.5) * rise * std::exp(-t / 0.04);
        const double kick = accent ? std::sin(kTwoPi * 60.0 * t) : 0.0;
        const double l = env * (0.5 * u(rng) + 0.5 * kick);
        const double r = env * (0.5 * u(rng) + 0.5 * kick);
        b.samples[std::size_t(2 * n)] = float(l);
        b.samples[std::size_t(2 * n + 1)] = float(r);
    }
    return b;
}

/// Five synthetic stems of a song: a vibrato melody (vocals), drum hits, a bass line,
/// decaying piano-like chords, a soft pad (other); slightly different in L and R.
std::map<Stem, AudioBuffer> songStems(double seconds, std::uint64_t seed, int rate = kRate)
{
    const std::int64_t frames = std::int64_t(seconds * rate);
    std::map<Stem, AudioBuffer> stems;
    for (Stem s : allStems()) stems[s] = silence(rate, frames);
    stems[Stem::Drums] = drumLike(seconds, seed, rate);
    std::mt19937_64 rng(seed + 1);
    std::uniform_int_distribution<int> degree(0, 6);
    const double scale[7] = {0, 2, 4, 5, 7, 9, 11};
    auto pitch = [&](int midi) { return 440.0 * std::pow(2.0, (midi - 69) / 12.0); };

    const std::int64_t note = rate * 2 / 5; // 0.4 s
    double melodyHz = 440.0, bassHz = 55.0;
    double phaseV = 0.0, phaseB = 0.0, phaseP[3] = {0, 0, 0};
    double chordHz[3] = {261.6, 329.6, 392.0};
    std::vector<float>& v = stems[Stem::Vocals].samples;
    std::vector<float>& ba = stems[Stem::Bass].samples;
    std::vector<float>& p = stems[Stem::Piano].samples;
    std::vector<float>& o = stems[Stem::Other].samples;
    for (std::int64_t n = 0; n < frames; ++n) {
        if (n % note == 0) melodyHz = pitch(67 + int(scale[degree(rng)]));
        if (n % (2 * note) == 0) bassHz = pitch(33 + int(scale[degree(rng)]));
        if (n % rate == 0) {
            const int root = 60 + int(scale[degree(rng)]);
            chordHz[0] = pitch(root);
            chordHz[1] = pitch(root + 4);
            chordHz[2] = pitch(root + 7);
        }
        const double t = double(n) / rate;
        const double inNote = double(n % note) / rate;
        phaseV += kTwoPi * melodyHz * (1.0 + 0.01 * std::sin(kTwoPi * 5.5 * t)) / rate;
        const double voice = 0.3 * std::min(1.0, inNote / 0.03) * std::exp(-inNote / 0.6) *
                             (std::sin(phaseV) + 0.3 * std::sin(3 * phaseV) + 0.15 * std::sin(5 * phaseV));
        v[std::size_t(2 * n)] = float(voice);
        v[std::size_t(2 * n + 1)] = float(0.95 * voice);

        phaseB += kTwoPi * bassHz / rate;
        const double inBass = double(n % (2 * note)) / rate;
        const double bass = 0.4 * std::min(1.0, inBass / 0.01) * std::exp(-inBass / 0.5) * (std::sin(phaseB) + 0.4 * std::sin(2 * phaseB));
        ba[std::size_t(2 * n)] = float(bass);
        ba[std::size_t(2 * n + 1)] = float(bass);

        const double inChord = double(n % rate) / rate;
        double piano = 0.0, pad = 0.0;
        for (int k = 0; k < 3; ++k) {
            phaseP[k] += kTwoPi * chordHz[k] / rate;
            piano += std::sin(phaseP[k]) + 0.5 * std::sin(2 * phaseP[k]) + 0.25 * std::sin(3 * phaseP[k]);
            pad += std::sin(0.5 * phaseP[k]) + 0.3 * std::sin(1.5 * phaseP[k]);
        }
        piano *= 0.12 * std::exp(-inChord / 0.35);
        pad *= 0.06;
        p[std::size_t(2 * n)] = float(piano);
        p[std::size_t(2 * n + 1)] = float(0.8 * piano);
        o[std::size_t(2 * n)] = float(0.9 * pad);
        o[std::size_t(2 * n + 1)] = float(pad);
    }
    return stems;
}

bool bitIdentical(const AudioBuffer& a, const AudioBuffer& b)
{
    return a.sampleRate == b.sampleRate && a.channels == b.channels && a.samples.size() == b.samples.size() &&
           std::memcmp(a.samples.data(), b.samples.data(), a.samples.size() * sizeof(float)) == 0;
}

/// Runs f, expecting an emotrace::Error whose message contains every one of `words`.
template <typename F>
bool throwsNaming(F f, const std::vector<std::string>& words)
{
    try {
        f();
    } catch (const Error& e) {
        const std::string message = e.what();
        for (const auto& w : words)
            if (message.find(w) == std::string::npos) {
                qWarning("message '%s' lacks '%s'", message.c_str(), w.c_str());
                return false;
            }
        return true;
    }
    qWarning("no Error thrown");
    return false;
}

/// RT60 of an impulse response by Schroeder backward integration: the time the energy
/// decay curve takes from -5 to -35 dB, times 2 (T30).
double schroederRt60(const std::vector<double>& energy, int rate)
{
    std::vector<double> edc(energy.size());
    double sum = 0.0;
    for (std::size_t i = energy.size(); i-- > 0;) {
        sum += energy[i];
        edc[i] = sum;
    }
    const double total = edc[0];
    double t5 = -1.0, t35 = -1.0;
    for (std::size_t i = 0; i < edc.size(); ++i) {
        const double level = 10.0 * std::log10(edc[i] / total);
        if (t5 < 0 && level <= -5.0) t5 = double(i) / rate;
        if (t35 < 0 && level <= -35.0) {
            t35 = double(i) / rate;
            break;
        }
    }
    return 2.0 * (t35 - t5);
}

} // namespace

class TestProduction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shelvesRaiseAboveTheirCorner()
    {
        const double low = 100.0, high = 10000.0;
        const std::int64_t settle = kRate / 10;
        // high shelf at 2 kHz, +6 dB: 10 kHz up by ~6 dB, 100 Hz within 0.5 dB
        for (auto [type, corner, raised, kept] : {std::tuple{Biquad::Type::HighShelf, 2000.0, high, low},
                                                  std::tuple{Biquad::Type::LowShelf, 500.0, low, high}}) {
            for (double hz : {raised, kept}) {
                AudioBuffer b = sine(hz, 0.25, 1.0);
                Biquad shelf({type, corner, 0.7071067811865476, 6.0}, kRate);
                shelf.process(b);
                const double gain = db(toneAmplitude(b, hz, settle) / 0.25);
                qInfo("shelf at %.0f Hz +6 dB: %.0f Hz %+.2f dB (response %+.2f dB)", corner, hz, gain, shelf.magnitudeDb(hz));
                QVERIFY(std::abs(gain - shelf.magnitudeDb(hz)) < 0.05);
                if (hz == raised) QVERIFY(std::abs(gain - 6.0) < 0.5);
                else QVERIFY(std::abs(gain) < 0.5);
            }
        }
        // the other three shapes at their defining points
        QVERIFY(std::abs(Biquad({Biquad::Type::Peaking, 1000.0, 2.0, -8.0}, kRate).magnitudeDb(1000.0) + 8.0) < 1e-6);
        QVERIFY(std::abs(Biquad({Biquad::Type::LowPass, 1000.0, 0.7071067811865476, 0.0}, kRate).magnitudeDb(1000.0) + 3.0103) < 0.01);
        QVERIFY(std::abs(Biquad({Biquad::Type::HighPass, 1000.0, 0.7071067811865476, 0.0}, kRate).magnitudeDb(1000.0) + 3.0103) < 0.01);
        QVERIFY(Biquad({Biquad::Type::LowPass, 1000.0, 0.7071067811865476, 0.0}, kRate).magnitudeDb(8000.0) < -30.0);
        QVERIFY(Biquad({Biquad::Type::HighPass, 1000.0, 0.7071067811865476, 0.0}, kRate).magnitudeDb(125.0) < -30.0);

        // the equaliser: neutral is bit-identical; its peaking band boosts its centre
        const AudioBuffer tone = sine(1500.0, 0.25, 0.5);
        AudioBuffer same = tone;
        StemEqualizer(StemEqualizer::Settings{}).process(same);
        QVERIFY(bitIdentical(same, tone));
        StemEqualizer::Settings eq;
        eq.peakHz = 1500.0;
        eq.peakQ = 1.0;
        eq.peakDb = 4.0;
        eq.highPassHz = 40.0;
        AudioBuffer boosted = tone;
        StemEqualizer(eq).process(boosted);
        QVERIFY(std::abs(db(toneAmplitude(boosted, 1500.0, settle) / 0.25) - 4.0) < 0.1);
    }

    void compressorFollowsItsRatio()
    {
        Compressor::Settings s;
        s.thresholdDb = -20.0;
        s.ratio = 4.0;
        s.kneeDb = 0.0;
        s.attackMs = 5.0;
        s.releaseMs = 200.0;
        const Compressor compressor(s);
        // a loud tone: peak -6.02 dBFS, 13.98 dB over the threshold → 13.98 · (1 − 1/4) dB less
        AudioBuffer loud = sine(1000.0, 0.5, 2.0);
        compressor.process(loud);
        const double reduction = -db(toneAmplitude(loud, 1000.0, kRate) / 0.5);
        const double expected = (db(0.5) + 20.0) * (1.0 - 1.0 / 4.0);
        qInfo("compressor, steady state: %.2f dB less (ratio math: %.2f dB)", reduction, expected);
        QVERIFY(std::abs(reduction - expected) < 1.0);
        QCOMPARE(compressor.staticGainDb(-10.0), -7.5);
        // a quiet one, under the threshold, passes unchanged
        AudioBuffer quiet = sine(1000.0, 0.05, 1.0);
        compressor.process(quiet);
        QVERIFY(std::abs(db(toneAmplitude(quiet, 1000.0, kRate / 2) / 0.05)) < 0.05);
        // soft knee: continuous, half the ratio's slope in the middle
        Compressor::Settings soft = s;
        soft.kneeDb = 10.0;
        const Compressor knee(soft);
        QCOMPARE(knee.staticGainDb(-25.0), 0.0);
        QVERIFY(std::abs(knee.staticGainDb(-15.0) - (-5.0 * 0.75)) < 1e-12);
        QVERIFY(knee.staticGainDb(-20.0) < 0.0 && knee.staticGainDb(-20.0) > -5.0 * 0.75);

        // a drum-like signal: lower crest factor, the same RMS with auto makeup (fast attack
        // and a release shorter than the hits' decay: the body comes up towards the peak)
        const AudioBuffer drums = drumLike(2.0, 11);
        AudioBuffer squashed = drums;
        Compressor::Settings d;
        d.thresholdDb = -24.0;
        d.ratio = 6.0;
        d.kneeDb = 6.0;
        d.attackMs = 0.05;
        d.releaseMs = 20.0;
        d.autoMakeup = true;
        Compressor(d).process(squashed);
        qInfo("drum-like crest factor: %.2f dB → %.2f dB compressed", crestDb(drums), crestDb(squashed));
        QVERIFY(crestDb(squashed) < crestDb(drums) - 2.0);
        QVERIFY(std::abs(db(BufferLevels::rms(squashed) / BufferLevels::rms(drums))) < 0.01);
    }

    void saturatorAddsOddHarmonics()
    {
        const double f = 441.0; // a whole number of cycles per 100 ms
        const AudioBuffer clean = sine(f, 0.8, 1.0);
        AudioBuffer driven = clean;
        Saturator({12.0, 1.0}).process(driven);
        const double h1 = toneAmplitude(driven, f), h2 = toneAmplitude(driven, 2 * f), h3 = toneAmplitude(driven, 3 * f),
                     h5 = toneAmplitude(driven, 5 * f);
        qInfo("saturated sine: H2 %.1f dB, H3 %.1f dB, H5 %.1f dB re H1; RMS %+.3f dB", db(h2 / h1), db(h3 / h1), db(h5 / h1),
              db(BufferLevels::rms(driven) / BufferLevels::rms(clean)));
        QVERIFY(db(h3 / h1) > -20.0);
        QVERIFY(db(h5 / h1) > -30.0);
        QVERIFY(db(h2 / h1) < -80.0);
        QVERIFY(std::abs(db(BufferLevels::rms(driven) / BufferLevels::rms(clean))) < 0.01); // level-compensated
        // mix 0 leaves the signal alone; silence stays silence
        AudioBuffer same = clean;
        Saturator({24.0, 0.0}).process(same);
        QVERIFY(bitIdentical(same, clean));
        AudioBuffer zero = silence(kRate, 1000);
        Saturator({24.0, 1.0}).process(zero);
        QVERIFY(zero.isSilent());
    }

    void ampIsDistortedButBandLimited()
    {
        const double f = 220.5; // a whole number of cycles per 200 ms
        const AudioBuffer clean = sine(f, 0.5, 1.0);
        AudioBuffer amped = clean;
        AmpSimulator::Settings s;
        s.gainDb = 40.0;
        AmpSimulator(s).process(amped);
        const std::int64_t settle = kRate / 5;
        const double fundamental = toneAmplitude(amped, f, settle);
        double energy = 0.0;
        for (std::int64_t n = settle; n < amped.frameCount(); ++n) energy += std::pow(amped.samples[std::size_t(2 * n)], 2.0);
        const double rms = std::sqrt(energy / double(amped.frameCount() - settle));
        const double fundamentalRms = fundamental / std::sqrt(2.0);
        const double thd = std::sqrt(rms * rms - fundamentalRms * fundamentalRms) / fundamentalRms; // all but the fundamental
        // a hard-clipped sine (a square wave) for comparison: the cabinet removes its top
        AudioBuffer clipped = clean;
        for (float& x : clipped.samples) x = x > 0 ? 0.5f : x < 0 ? -0.5f : 0.0f;
        const double above = shareAbove(amped, 8000.0), clippedAbove = shareAbove(clipped, 8000.0);
        double mean = 0.0;
        for (std::int64_t n = settle; n < amped.frameCount(); ++n) mean += amped.samples[std::size_t(2 * n)];
        mean /= double(amped.frameCount() - settle);
        qInfo("amp on a sine: THD %.0f %% (a square wave: 48 %%), %.4f %% of the energy above 8 kHz (hard clip: %.2f %%), "
              "DC %.1e, RMS %+.2f dB",
              100 * thd, 100 * above, 100 * clippedAbove, mean, db(BufferLevels::rms(amped) / BufferLevels::rms(clean)));
        QVERIFY(thd > 0.3);
        QVERIFY(above < 0.001);
        QVERIFY(above < clippedAbove / 10);
        QVERIFY(std::abs(mean) < 1e-3);
        AudioBuffer zero = silence(kRate, 1000);
        AmpSimulator(s).process(zero);
        QVERIFY(zero.isSilent());
    }

    void reverbDecaysAtItsRt60()
    {
        for (auto [rt60, damping] : {std::pair{1.5, 0.0}, std::pair{0.4, 0.0}, std::pair{2.5, 0.6}}) {
            RoomReverb::Settings s;
            s.rt60Seconds = rt60;
            s.damping = damping;
            s.preDelayMs = 10.0;
            AudioBuffer impulse = silence(kRate, std::int64_t((1.2 * rt60 + 0.2) * kRate));
            impulse.samples[0] = 1.0f;
            AudioBuffer ir = RoomReverb(s).process(impulse);
            QCOMPARE(ir.frameCount(), impulse.frameCount());
            // the pre-delay: nothing before it
            for (std::int64_t n = 0; n < kRate / 100; ++n) QCOMPARE(ir.samples[std::size_t(2 * n)], 0.0f);
            // with damping, the rt60 holds at low frequencies: measure below 500 Hz
            AudioBuffer band = ir;
            if (damping > 0.0)
                for (int k = 0; k < 2; ++k) Biquad({Biquad::Type::LowPass, 500.0, 0.7071067811865476, 0.0}, kRate).process(band);
            std::vector<double> energy(std::size_t(band.frameCount()));
            double l2 = 0.0, r2 = 0.0, lr = 0.0;
            for (std::int64_t n = 0; n < band.frameCount(); ++n) {
                const double l = band.samples[std::size_t(2 * n)], r = band.samples[std::size_t(2 * n + 1)];
                energy[std::size_t(n)] = l * l + r * r;
                const double wl = ir.samples[std::size_t(2 * n)], wr = ir.samples[std::size_t(2 * n + 1)];
                l2 += wl * wl;
                r2 += wr * wr;
                lr += wl * wr;
            }
            const double measured = schroederRt60(energy, kRate);
            const double correlation = lr / std::sqrt(l2 * r2);
            qInfo("room rt60 %.1f s, damping %.1f: measured %.2f s; L/R correlation %.3f; wet energy %.2f × the input's", rt60,
                  damping, measured, correlation, l2 + r2);
            QVERIFY(std::abs(measured / rt60 - 1.0) < 0.25);
            QVERIFY(std::abs(correlation) < 0.2);
            QVERIFY(l2 + r2 > (damping > 0.0 ? 0.3 : 0.7) && l2 + r2 < 1.4);
        }
        // damping shortens the top end's decay
        RoomReverb::Settings dark;
        dark.rt60Seconds = 2.0;
        dark.damping = 1.0;
        AudioBuffer impulse = silence(kRate, 2 * kRate);
        impulse.samples[0] = 1.0f;
        AudioBuffer ir = RoomReverb(dark).process(impulse);
        AudioBuffer top = ir;
        for (int k = 0; k < 2; ++k) Biquad({Biquad::Type::HighPass, 8000.0, 0.7071067811865476, 0.0}, kRate).process(top);
        std::vector<double> energy(std::size_t(top.frameCount()));
        for (std::int64_t n = 0; n < top.frameCount(); ++n)
            energy[std::size_t(n)] = std::pow(top.samples[std::size_t(2 * n)], 2.0) + std::pow(top.samples[std::size_t(2 * n + 1)], 2.0);
        const double topRt60 = schroederRt60(energy, kRate);
        qInfo("damping 1: rt60 above 8 kHz %.2f s (2 s below)", topRt60);
        QVERIFY(topRt60 < 1.2);
        // nothing in, nothing out
        QVERIFY(RoomReverb(dark).process(silence(kRate, 5000)).isSilent());
    }

    void panAndWidth()
    {
        AudioBuffer stereo = songStems(0.5, 3)[Stem::Piano];
        AudioBuffer left = stereo;
        StereoPlacer({-1.0, 1.0}).process(left);
        double leftEnergy = 0.0;
        for (std::int64_t n = 0; n < left.frameCount(); ++n) {
            QCOMPARE(left.samples[std::size_t(2 * n + 1)], 0.0f);
            leftEnergy += std::pow(left.samples[std::size_t(2 * n)], 2.0);
        }
        QVERIFY(leftEnergy > 0.0);
        // a centred mono source keeps its power at the side
        const AudioBuffer mono = sine(500.0, 0.3, 0.2);
        AudioBuffer panned = mono;
        StereoPlacer({-1.0, 1.0}).process(panned);
        QVERIFY(std::abs(BufferLevels::rms(panned) / BufferLevels::rms(mono) - 1.0) < 1e-5);
        // pan 0 width 1 is the identity; width 0 is mono
        AudioBuffer same = stereo;
        StereoPlacer({0.0, 1.0}).process(same);
        QVERIFY(bitIdentical(same, stereo));
        AudioBuffer narrow = stereo;
        StereoPlacer({0.0, 0.0}).process(narrow);
        for (std::int64_t n = 0; n < narrow.frameCount(); ++n) QCOMPARE(narrow.samples[std::size_t(2 * n)], narrow.samples[std::size_t(2 * n + 1)]);
        QVERIFY(throwsNaming([&] { AudioBuffer m{kRate, 1, {0.1f, 0.2f}}; StereoPlacer({0.5, 1.0}).process(m); }, {"placer", "2 channels"}));
    }

    void limiterHoldsTheCeilingWithOneCurve()
    {
        auto stems = songStems(3.0, 5);
        const AudioBuffer mix = ProductionChain::sum(stems);
        BusLimiter::Settings s;
        s.driveDb = 9.0;
        s.ceilingDb = -1.0;
        s.releaseMs = 60.0;
        s.lookaheadMs = 3.0;
        const std::vector<float> gains = BusLimiter(s).gainCurve(mix);
        QCOMPARE(std::int64_t(gains.size()), mix.frameCount());
        AudioBuffer limited = mix;
        BusLimiter::apply(gains, limited);
        const double peakDb = db(BufferLevels::peak(limited));
        qInfo("limiter, drive 9 dB, ceiling -1 dBFS: peak %.4f dBFS; crest %.2f → %.2f dB", peakDb, crestDb(mix), crestDb(limited));
        QVERIFY(peakDb <= -1.0 + 0.01);
        QVERIFY(peakDb >= -1.0 - 0.01); // the loudest frame lands on the ceiling
        QVERIFY(crestDb(limited) < crestDb(mix) - 3.0);
        // every stem × the same gains sums to the limited mix
        for (auto& [stem, buffer] : stems) BusLimiter::apply(gains, buffer);
        const AudioBuffer sum = ProductionChain::sum(stems);
        float worst = 0.0f;
        for (std::size_t i = 0; i < sum.samples.size(); ++i) worst = std::max(worst, std::abs(sum.samples[i] - limited.samples[i]));
        qInfo("stems × gains vs the limited mix: max difference %.2e", double(worst));
        QVERIFY(worst <= 1e-5f);
        // drive 0: a linear peak normalisation to the ceiling
        BusLimiter::Settings plain = s;
        plain.driveDb = 0.0;
        const std::vector<float> flat = BusLimiter(plain).gainCurve(mix);
        QVERIFY(std::all_of(flat.begin(), flat.end(), [&](float g) { return g == flat[0]; }));
        QVERIFY(std::abs(flat[0] * BufferLevels::peak(mix) - BufferLevels::fromDb(-1.0)) < 1e-6);
        // all zeros: gains of 1; a curve of the wrong length is refused
        const std::vector<float> ones = BusLimiter(s).gainCurve(silence(kRate, 100));
        QVERIFY(std::all_of(ones.begin(), ones.end(), [](float g) { return g == 1.0f; }));
        QVERIFY(throwsNaming([&] { BusLimiter::apply(ones, limited); }, {"limiter", "frames"}));
    }

    void chainStemsSumToTheMix()
    {
        auto stems = songStems(3.0, 7);
        stems[Stem::Vocals] = silence(kRate, stems[Stem::Drums].frameCount()); // a song without vocals
        ProductionSettings settings = ProductionSettings::draw(21, 0.8);
        settings.stem(Stem::Other).ampEnabled = true;
        const std::int64_t frames = stems[Stem::Drums].frameCount();
        auto again = stems;
        std::vector<std::pair<std::string, int>> reports;
        const Progress progress([&](std::string_view stage, int percent) { reports.emplace_back(std::string(stage), percent); }, nullptr);
        const AudioBuffer mix = ProductionChain::apply(stems, settings, progress);
        QCOMPARE(mix.frameCount(), frames);
        QVERIFY(!reports.empty() && reports.back().second == 100);
        for (const auto& [stem, buffer] : stems) QCOMPARE(buffer.frameCount(), frames);
        // the mix is the sum of the processed stems
        const AudioBuffer sum = ProductionChain::sum(stems);
        float worst = 0.0f;
        for (std::size_t i = 0; i < mix.samples.size(); ++i) {
            float byHand = 0.0f;
            for (Stem s : allStems()) byHand += stems[s].samples[i];
            worst = std::max(worst, std::abs(byHand - mix.samples[i]));
        }
        QVERIFY(worst <= 1e-5f);
        QVERIFY(bitIdentical(sum, mix));
        // silence stays silence; the limiter's ceiling holds
        QVERIFY(stems[Stem::Vocals].isSilent());
        QVERIFY(db(BufferLevels::peak(mix)) <= settings.bus.ceilingDb + 0.01);
        // the same stems and settings: bit-identical output
        const AudioBuffer mix2 = ProductionChain::apply(again, settings);
        QVERIFY(bitIdentical(mix, mix2));
        for (Stem s : allStems()) QVERIFY(bitIdentical(stems[s], again[s]));
        // a subset of the stems works the same way
        std::map<Stem, AudioBuffer> two{{Stem::Bass, songStems(1.0, 2)[Stem::Bass]}, {Stem::Drums, drumLike(1.0, 3)}};
        const AudioBuffer twoMix = ProductionChain::apply(two, settings);
        QVERIFY(bitIdentical(twoMix, ProductionChain::sum(two)));
    }

    void chainCancels()
    {
        auto stems = songStems(1.0, 1);
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(Cancelled, ProductionChain::apply(stems, ProductionSettings::draw(1, 0.5), Progress({}, &cancel)));
    }

    void drawIsDeterministicAndRoundTrips()
    {
        const ProductionSettings a = ProductionSettings::draw(42, 0.3);
        const ProductionSettings b = ProductionSettings::draw(42, 0.3);
        QVERIFY(a.toJson() == b.toJson());
        QVERIFY(ProductionSettings::draw(43, 0.3).toJson() != a.toJson());
        QVERIFY(ProductionSettings::draw(42, 0.31).toJson() != a.toJson());
        for (std::uint64_t seed = 0; seed < 100; ++seed) {
            const ProductionSettings s = ProductionSettings::draw(seed, double(seed % 11) / 10.0);
            const nlohmann::json j = s.toJson();
            QVERIFY(ProductionSettings::fromJson(j).toJson() == j);
            QVERIFY(ProductionSettings::fromJson(nlohmann::json::parse(j.dump())).toJson() == j);
        }
        // the ends of the intensity scale
        const ProductionSettings soft = ProductionSettings::draw(9, 0.0), hard = ProductionSettings::draw(9, 1.0);
        QCOMPARE(soft.bus.driveDb, 0.0);
        QVERIFY(hard.bus.driveDb >= 6.0 && hard.bus.driveDb <= 12.0);
        QVERIFY(soft.room.rt60Seconds > hard.room.rt60Seconds);
        for (Stem s : allStems()) {
            QVERIFY(soft.stem(s).saturator.isNeutral());
            QVERIFY(soft.stem(s).compressor.ratio <= 1.5);
            QVERIFY(hard.stem(s).compressor.ratio > 3.0);
            QVERIFY(!hard.stem(s).saturator.isNeutral());
            QVERIFY(!hard.stem(s).ampEnabled);
        }
        // missing keys keep their defaults
        const ProductionSettings partial = ProductionSettings::fromJson({{"bus", {{"drive_db", 3.0}}}});
        QCOMPARE(partial.bus.driveDb, 3.0);
        QVERIFY(partial.toJson()["stems"] == ProductionSettings().toJson()["stems"]);
    }

    void intensityLowersTheCrestFactor()
    {
        const auto stems = songStems(4.0, 17);
        double crest[2] = {0.0, 0.0}, centroid[2] = {0.0, 0.0};
        const int seeds = 6;
        for (int i = 0; i < 2; ++i)
            for (int seed = 0; seed < seeds; ++seed) {
                auto copy = stems;
                const AudioBuffer mix = ProductionChain::apply(copy, ProductionSettings::draw(std::uint64_t(seed), double(i)));
                const MixMeasures m = MixMeasures::measure(mix);
                crest[i] += m.crestFactorDb / seeds;
                centroid[i] += m.spectralCentroidHz / seeds;
            }
        qInfo("mean over %d draws: crest factor %.2f dB at intensity 0, %.2f dB at 1; centroid %.0f Hz → %.0f Hz", seeds, crest[0],
              crest[1], centroid[0], centroid[1]);
        QVERIFY(crest[1] < crest[0] - 2.0);
        QVERIFY(centroid[1] > centroid[0]);
    }

    void badSettingsNameTheField()
    {
        ProductionSettings s;
        s.stem(Stem::Drums).compressor.ratio = 0.5;
        QVERIFY(throwsNaming([&] { s.validate(); }, {"production", "drums", "compressor", "ratio"}));
        s = {};
        s.stem(Stem::Bass).eq.peakQ = 50.0;
        QVERIFY(throwsNaming([&] { s.validate(); }, {"bass", "equalizer", "peak_q"}));
        s = {};
        s.stem(Stem::Vocals).reverbSend = 1.5;
        QVERIFY(throwsNaming([&] { s.validate(); }, {"vocals", "reverb_send"}));
        s = {};
        s.stem(Stem::Other).amp.gainDb = std::nan("");
        QVERIFY(throwsNaming([&] { s.validate(); }, {"other", "amp", "gain_db"}));
        s = {};
        s.stem(Stem::Piano).pan = -2.0;
        QVERIFY(throwsNaming([&] { s.validate(); }, {"piano", "pan"}));
        s = {};
        s.room.rt60Seconds = 10.0;
        QVERIFY(throwsNaming([&] { s.validate(); }, {"room", "rt60_s"}));
        s = {};
        s.bus.ceilingDb = 1.0;
        QVERIFY(throwsNaming([&] { s.validate(); }, {"bus", "ceiling_db"}));
        auto stems = songStems(0.2, 1);
        QVERIFY(throwsNaming([&] { ProductionChain::apply(stems, s); }, {"ceiling_db"}));

        QVERIFY(throwsNaming([] { ProductionSettings::draw(1, 1.5); }, {"intensity"}));
        QVERIFY(throwsNaming([] { Biquad({Biquad::Type::Peaking, 1000.0, 0.0, 0.0}, kRate); }, {"biquad", "q"}));
        QVERIFY(throwsNaming([] { Saturator({40.0, 1.0}); }, {"saturator", "drive_db"}));
        QVERIFY(throwsNaming([] { StereoPlacer({0.0, 2.0}); }, {"placer", "width"}));
        QVERIFY(throwsNaming([] { BusLimiter({0.0, -1.0, 0.0, 3.0}); }, {"limiter", "release_ms"}));
        QVERIFY(throwsNaming([] { ProductionSettings::fromJson({{"stems", {{"drums", {{"compressor", {{"ratio", "high"}}}}}}}}); },
                             {"production: drums: compressor: ratio must be a number"}));
        QVERIFY(throwsNaming([] { ProductionSettings::fromJson({{"stems", {{"guitar", nlohmann::json::object()}}}}); },
                             {"unknown stem 'guitar'"}));
        QVERIFY(throwsNaming([] { ProductionSettings::fromJson({{"room", {{"damping", 2.0}}}}); }, {"room", "damping"}));

        // buffers the chain cannot take
        std::map<Stem, AudioBuffer> mono{{Stem::Bass, AudioBuffer{kRate, 1, std::vector<float>(100, 0.1f)}}};
        QVERIFY(throwsNaming([&] { ProductionChain::apply(mono, ProductionSettings{}); }, {"bass", "2 channels"}));
        std::map<Stem, AudioBuffer> uneven{{Stem::Bass, silence(kRate, 100)}, {Stem::Drums, silence(kRate, 101)}};
        QVERIFY(throwsNaming([&] { ProductionChain::apply(uneven, ProductionSettings{}); }, {"length"}));
        std::map<Stem, AudioBuffer> none;
        QVERIFY(throwsNaming([&] { ProductionChain::apply(none, ProductionSettings{}); }, {"no stems"}));
    }

    void mixMeasures()
    {
        // a sine: crest 3.01 dB, RMS -3.01 dBFS after peak normalisation, centroid at its frequency
        const MixMeasures tone = MixMeasures::measure(sine(1000.0, 0.3, 2.0));
        qInfo("1 kHz sine: crest %.3f dB, normalised RMS %.3f dBFS, centroid %.1f Hz", tone.crestFactorDb,
              tone.rmsDbAfterPeakNormalisation, tone.spectralCentroidHz);
        QVERIFY(std::abs(tone.crestFactorDb - 3.0103) < 0.01);
        QVERIFY(std::abs(tone.rmsDbAfterPeakNormalisation + 3.0103) < 0.01);
        QVERIFY(std::abs(tone.spectralCentroidHz - 1000.0) < 20.0);
        // white noise: centroid at a quarter of the rate (any rate)
        AudioBuffer noise = silence(22050, 22050 * 2);
        std::mt19937_64 rng(3);
        std::uniform_real_distribution<float> u(-0.5f, 0.5f);
        for (float& x : noise.samples) x = u(rng);
        const MixMeasures white = MixMeasures::measure(noise);
        qInfo("white noise at 22.05 kHz: centroid %.0f Hz, crest %.2f dB", white.spectralCentroidHz, white.crestFactorDb);
        QVERIFY(std::abs(white.spectralCentroidHz / (22050 / 4.0) - 1.0) < 0.03);
        // silence
        const MixMeasures quiet = MixMeasures::measure(silence(kRate, 1000));
        QCOMPARE(quiet.crestFactorDb, 0.0);
        QCOMPARE(quiet.spectralCentroidHz, 0.0);
        // energy shares: 1 : 3, a silent stem 0
        std::map<Stem, AudioBuffer> stems{{Stem::Bass, sine(100.0, 0.1, 1.0)},
                                          {Stem::Drums, sine(100.0, 0.1 * std::sqrt(3.0), 1.0)},
                                          {Stem::Vocals, silence(kRate, kRate)}};
        const auto shares = MixMeasures::stemEnergyShares(stems);
        QVERIFY(std::abs(shares.at(Stem::Bass) - 0.25) < 1e-4);
        QVERIFY(std::abs(shares.at(Stem::Drums) - 0.75) < 1e-4);
        QCOMPARE(shares.at(Stem::Vocals), 0.0);
    }

    void speedOfTheChain()
    {
        // five 30-s stereo stems at 44.1 kHz, a dense draw with the amp on (the heaviest)
        const auto stems = songStems(30.0, 99);
        ProductionSettings settings = ProductionSettings::draw(3, 0.7);
        settings.stem(Stem::Other).ampEnabled = true;
        auto cpuSeconds = [] {
            timespec t{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
        };
        double bestWall = 1e9, bestCpu = 1e9;
        for (int run = 0; run < 3; ++run) {
            auto copy = stems;
            const auto start = std::chrono::steady_clock::now();
            const double cpuStart = cpuSeconds();
            const AudioBuffer mix = ProductionChain::apply(copy, settings);
            bestCpu = std::min(bestCpu, cpuSeconds() - cpuStart);
            bestWall = std::min(bestWall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            QCOMPARE(mix.frameCount(), std::int64_t(30 * kRate));
        }
        qInfo("ProductionChain::apply, five 30-s stereo stems at 44.1 kHz (one thread): %.3f s CPU = %.0f× real time "
              "(wall %.3f s)",
              bestCpu, 30.0 / bestCpu, bestWall);
    }
};

QTEST_GUILESS_MAIN(TestProduction)
#include "tst_production.moc"
