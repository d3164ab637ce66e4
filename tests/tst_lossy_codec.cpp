// audio/LossyCodec: the round trip through mp3, aac, vorbis and opus keeps the rate, the
// channel count and the length (mono and stereo, 44.1 and 22.05 kHz, odd lengths, one
// frame), is time-aligned with its input (cross-correlation of broadband noise and of a
// click train peaks at lag 0), codes a tone mix better at a high bitrate than at a low one,
// band-limits white noise at a low mp3 bitrate, is deterministic, and rejects bad
// bitrates, channel counts and empty audio with a message naming format and bitrate.
// Speeds (× real time for 30 s of stereo 44.1 kHz) are printed, never asserted.

#include <QTest>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "audio/AudioBuffer.h"
#include "audio/LossyCodec.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

constexpr std::array<LossyFormat, 4> kFormats{LossyFormat::Mp3, LossyFormat::Aac, LossyFormat::Vorbis,
                                              LossyFormat::Opus};

/// A bitrate every format takes at every rate and channel count used here (Vorbis mono at
/// 22.05 kHz tops out below 96 kbps, MPEG-2 mp3 at 160).
constexpr int kEverywhereKbps = 64;

AudioBuffer makeBuffer(int rate, int channels, std::int64_t frames)
{
    AudioBuffer audio;
    audio.sampleRate = rate;
    audio.channels = channels;
    audio.samples.assign(std::size_t(frames) * std::size_t(channels), 0.0f);
    return audio;
}

/// Uniform white noise in [-amplitude, amplitude], independent per channel; seeded.
AudioBuffer whiteNoise(int rate, int channels, double seconds, float amplitude, std::uint32_t seed)
{
    AudioBuffer audio = makeBuffer(rate, channels, std::int64_t(seconds * rate));
    std::mt19937 random(seed);
    for (float& s : audio.samples) s = amplitude * (2.0f * float(random()) / 4294967295.0f - 1.0f);
    return audio;
}

/// 440, 1000 and 2500 Hz at 0.2 each (the right channel's phases shifted).
AudioBuffer toneMix(int rate, int channels, double seconds)
{
    AudioBuffer audio = makeBuffer(rate, channels, std::int64_t(seconds * rate));
    const std::array<double, 3> hz{440.0, 1000.0, 2500.0};
    for (std::int64_t i = 0; i < audio.frameCount(); ++i)
        for (int c = 0; c < channels; ++c) {
            double v = 0.0;
            for (std::size_t k = 0; k < hz.size(); ++k)
                v += 0.2 * std::sin(2.0 * std::numbers::pi * hz[k] * double(i) / rate + 0.7 * c * double(k + 1));
            audio.samples[std::size_t(i) * std::size_t(channels) + std::size_t(c)] = float(v);
        }
    return audio;
}

/// Single-sample clicks of 0.8 at irregular spacings (so no lag but 0 lines them all up).
AudioBuffer clickTrain(int rate, int channels, double seconds)
{
    AudioBuffer audio = makeBuffer(rate, channels, std::int64_t(seconds * rate));
    std::mt19937 random(7);
    for (std::int64_t i = rate / 10; i < audio.frameCount(); i += rate / 20 + std::int64_t(random() % std::uint32_t(rate / 10)))
        for (int c = 0; c < channels; ++c) audio.samples[std::size_t(i) * std::size_t(channels) + std::size_t(c)] = 0.8f;
    return audio;
}

/// The lag (output relative to input, frames) at which their cross-correlation on one
/// channel peaks, searched over ±maxLag around the middle `span` frames, and the
/// normalised correlation there.
std::pair<int, double> correlationPeak(const AudioBuffer& in, const AudioBuffer& out, int channel, int maxLag,
                                       std::int64_t span)
{
    const std::int64_t n = in.frameCount();
    const std::int64_t first = std::max<std::int64_t>(maxLag, (n - span) / 2);
    const std::int64_t last = std::min<std::int64_t>(n - maxLag, first + span);
    const auto at = [](const AudioBuffer& a, std::int64_t i, int c) {
        return double(a.samples[std::size_t(i) * std::size_t(a.channels) + std::size_t(c)]);
    };
    double inEnergy = 0.0, outEnergy = 0.0;
    for (std::int64_t i = first; i < last; ++i) {
        inEnergy += at(in, i, channel) * at(in, i, channel);
        outEnergy += at(out, i, channel) * at(out, i, channel);
    }
    int bestLag = 0;
    double best = -1e300;
    for (int lag = -maxLag; lag <= maxLag; ++lag) {
        double sum = 0.0;
        for (std::int64_t i = first; i < last; ++i) sum += at(in, i, channel) * at(out, i + lag, channel);
        if (sum > best) {
            best = sum;
            bestLag = lag;
        }
    }
    return {bestLag, best / std::sqrt(inEnergy * outEnergy + 1e-30)};
}

