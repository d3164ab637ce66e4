// lab/VoiceSynth: the sung f0 follows the notes (autocorrelation, within 20 cents on
// average) with portamento and detune; vibrato modulates at the set rate with about the set
// depth and 0 cents gives a flat track; the formants of /a/ and /i/ sit where they
// should (F1 of /a/ above /i/'s, F2 of /i/ above /a/'s); exact silence outside the notes
// and their release; repeated notes re-articulate; no clicks, no DC, no aliasing; pan
// with constant power (hard left: right exactly zero); level by the dB curves of velocity
// and volume; peaks inside [-1, 1] at full level; determinism per seed; settings checked
// field by field; cancellation; and the speed for a 30-s part (printed).

#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lab/VoiceSynth.h"
#include "util/Error.h"
#include "util/Progress.h"

using namespace emotrace;

namespace {

constexpr int kRate = 44100;
constexpr double kPi = std::numbers::pi;

Part sungPart(std::vector<Note> notes, int pan = 0, int volume = 127)
{
    Part part;
    part.name = "lead";
    part.stem = Stem::Vocals;
    part.program = 53;
    part.pan = pan;
    part.volume = volume;
    part.notes = std::move(notes);
    return part;
}

/// A plain, steady voice for measurements: no jitter, no breath, no consonants.
VoiceSettings steadyVoice()
{
    VoiceSettings v;
    v.jitter = 0.0;
    v.breathiness = 0.0;
    v.consonants = 0.0;
    return v;
}

std::vector<double> channel(const AudioBuffer& buffer, int c)
{
    std::vector<double> x(std::size_t(buffer.frameCount()));
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = buffer.samples[2 * i + std::size_t(c)];
    return x;
}

double rms(const std::vector<double>& x, std::size_t from = 0, std::size_t to = SIZE_MAX)
{
    to = std::min(to, x.size());
    double sum = 0.0;
    for (std::size_t i = from; i < to; ++i) sum += x[i] * x[i];
    return to > from ? std::sqrt(sum / double(to - from)) : 0.0;
}

double peak(const std::vector<double>& x)
{
    double p = 0.0;
    for (double v : x) p = std::max(p, std::abs(v));
    return p;
}

double hz(double midi)
{
    return 440.0 * std::pow(2.0, (midi - 69.0) / 12.0);
}

double cents(double f, double reference)
{
    return 1200.0 * std::log2(f / reference);
}

/// f0 by normalised autocorrelation of `length` samples centred at `center`, the period
/// searched within half an octave of expectedHz, refined by a parabola through the peak.
double f0At(const std::vector<double>& x, int rate, std::size_t center, int length, double expectedHz)
{
    const std::size_t start = center - std::size_t(length / 2);
    const int minLag = int(std::floor(rate / (expectedHz * std::sqrt(2.0))));
    const int maxLag = int(std::ceil(rate / (expectedHz / std::sqrt(2.0))));
    std::vector<double> r(std::size_t(maxLag) + 2, 0.0);
    double e0 = 0.0;
    for (int i = 0; i < length; ++i) e0 += x[start + std::size_t(i)] * x[start + std::size_t(i)];
    for (int lag = minLag - 1; lag <= maxLag + 1; ++lag) {
        double sum = 0.0, e1 = 0.0;
        for (int i = 0; i < length; ++i) {
            const double b = x[start + std::size_t(i + lag)];
            sum += x[start + std::size_t(i)] * b;
            e1 += b * b;
        }
        r[std::size_t(lag)] = sum / std::sqrt(e0 * e1 + 1e-30);
    }
    int best = minLag;
    for (int lag = minLag; lag <= maxLag; ++lag)
        if (r[std::size_t(lag)] > r[std::size_t(best)]) best = lag;
    const double a = r[std::size_t(best) - 1], b = r[std::size_t(best)], c = r[std::size_t(best) + 1];
    const double denominator = a - 2.0 * b + c;
    const double shift = std::abs(denominator) > 1e-12 ? 0.5 * (a - c) / denominator : 0.0;
    return rate / (best + std::clamp(shift, -0.5, 0.5));
}

/// The f0 track (cents against `reference`) every `hopS` over [fromS, toS).
std::vector<double> centsTrack(const std::vector<double>& x, int rate, double fromS, double toS, double hopS,
                               int length, double reference)
{
    std::vector<double> track;
    for (double t = fromS; t < toS; t += hopS)
        track.push_back(cents(f0At(x, rate, std::size_t(t * rate), length, reference), reference));
    return track;
}

/// Amplitude of the sinusoid at `rateHz` in a track sampled every hopS (mean removed).
double modulationAmplitude(const std::vector<double>& track, double hopS, double rateHz)
{
    double mean = 0.0;
    for (double v : track) mean += v / double(track.size());
    std::complex<double> sum = 0.0;
    for (std::size_t i = 0; i < track.size(); ++i)
        sum += (track[i] - mean) * std::polar(1.0, -2.0 * kPi * rateHz * double(i) * hopS);
    return 2.0 * std::abs(sum) / double(track.size());
}

/// Amplitude of harmonic k·f0 over [fromS, toS) with a Hann window.
double harmonicAmplitude(const std::vector<double>& x, int rate, double frequency, double fromS, double toS)
{
    const std::size_t a = std::size_t(fromS * rate), b = std::size_t(toS * rate);
    std::complex<double> sum = 0.0;
    const std::complex<double> step = std::polar(1.0, -2.0 * kPi * frequency / rate);
    std::complex<double> z = 1.0;
    for (std::size_t i = a; i < b; ++i) {
        const double w = 0.5 - 0.5 * std::cos(2.0 * kPi * double(i - a) / double(b - a));
        sum += x[i] * w * z;
        z *= step;
    }
    return std::abs(sum);
}

/// Frequency of the strongest harmonic of f0 within [lowHz, highHz].
double strongestHarmonic(const std::vector<double>& x, int rate, double f0, double lowHz, double highHz)
{
    double best = 0.0, bestHz = 0.0;
    for (int k = 1; k * f0 <= highHz; ++k) {
        if (k * f0 < lowHz) continue;
        const double a = harmonicAmplitude(x, rate, k * f0, 0.5, 1.3);
        if (a > best) {
            best = a;
            bestHz = k * f0;
        }
    }
    return bestHz;
}

/// Click detector: per frame of `frame` samples (where the signal reaches `level`), the
/// largest fourth difference (a high-pass that keeps mostly what lies above the voice's
/// spectrum, where a step puts its energy) over the median of the 10 frames around it; the
/// worst ratio.
double worstLocalJump(const std::vector<double>& x, std::size_t frame, double level)
{
    std::vector<double> jumps;
    std::vector<bool> loud;
    for (std::size_t a = 4; a + frame < x.size(); a += frame) {
        double m = 0.0, l = 0.0;
        for (std::size_t n = a; n < a + frame; ++n) {
            m = std::max(m, std::abs(x[n] - 4.0 * x[n - 1] + 6.0 * x[n - 2] - 4.0 * x[n - 3] + x[n - 4]));
            l = std::max(l, std::abs(x[n]));
        }
        jumps.push_back(m);
        loud.push_back(l > level);
    }
    double worst = 0.0;
    for (std::size_t i = 5; i + 5 < jumps.size(); ++i) {
        if (!loud[i]) continue;
        std::vector<double> around;
        for (std::size_t k = i - 5; k <= i + 5; ++k)
            if (k != i && loud[k]) around.push_back(jumps[k]);
        if (around.size() < 6) continue;
        std::nth_element(around.begin(), around.begin() + std::ptrdiff_t(around.size() / 2), around.end());
        worst = std::max(worst, jumps[i] / around[around.size() / 2]);
    }
    return worst;
}

/// In-place radix-2 FFT (size a power of two).
void fft(std::vector<std::complex<double>>& a)
{
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (std::size_t length = 2; length <= n; length <<= 1) {
        const std::complex<double> w = std::polar(1.0, -2.0 * kPi / double(length));
        for (std::size_t i = 0; i < n; i += length) {
            std::complex<double> wn = 1.0;
            for (std::size_t k = 0; k < length / 2; ++k) {
                const auto u = a[i + k], v = a[i + k + length / 2] * wn;
                a[i + k] = u + v;
                a[i + k + length / 2] = u - v;
                wn *= w;
            }
        }
    }
}

/// A melody of `count` notes around `center` over `seconds`: steps and leaps, some legato
/// (no gap), some detached, some repeated pitches.
Part melody(int count, int center, double seconds, int velocity = 100, std::uint64_t seed = 1)
{
    std::vector<Note> notes;
    const double slot = (seconds - 0.4) / count;
    std::uint64_t state = seed * 0x9e3779b97f4a7c15ull + 7;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return double(state >> 11) * 0x1.0p-53;
    };
    int pitch = center;
    for (int i = 0; i < count; ++i) {
        const double u = next();
        if (u < 0.2) {
        } // repeat
        else if (u < 0.8) pitch += next() < 0.5 ? -2 : 2;
        else pitch += int(next() * 10.0) - 5;
        pitch = std::clamp(pitch, center - 7, center + 7);
        const double length = next() < 0.6 ? slot : slot * 0.7;
        notes.push_back({0.2 + i * slot, length, pitch, velocity});
    }
    return sungPart(notes);
}

} // namespace