/// Signal-to-noise ratio of `out` against `in` over all samples, dB.
double snrDb(const AudioBuffer& in, const AudioBuffer& out)
{
    double signal = 0.0, noise = 0.0;
    for (std::size_t i = 0; i < in.samples.size(); ++i) {
        const double d = double(out.samples[i]) - double(in.samples[i]);
        signal += double(in.samples[i]) * double(in.samples[i]);
        noise += d * d;
    }
    return 10.0 * std::log10(signal / std::max(noise, 1e-30));
}

/// In-place radix-2 FFT (size a power of two).
void fft(std::vector<std::complex<double>>& x)
{
    const std::size_t n = x.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(x[i], x[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2.0 * std::numbers::pi / double(len);
        const std::complex<double> step(std::cos(angle), std::sin(angle));
        for (std::size_t start = 0; start < n; start += len) {
            std::complex<double> w(1.0, 0.0);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const auto a = x[start + k];
                const auto b = x[start + k + len / 2] * w;
                x[start + k] = a + b;
                x[start + k + len / 2] = a - b;
                w *= step;
            }
        }
    }
}

/// Energy of channel 0 at and above `hz` (Hann-windowed 4096-point blocks, summed).
double energyAbove(const AudioBuffer& audio, double hz)
{
    constexpr std::size_t kBlock = 4096;
    const auto firstBin = std::size_t(std::ceil(hz * double(kBlock) / audio.sampleRate));
    double energy = 0.0;
    std::vector<std::complex<double>> block(kBlock);
    for (std::int64_t start = 0; start + std::int64_t(kBlock) <= audio.frameCount(); start += kBlock / 2) {
        for (std::size_t i = 0; i < kBlock; ++i) {
            const double window = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * double(i) / double(kBlock));
            block[i] = window * double(audio.samples[std::size_t(start + std::int64_t(i)) * std::size_t(audio.channels)]);
        }
        fft(block);
        for (std::size_t k = firstBin; k <= kBlock / 2; ++k) energy += std::norm(block[k]);
    }
    return energy;
}

/// The round trip; an unexpected Error is printed before it ends the test run (Qt Test
/// reports only that an exception escaped).
AudioBuffer coded(const AudioBuffer& audio, LossyFormat format, int kbps)
{
    try {
        return LossyCodec::roundTrip(audio, format, kbps);
    } catch (const Error& e) {
        qCritical("unexpected error: %s", e.what());
        throw;
    }
}

QString label(LossyFormat format, int rate, int channels, int kbps)
{
    return QString("%1 %2 Hz x%3 %4 kbps").arg(LossyCodec::name(format)).arg(rate).arg(channels).arg(kbps);
}

/// Calls roundTrip expecting an Error whose message starts with `prefix` and contains `problem`.
void expectError(const AudioBuffer& audio, LossyFormat format, int kbps, const std::string& prefix,
                 const std::string& problem)
{
    try {
        const AudioBuffer out = LossyCodec::roundTrip(audio, format, kbps);
        QFAIL(qPrintable(QString("returned %1 frames instead of failing").arg(out.frameCount())));
    } catch (const Error& e) {
        const std::string message = e.what();
        QVERIFY2(message.rfind(prefix, 0) == 0, qPrintable(QString::fromStdString(message)));
        QVERIFY2(message.find(problem) != std::string::npos, qPrintable(QString::fromStdString(message)));
    }
}

} // namespace

class TestLossyCodec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void names()
    {
        for (const LossyFormat format : kFormats) QCOMPARE(LossyCodec::fromName(LossyCodec::name(format)), format);
        QCOMPARE(std::string(LossyCodec::name(LossyFormat::Mp3)), std::string("mp3"));
        QCOMPARE(std::string(LossyCodec::name(LossyFormat::Aac)), std::string("aac"));
        QCOMPARE(std::string(LossyCodec::name(LossyFormat::Vorbis)), std::string("vorbis"));
        QCOMPARE(std::string(LossyCodec::name(LossyFormat::Opus)), std::string("opus"));
        try {
            LossyCodec::fromName("flac");
            QFAIL("fromName(\"flac\") did not fail");
        } catch (const Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("flac") != std::string::npos, e.what());
            QVERIFY2(message.find("mp3, aac, vorbis, opus") != std::string::npos, e.what());
        }
    }

    void keepsRateChannelsAndLength_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        for (const LossyFormat format : kFormats)
            for (const int rate : {44100, 22050, 48000})
                for (const int channels : {1, 2})
                    QTest::newRow(qPrintable(label(format, rate, channels, kEverywhereKbps)))
                        << int(format) << rate << channels;
    }

    void keepsRateChannelsAndLength()
    {
        QFETCH(int, format);
        QFETCH(int, rate);
        QFETCH(int, channels);
        // Lengths around the codecs' frame sizes (64, 576, 960, 1024, 1152) and one frame.
        for (const double seconds : {1.0, 12345.0 / rate, 1.0 / rate, 577.0 / rate, 1153.0 / rate}) {
            const AudioBuffer in = whiteNoise(rate, channels, seconds, 0.3f, 11);
            const AudioBuffer out = coded(in, LossyFormat(format), kEverywhereKbps);
            QCOMPARE(out.sampleRate, rate);
            QCOMPARE(out.channels, channels);
            QCOMPARE(out.frameCount(), in.frameCount());
            QCOMPARE(out.samples.size(), in.samples.size());
            QVERIFY(std::all_of(out.samples.begin(), out.samples.end(), [](float s) { return std::isfinite(s); }));
        }
    }

    void alignedWithInput_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("kbps");
        for (const LossyFormat format : kFormats) {
            QTest::newRow(qPrintable(label(format, 44100, 2, 128))) << int(format) << 44100 << 2 << 128;
            QTest::newRow(qPrintable(label(format, 44100, 1, 96))) << int(format) << 44100 << 1 << 96;
            QTest::newRow(qPrintable(label(format, 22050, 2, 96))) << int(format) << 22050 << 2 << 96;
            QTest::newRow(qPrintable(label(format, 48000, 2, 128))) << int(format) << 48000 << 2 << 128;
        }
    }

    void alignedWithInput()
    {
        QFETCH(int, format);
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(int, kbps);
        constexpr int kMaxLag = 2500; // well beyond any codec's priming (mp3: 1105)
        const AudioBuffer noise = whiteNoise(rate, channels, 2.0, 0.3f, 5);
        const AudioBuffer codedNoise = coded(noise, LossyFormat(format), kbps);
        for (int c = 0; c < channels; ++c) {
            const auto [lag, correlation] = correlationPeak(noise, codedNoise, c, kMaxLag, 8192);
            qInfo("%s: noise channel %d peaks at lag %d (r = %.3f)", QTest::currentDataTag(), c, lag, correlation);
            QCOMPARE(lag, 0);
            QVERIFY2(correlation > 0.3, qPrintable(QString::number(correlation)));
        }
        const AudioBuffer clicks = clickTrain(rate, channels, 2.0);
        const AudioBuffer codedClicks = coded(clicks, LossyFormat(format), kbps);
        const auto [lag, correlation] = correlationPeak(clicks, codedClicks, channels - 1, kMaxLag, rate);
        qInfo("%s: clicks peak at lag %d (r = %.3f)", QTest::currentDataTag(), lag, correlation);
        QCOMPARE(lag, 0);
    }

    void higherBitrateIsCleaner_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("lowKbps");
        QTest::addColumn<int>("highKbps");
        QTest::addColumn<double>("minHighSnr"); // dB
        // Measured: mp3 60 dB, aac 38, vorbis 41, opus 44 at the high bitrate; 4..21 dB low.
        QTest::newRow("mp3") << int(LossyFormat::Mp3) << 32 << 320 << 30.0;
        QTest::newRow("aac") << int(LossyFormat::Aac) << 32 << 256 << 30.0;
        QTest::newRow("vorbis") << int(LossyFormat::Vorbis) << 48 << 256 << 30.0;
        QTest::newRow("opus") << int(LossyFormat::Opus) << 16 << 256 << 30.0;
    }

    void higherBitrateIsCleaner()
    {
        QFETCH(int, format);
        QFETCH(int, lowKbps);
        QFETCH(int, highKbps);
        QFETCH(double, minHighSnr);
        const AudioBuffer tones = toneMix(44100, 2, 3.0);
        const double low = snrDb(tones, coded(tones, LossyFormat(format), lowKbps));
        const double high = snrDb(tones, coded(tones, LossyFormat(format), highKbps));
        qInfo("%s tone mix SNR: %d kbps %.1f dB, %d kbps %.1f dB", QTest::currentDataTag(), lowKbps, low, highKbps, high);
        QVERIFY2(high > minHighSnr, qPrintable(QString::number(high)));
        QVERIFY2(high > low + 10.0, qPrintable(QString("%1 vs %2").arg(high).arg(low)));
    }

    void lowMp3BitrateRemovesHighBand()
    {
        const AudioBuffer noise = whiteNoise(44100, 2, 3.0, 0.3f, 9);
        const double input = energyAbove(noise, 16000.0);
        const double low = energyAbove(coded(noise, LossyFormat::Mp3, 64), 16000.0) / input;
        const double high = energyAbove(coded(noise, LossyFormat::Mp3, 320), 16000.0) / input;
        qInfo("white noise energy above 16 kHz, output / input: mp3 64 kbps %.2e, 320 kbps %.2e", low, high);
        QVERIFY2(low < 1e-2, qPrintable(QString::number(low)));
        QVERIFY2(high > 0.1, qPrintable(QString::number(high)));
    }

    void deterministic()
    {
        const AudioBuffer noise = whiteNoise(44100, 2, 1.5, 0.3f, 3);
        const AudioBuffer music = toneMix(22050, 1, 1.5);
        for (const LossyFormat format : kFormats) {
            const AudioBuffer a = coded(noise, format, 128);
            const AudioBuffer b = coded(noise, format, 128);
            QVERIFY2(a.samples == b.samples, LossyCodec::name(format));
            const AudioBuffer c = coded(music, format, 64);
            const AudioBuffer d = coded(music, format, 64);
            QVERIFY2(c.samples == d.samples, LossyCodec::name(format));
        }
    }

    void rejectsBadInput()
    {
        const AudioBuffer stereo = whiteNoise(44100, 2, 0.1, 0.3f, 1);
        expectError(stereo, LossyFormat::Mp3, 400, "mp3 400 kbps: ", "32..320");
        expectError(stereo, LossyFormat::Mp3, 16, "mp3 16 kbps: ", "32..320");
        expectError(stereo, LossyFormat::Aac, 330, "aac 330 kbps: ", "32..320");
        expectError(stereo, LossyFormat::Vorbis, 32, "vorbis 32 kbps: ", "48..320");
        expectError(stereo, LossyFormat::Opus, 8, "opus 8 kbps: ", "16..256");
        expectError(stereo, LossyFormat::Opus, 320, "opus 320 kbps: ", "16..256");
        // Bitstream limits the encoders would otherwise clamp silently.
        expectError(whiteNoise(22050, 2, 0.1, 0.3f, 1), LossyFormat::Mp3, 320, "mp3 320 kbps: ", "160 kbps");
        expectError(whiteNoise(11025, 2, 0.1, 0.3f, 1), LossyFormat::Mp3, 96, "mp3 96 kbps: ", "64 kbps");
        expectError(whiteNoise(22050, 1, 0.1, 0.3f, 1), LossyFormat::Aac, 256, "aac 256 kbps: ", "132 kbps");
        // What libvorbis itself refuses, and a rate the mp3 encoder cannot take.
        expectError(whiteNoise(22050, 1, 0.1, 0.3f, 1), LossyFormat::Vorbis, 256, "vorbis 256 kbps: ", "libvorbis");
        expectError(whiteNoise(44000, 2, 0.1, 0.3f, 1), LossyFormat::Mp3, 128, "mp3 128 kbps: ", "44000 Hz");

        for (const LossyFormat format : kFormats) {
            const std::string prefix = std::string(LossyCodec::name(format)) + " 128 kbps: ";
            expectError(whiteNoise(44100, 3, 0.1, 0.3f, 1), format, 128, prefix, "channel count 3");
            expectError(makeBuffer(44100, 2, 0), format, 128, prefix, "empty");
            AudioBuffer nan = whiteNoise(44100, 2, 0.1, 0.3f, 1);
            nan.samples[21] = std::nanf("");
            expectError(nan, format, 128, prefix, "NaN");
            AudioBuffer ragged = whiteNoise(44100, 2, 0.1, 0.3f, 1);
            ragged.samples.pop_back();
            expectError(ragged, format, 128, prefix, "inconsistent");
        }
    }

    void printSpeed()
    {
        // 30 s of stereo 44.1 kHz, as the lab renders it; printed only.
        const AudioBuffer song = whiteNoise(44100, 2, 30.0, 0.2f, 2);
        for (const LossyFormat format : kFormats) {
            const int kbps = 128;
            const auto start = std::chrono::steady_clock::now();
            const AudioBuffer out = coded(song, format, kbps);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            QCOMPARE(out.frameCount(), song.frameCount());
            qInfo("%s %d kbps: 30 s stereo 44.1 kHz round trip in %.2f s (%.0fx real time)", LossyCodec::name(format),
                  kbps, seconds, 30.0 / seconds);
        }
    }
};

QTEST_GUILESS_MAIN(TestLossyCodec)
#include "tst_lossy_codec.moc"