class TestVoiceSynth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pitchFollowsNotes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("low");
        QTest::addColumn<double>("detune");
        QTest::newRow("tenor") << int(VoiceSettings::Type::Tenor) << 44100 << 52 << 0.0;
        QTest::newRow("bass 22.05 kHz") << int(VoiceSettings::Type::Bass) << 22050 << 43 << 0.0;
        QTest::newRow("soprano detuned") << int(VoiceSettings::Type::Soprano) << 48000 << 69 << 30.0;
    }
    void pitchFollowsNotes()
    {
        QFETCH(int, type);
        QFETCH(int, rate);
        QFETCH(int, low);
        QFETCH(double, detune);
        VoiceSettings voice; // default expression: vibrato 35 cents, jitter 0.3
        voice.type = VoiceSettings::Type(type);
        // legato step up, then a detached leap down
        Part part = sungPart({{0.2, 1.6, low + 5, 100}, {1.8, 1.6, low + 12, 100}, {3.8, 1.4, low, 100}});
        part.detuneCents = detune;
        const AudioBuffer out = VoiceSynth::render(part, voice, std::int64_t(5.5 * rate), rate, 11);
        QCOMPARE(out.sampleRate, rate);
        QCOMPARE(out.channels, 2);
        QCOMPARE(out.frameCount(), std::int64_t(5.5 * rate));
        const auto x = channel(out, 0);
        for (const Note& note : part.notes) {
            const double expected = hz(note.pitch + detune / 100.0);
            const auto track = centsTrack(x, rate, note.onset + 0.25 * note.duration, note.onset + 0.75 * note.duration,
                                          0.01, 2048 * rate / 44100, expected);
            double mean = 0.0, worst = 0.0;
            for (double c : track) {
                mean += c / double(track.size());
                worst = std::max(worst, std::abs(c));
            }
            qInfo("pitch %d: mean %+.1f cents, worst %.1f cents over %zu frames", note.pitch, mean, worst, track.size());
            QVERIFY2(std::abs(mean) < 20.0, qPrintable(QString("mean %1 cents").arg(mean)));
            QVERIFY2(worst < 100.0, qPrintable(QString("worst %1 cents").arg(worst))); // no wrong notes
        }
    }

    void portamentoGlidesBetweenLegatoNotes()
    {
        VoiceSettings voice = steadyVoice();
        voice.vibratoCents = 0.0;
        voice.portamentoS = 0.3;
        const Part part = sungPart({{0.2, 1.0, 57, 100}, {1.2, 1.0, 64, 100}});
        const auto x = channel(VoiceSynth::render(part, voice, 3 * kRate, kRate, 1), 0);
        const double middle = 57.0 + 12.0 * std::log2(f0At(x, kRate, std::size_t(1.35 * kRate), 1024, hz(60.5)) / hz(57.0));
        qInfo("half-way through a 0.3-s glide from 57 to 64: %.2f", middle);
        QVERIFY(middle > 58.5 && middle < 62.5);
        // without portamento the pitch has arrived by then
        voice.portamentoS = 0.0;
        const auto y = channel(VoiceSynth::render(part, voice, 3 * kRate, kRate, 1), 0);
        QVERIFY(std::abs(cents(f0At(y, kRate, std::size_t(1.35 * kRate), 1024, hz(64.0)), hz(64.0))) < 20.0);
    }

    void vibratoModulatesAtTheSetRate()
    {
        VoiceSettings voice = steadyVoice();
        voice.vibratoRateHz = 5.0;
        voice.vibratoCents = 50.0;
        voice.vibratoDelayS = 0.2;
        const Part part = sungPart({{0.1, 3.2, 57, 100}});
        const auto x = channel(VoiceSynth::render(part, voice, std::int64_t(3.5 * kRate), kRate, 5), 0);
        const double hop = 0.005;
        const auto track = centsTrack(x, kRate, 1.0, 3.0, hop, 1024, hz(57));
        double bestRate = 0.0, bestAmplitude = 0.0;
        for (double rate = 3.0; rate <= 8.0; rate += 0.02) {
            const double a = modulationAmplitude(track, hop, rate);
            if (a > bestAmplitude) {
                bestAmplitude = a;
                bestRate = rate;
            }
        }
        qInfo("vibrato: %.2f Hz, ±%.1f cents (set 5 Hz, ±50 cents)", bestRate, bestAmplitude);
        QVERIFY(std::abs(bestRate - 5.0) < 0.35);
        QVERIFY(bestAmplitude > 35.0 && bestAmplitude < 65.0);

        // the vibrato fades in after the delay: little modulation in the first 0.2 s
        const auto early = centsTrack(x, kRate, 0.2, 0.3, hop, 1024, hz(57));
        for (double c : early) QVERIFY(std::abs(c) < 15.0);

        voice.vibratoCents = 0.0;
        const auto y = channel(VoiceSynth::render(part, voice, std::int64_t(3.5 * kRate), kRate, 5), 0);
        const auto flat = centsTrack(y, kRate, 1.0, 3.0, hop, 1024, hz(57));
        double worst = 0.0;
        for (double c : flat) worst = std::max(worst, std::abs(c));
        qInfo("no vibrato: worst deviation %.2f cents, modulation at 5 Hz %.2f cents", worst,
              modulationAmplitude(flat, hop, 5.0));
        QVERIFY(worst < 3.0);
        QVERIFY(modulationAmplitude(flat, hop, 5.0) < 1.0);
    }

    void vowelsHaveTheirFormants()
    {
        VoiceSettings voice = steadyVoice();
        voice.vibratoCents = 0.0;
        const Part part = sungPart({{0.1, 1.5, 48, 100}});
        const double f0 = hz(48);
        voice.vowels.assign(1, 'a');
        const auto a = channel(VoiceSynth::render(part, voice, 2 * kRate, kRate, 2), 0);
        voice.vowels.assign(1, 'i');
        const auto i = channel(VoiceSynth::render(part, voice, 2 * kRate, kRate, 2), 0);
        const double f1a = strongestHarmonic(a, kRate, f0, 200.0, 1000.0);
        const double f1i = strongestHarmonic(i, kRate, f0, 200.0, 1000.0);
        const double f2a = strongestHarmonic(a, kRate, f0, 950.0, 2500.0);
        const double f2i = strongestHarmonic(i, kRate, f0, 950.0, 2500.0);
        qInfo("/a/: F1 ~ %.0f Hz, F2 ~ %.0f Hz; /i/: F1 ~ %.0f Hz, F2 ~ %.0f Hz", f1a, f2a, f1i, f2i);
        QVERIFY(f1a > f1i + 200.0);
        QVERIFY(f2i > f2a + 600.0);
        QVERIFY(f1a > 550.0 && f1a < 850.0);
        QVERIFY(f1i < 450.0);
        // the level does not depend on the vowel (held RMS)
        const double ra = rms(a, std::size_t(0.5 * kRate), std::size_t(1.3 * kRate));
        const double ri = rms(i, std::size_t(0.5 * kRate), std::size_t(1.3 * kRate));
        QVERIFY(std::abs(20.0 * std::log10(ra / ri)) < 1.5);

        // one vowel per note, in order and repeated: notes 1 and 3 are /a/, 2 is /i/
        voice.vowels = "ai";
        const Part three = sungPart({{0.1, 1.5, 48, 100}, {1.8, 1.5, 48, 100}, {3.5, 1.5, 48, 100}});
        const auto y = channel(VoiceSynth::render(three, voice, 5 * kRate, kRate, 2), 0);
        std::vector<double> shifted(y.begin() + std::ptrdiff_t(1.7 * kRate), y.end());
        QCOMPARE(strongestHarmonic(y, kRate, f0, 200.0, 1000.0), f1a);
        QCOMPARE(strongestHarmonic(shifted, kRate, f0, 200.0, 1000.0), f1i);
    }

    void silenceOutsideNotesIsExactlyZero()
    {
        VoiceSettings voice;
        voice.consonants = 1.0; // a consonant at every onset: none may sound early
        voice.breathiness = 0.5;
        const Part part = sungPart({{0.5, 0.5, 60, 127}, {2.0, 0.3, 62, 127}, {2.3, 0.4, 62, 127}}, 64);
        const AudioBuffer out = VoiceSynth::render(part, voice, std::int64_t(3.5 * kRate), kRate, 3);
        const double release = VoiceSynth::kReleaseSeconds;
        for (std::int64_t n = 0; n < out.frameCount(); ++n) {
            const double t = double(n) / kRate;
            const bool silent = t < 0.5 || (t >= 1.0 + release && t < 2.0) || t >= 2.7 + release;
            if (!silent) continue;
            if (out.samples[std::size_t(2 * n)] != 0.0f || out.samples[std::size_t(2 * n + 1)] != 0.0f)
                QFAIL(qPrintable(QString("sample at %1 s is not zero").arg(t)));
        }
        const auto x = channel(out, 0);
        QVERIFY(rms(x, std::size_t(0.6 * kRate), std::size_t(0.9 * kRate)) > 0.05);
        // the first samples of each note are zero-free soon: sound starts at the onset
        QVERIFY(rms(x, std::size_t(2.0 * kRate), std::size_t(2.1 * kRate)) > 0.0);

        // an empty part, or one beyond the buffer, is silence of the right length
        const AudioBuffer empty = VoiceSynth::render(sungPart({}), voice, 1000, kRate, 1);
        QCOMPARE(empty.frameCount(), std::int64_t(1000));
        QVERIFY(empty.isSilent());
        QVERIFY(VoiceSynth::render(sungPart({{5.0, 1.0, 60, 100}}), voice, kRate, kRate, 1).isSilent());
        QCOMPARE(VoiceSynth::render(part, voice, 0, kRate, 1).frameCount(), std::int64_t(0));
    }

    void repeatedNotesReArticulate()
    {
        VoiceSettings voice = steadyVoice();
        const Part part = sungPart({{0.2, 0.6, 60, 100}, {0.8, 0.6, 60, 100}});
        const auto x = channel(VoiceSynth::render(part, voice, 2 * kRate, kRate, 4), 0);
        const double sustained = rms(x, std::size_t(0.4 * kRate), std::size_t(0.7 * kRate));
        double dip = 1e9;
        for (double t = 0.7; t < 0.9; t += 0.005) dip = std::min(dip, rms(x, std::size_t(t * kRate), std::size_t((t + 0.01) * kRate)));
        qInfo("repeated note: dip to %.1f dB of the sustained level", 20.0 * std::log10(dip / sustained));
        QVERIFY(dip < 0.5 * sustained);
    }

    void noClicksNoDcNoAliasing()
    {
        VoiceSettings voice; // default expression, breath and jitter
        voice.consonants = 0.0; // consonant bursts are wanted transients; judge the voice alone
        const Part part = melody(24, 60, 12.0, 110);
        const auto x = channel(VoiceSynth::render(part, voice, 12 * kRate, kRate, 9), 0);
        const double top = peak(x);
        QVERIFY(top > 0.1);

        // every start and end of sound is gradual: 1 ms next to exact silence stays quiet
        const std::size_t ms = kRate / 1000;
        int starts = 0, ends = 0;
        for (std::size_t n = 1; n < x.size(); ++n) {
            if (x[n - 1] == 0.0 && x[n] != 0.0) {
                ++starts;
                double m = 0.0;
                for (std::size_t k = n; k < std::min(x.size(), n + ms); ++k) m = std::max(m, std::abs(x[k]));
                QVERIFY2(m < 0.01 * top, qPrintable(QString("start at %1 s: %2").arg(double(n) / kRate).arg(m)));
            }
            if (x[n - 1] != 0.0 && x[n] == 0.0 && n >= ms) {
                ++ends;
                double m = 0.0;
                for (std::size_t k = n - ms; k < n; ++k) m = std::max(m, std::abs(x[k]));
                QVERIFY2(m < 0.01 * top, qPrintable(QString("end at %1 s: %2").arg(double(n) / kRate).arg(m)));
            }
        }
        QVERIFY(starts >= 3 && ends >= 3);

        // no discontinuities while sounding (formant, level and pitch moves included): no
        // 10-ms frame stands out from its neighbours, which a step of 1 % of the peak does
        const double worst = worstLocalJump(x, 10 * ms, 0.1 * top);
        std::vector<double> stepped = x;
        for (std::size_t n = std::size_t(3.3 * kRate); n < std::size_t(3.4 * kRate); ++n) stepped[n] += 0.01 * top;
        const double withStep = worstLocalJump(stepped, 10 * ms, 0.1 * top);
        qInfo("largest high-pass jump against its neighbourhood: %.2f (with a 1%% step: %.1f)", worst, withStep);
        QVERIFY(worst < 3.0);
        QVERIFY(withStep > 10.0);

        // no DC
        double mean = 0.0;
        for (double v : x) mean += v / double(x.size());
        qInfo("DC %.2e against RMS %.3f", mean, rms(x));
        QVERIFY(std::abs(mean) < 1e-3 * rms(x));

        // no aliasing: a C6 at 22.05 kHz has energy only at its harmonics
        VoiceSettings clean = steadyVoice();
        clean.type = VoiceSettings::Type::Soprano;
        clean.vibratoCents = 0.0;
        const int rate = 22050;
        const auto s = channel(VoiceSynth::render(sungPart({{0.1, 1.2, 84, 127}}), clean, rate * 3 / 2, rate, 1), 0);
        const std::size_t size = 8192;
        std::vector<std::complex<double>> spectrum(size);
        for (std::size_t n = 0; n < size; ++n)
            spectrum[n] = s[std::size_t(0.4 * rate) + n] * (0.5 - 0.5 * std::cos(2.0 * kPi * double(n) / double(size)));
        fft(spectrum);
        const double f0 = hz(84);
        double harmonic = 0.0, other = 0.0;
        for (std::size_t k = 1; k < size / 2; ++k) {
            const double f = double(k) * rate / double(size);
            const double distance = std::abs(f - f0 * std::round(f / f0));
            (distance < 40.0 ? harmonic : other) += std::norm(spectrum[k]);
        }
        qInfo("C6 at 22.05 kHz: energy between harmonics %.1f dB", 10.0 * std::log10(other / harmonic));
        QVERIFY(other < 1e-5 * harmonic);
    }

    void panIsConstantPower()
    {
        const VoiceSettings voice;
        const Part part = melody(6, 60, 3.0);
        const AudioBuffer left = VoiceSynth::render(part, voice, 3 * kRate, kRate, 6);
        QVERIFY(rms(channel(left, 0)) > 0.05);
        for (double v : channel(left, 1)) QCOMPARE(v, 0.0);

        Part right = part;
        right.pan = 127;
        const AudioBuffer r = VoiceSynth::render(right, voice, 3 * kRate, kRate, 6);
        for (double v : channel(r, 0)) QCOMPARE(v, 0.0);
        QVERIFY(std::abs(rms(channel(r, 1)) / rms(channel(left, 0)) - 1.0) < 1e-4);

        Part centre = part;
        centre.pan = 64;
        const AudioBuffer c = VoiceSynth::render(centre, voice, 3 * kRate, kRate, 6);
        QCOMPARE(channel(c, 0), channel(c, 1));
        QVERIFY(std::abs(rms(channel(c, 0)) / rms(channel(left, 0)) - std::sqrt(0.5)) < 1e-3);
    }

    void levelFollowsVelocityAndVolume()
    {
        const VoiceSettings voice;
        const double expected = 40.0 * std::log10(127.0 / 64.0);
        const auto loud = channel(VoiceSynth::render(melody(8, 60, 4.0, 127), voice, 4 * kRate, kRate, 8), 0);
        const auto soft = channel(VoiceSynth::render(melody(8, 60, 4.0, 64), voice, 4 * kRate, kRate, 8), 0);
        const double byVelocity = 20.0 * std::log10(rms(loud) / rms(soft));
        Part quiet = melody(8, 60, 4.0, 127);
        quiet.volume = 64;
        const auto q = channel(VoiceSynth::render(quiet, voice, 4 * kRate, kRate, 8), 0);
        const double byVolume = 20.0 * std::log10(rms(loud) / rms(q));
        qInfo("velocity 127 vs 64: %.2f dB, volume 127 vs 64: %.2f dB (curve %.2f dB)", byVelocity, byVolume, expected);
        QVERIFY(std::abs(byVelocity - expected) < 1.5); // soft notes are also a little darker
        QVERIFY(std::abs(byVolume - expected) < 0.05);
    }

    void peaksStayInsideFullScale()
    {
        double worst = 0.0;
        for (int type = 0; type < 4; ++type) {
            const int centre[] = {52, 60, 65, 72};
            for (std::uint64_t seed = 1; seed <= 2; ++seed) {
                VoiceSettings voice;
                voice.type = VoiceSettings::Type(type);
                voice.breathiness = seed == 1 ? 1.0 : 0.0;
                voice.jitter = 1.0;
                voice.vibratoCents = 100.0;
                voice.consonants = 1.0;
                const Part part = melody(10, centre[type] + (seed == 1 ? 6 : -6), 4.0, 127, seed);
                const auto x = channel(VoiceSynth::render(part, voice, 4 * kRate, kRate, seed), 0);
                worst = std::max(worst, peak(x));
            }
        }
        qInfo("highest peak at full level, hard left, extreme expression: %.3f", worst);
        QVERIFY(worst < 0.95); // well inside [-1, 1]: the safety clamp never acts
    }

    void deterministicPerSeed()
    {
        const VoiceSettings voice = VoiceSettings::draw(3, 64.0);
        const Part part = melody(10, 64, 4.0);
        const AudioBuffer a = VoiceSynth::render(part, voice, 4 * kRate, kRate, 21);
        const AudioBuffer b = VoiceSynth::render(part, voice, 4 * kRate, kRate, 21);
        const AudioBuffer c = VoiceSynth::render(part, voice, 4 * kRate, kRate, 22);
        QVERIFY(a.samples == b.samples);
        QVERIFY(a.samples != c.samples);
        // a longer buffer starts with the same samples
        const AudioBuffer longer = VoiceSynth::render(part, voice, 5 * kRate, kRate, 21);
        QVERIFY(std::equal(a.samples.begin(), a.samples.end(), longer.samples.begin()));
    }

    void settingsAreChecked()
    {
        auto expectError = [](const VoiceSettings& v, const char* field) {
            try {
                v.validate();
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find(field) != std::string::npos, e.what());
                return;
            }
            QFAIL(qPrintable(QString("no error for %1").arg(field)));
        };
        VoiceSettings v;
        v.validate();
        v = {}; v.vibratoRateHz = 9.0; expectError(v, "vibrato_rate_hz");
        v = {}; v.vibratoCents = 120.0; expectError(v, "vibrato_cents");
        v = {}; v.vibratoDelayS = -0.1; expectError(v, "vibrato_delay_s");
        v = {}; v.breathiness = std::nan(""); expectError(v, "breathiness");
        v = {}; v.jitter = 1.5; expectError(v, "jitter");
        v = {}; v.portamentoS = 2.0; expectError(v, "portamento_s");
        v = {}; v.consonants = -1.0; expectError(v, "consonants");
        v = {}; v.vowels = "ay"; expectError(v, "vowels");

        // render checks the settings, the rate, the frames and the notes
        const Part part = sungPart({{0.1, 0.5, 60, 100}});
        v = {};
        v.jitter = 2.0;
        QVERIFY_THROWS_EXCEPTION(Error, VoiceSynth::render(part, v, 100, kRate, 1));
        QVERIFY_THROWS_EXCEPTION(Error, VoiceSynth::render(part, {}, 100, 1000, 1));
        QVERIFY_THROWS_EXCEPTION(Error, VoiceSynth::render(part, {}, -1, kRate, 1));
        try {
            VoiceSynth::render(sungPart({{0.1, 0.5, 60, 100}, {0.2, 0.5, 60, 0}}), {}, 100, kRate, 1);
            QFAIL("no error for velocity 0");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("note 1") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("velocity") != std::string::npos, e.what());
        }

        // JSON: round trip, defaults for missing keys, bad values named
        VoiceSettings w = VoiceSettings::draw(17, 70.0);
        w.vowels = "aeiou@";
        QCOMPARE(VoiceSettings::fromJson(w.toJson()), w);
        QCOMPARE(VoiceSettings::fromJson(nlohmann::json::object()), VoiceSettings{});
        auto expectJsonError = [](const nlohmann::json& j, const char* field) {
            try {
                VoiceSettings::fromJson(j);
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find(field) != std::string::npos, e.what());
                return;
            }
            QFAIL(qPrintable(QString("no error for %1").arg(field)));
        };
        expectJsonError({{"type", "baritone"}}, "type");
        expectJsonError({{"jitter", "high"}}, "jitter");
        expectJsonError({{"vibrato_cents", 500}}, "vibrato_cents");
        expectJsonError({{"vowels", 3}}, "vowels");
    }

    void drawMatchesTheTessitura()
    {
        QCOMPARE(VoiceSettings::draw(1, 50.0).type, VoiceSettings::Type::Bass);
        QCOMPARE(VoiceSettings::draw(1, 60.0).type, VoiceSettings::Type::Tenor);
        QCOMPARE(VoiceSettings::draw(1, 66.0).type, VoiceSettings::Type::Alto);
        QCOMPARE(VoiceSettings::draw(1, 74.0).type, VoiceSettings::Type::Soprano);
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            const VoiceSettings v = VoiceSettings::draw(seed, 40.0 + double(seed));
            v.validate();
            QVERIFY(v.vowels.empty());
            QVERIFY(v.lowestPitch() < v.highestPitch());
            QCOMPARE(VoiceSettings::draw(seed, 40.0 + double(seed)), v);
        }
        QVERIFY(!(VoiceSettings::draw(1, 60.0) == VoiceSettings::draw(2, 60.0)));
    }

    void cancellation()
    {
        std::atomic<bool> cancel{true};
        const Progress progress({}, &cancel);
        QVERIFY_THROWS_EXCEPTION(Cancelled, VoiceSynth::render(melody(4, 60, 2.0), {}, 2 * kRate, kRate, 1, progress));
    }

    void speed()
    {
        // a 30-s part with 60 notes, default voice, one thread
        const Part part = melody(60, 62, 30.0);
        const auto start = std::chrono::steady_clock::now();
        const AudioBuffer out = VoiceSynth::render(part, VoiceSettings{}, 30 * kRate, kRate, 1);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        qInfo("30-s part, 60 notes: %.3f s, %.0f x real time", seconds, 30.0 / seconds);
        QVERIFY(!out.isSilent());
        QVERIFY(30.0 / seconds > 3.0); // loose: shared machines; measured ~100x and more
    }
};

QTEST_GUILESS_MAIN(TestVoiceSynth)
#include "tst_voice_synth.moc"
