// AudioDecoder over every container and codec the app accepts, its errors for bad input,
// progress and cancellation, and MonoResampler. The media are made at run time with the
// ffmpeg command-line tool (packaging/install-deps.sh installs it).

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "TestData.h"
#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "util/Error.h"
#include "util/Progress.h"

using namespace emotrace;
using namespace emotrace::test;
namespace fs = std::filesystem;

namespace {

constexpr double kSeconds = 3.0;     // length of every test signal
constexpr double kFrequency = 440.0; // Hz
constexpr double kAmplitude = 0.125; // lavfi sine's fixed amplitude (1/8 of full scale)

/// Least-squares fit of a 440 Hz sine to one channel over [1, 2.5) s, a whole number of
/// periods at any rate (660), away from codec ramps at either end.
struct SineFit {
    double amplitude = 0; ///< fitted amplitude (full scale 1)
    double residual = 1;  ///< rms(signal - fit) / rms(signal)
};

SineFit fitSine(const std::vector<float>& samples, int channels, int channel, int rate)
{
    const auto begin = std::int64_t(1.0 * rate), end = std::int64_t(2.5 * rate);
    const double w = 2.0 * std::numbers::pi * kFrequency / rate;
    double s = 0, c = 0;
    for (auto i = begin; i < end; ++i) {
        const double x = samples[std::size_t(i * channels + channel)];
        s += x * std::sin(w * double(i));
        c += x * std::cos(w * double(i));
    }
    const double n = double(end - begin);
    s *= 2.0 / n;
    c *= 2.0 / n;
    double error = 0, energy = 0;
    for (auto i = begin; i < end; ++i) {
        const double x = samples[std::size_t(i * channels + channel)];
        const double fit = s * std::sin(w * double(i)) + c * std::cos(w * double(i));
        error += (x - fit) * (x - fit);
        energy += x * x;
    }
    return {std::hypot(s, c), energy > 0 ? std::sqrt(error / energy) : 1.0};
}

void writeBytes(const fs::path& file, const std::string& bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

std::string readBytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A canonical 44-byte PCM WAV header (16-bit) with the given data size in bytes.
std::string wavHeader(int rate, int channels, std::uint32_t dataBytes)
{
    std::string h;
    const auto u32 = [&h](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) h.push_back(char((v >> (8 * i)) & 0xff));
    };
    const auto u16 = [&h](std::uint32_t v) {
        for (int i = 0; i < 2; ++i) h.push_back(char((v >> (8 * i)) & 0xff));
    };
    h += "RIFF";
    u32(36 + dataBytes);
    h += "WAVEfmt ";
    u32(16);
    u16(1); // PCM
    u16(std::uint32_t(channels));
    u32(std::uint32_t(rate));
    u32(std::uint32_t(rate * channels * 2));
    u16(std::uint32_t(channels * 2));
    u16(16);
    h += "data";
    u32(dataBytes);
    return h;
}

/// A mono 32-bit IEEE float WAV (format tag 3) holding `samples` at `rate`.
std::string floatWav(int rate, const std::vector<float>& samples)
{
    std::string h;
    const auto u32 = [&h](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) h.push_back(char((v >> (8 * i)) & 0xff));
    };
    const auto u16 = [&h](std::uint32_t v) {
        for (int i = 0; i < 2; ++i) h.push_back(char((v >> (8 * i)) & 0xff));
    };
    const auto dataBytes = std::uint32_t(samples.size() * 4);
    h += "RIFF";
    u32(36 + dataBytes);
    h += "WAVEfmt ";
    u32(16);
    u16(3); // IEEE float
    u16(1);
    u32(std::uint32_t(rate));
    u32(std::uint32_t(rate * 4));
    u16(4);
    u16(32);
    h += "data";
    u32(dataBytes);
    h.append(reinterpret_cast<const char*>(samples.data()), samples.size() * 4);
    return h;
}

/// A 440 Hz sine of `seconds` at `rate` with peak `amplitude`.
std::vector<float> sine(int rate, double seconds, double amplitude)
{
    std::vector<float> x(std::size_t(rate * seconds));
    for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = float(amplitude * std::sin(2.0 * std::numbers::pi * kFrequency * double(i) / rate));
    return x;
}

} // namespace

class TestAudioDecoder : public QObject {
    Q_OBJECT

    QString m_ffmpeg;
    fs::path m_dir;

    fs::path path(const char* name) const { return m_dir / name; }

    /// ffmpeg -y <args> <output>; false (with ffmpeg's message) when it fails.
    bool ffmpeg(const QStringList& args, const fs::path& output, bool toStdout = false) const
    {
        QProcess process;
        QStringList all{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"};
        all += args;
        if (toStdout) {
            all << "-";
            process.setStandardOutputFile(QString::fromStdString(output.string()));
        } else {
            all << QString::fromStdString(output.string());
        }
        process.start(m_ffmpeg, all);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            qWarning("ffmpeg %s failed: %s", qPrintable(all.join(' ')), process.readAllStandardError().constData());
            return false;
        }
        return true;
    }

    /// Decoding `file` must throw an Error whose one-line message starts with the path and
    /// contains `problem`.
    void expectError(const fs::path& file, const char* problem)
    {
        try {
            const AudioBuffer audio = AudioDecoder::decode(file);
            QFAIL(qPrintable(QString("decoded %1 frames instead of failing").arg(audio.frameCount())));
        } catch (const Cancelled&) {
            QFAIL("threw Cancelled");
        } catch (const Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.rfind(file.string() + ": ", 0) == 0, e.what());
            QVERIFY2(message.find('\n') == std::string::npos, e.what());
            QVERIFY2(message.find(problem) != std::string::npos, e.what());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ffmpeg = QStandardPaths::findExecutable("ffmpeg");
        QVERIFY2(!m_ffmpeg.isEmpty(), "ffmpeg is not on PATH (packaging/install-deps.sh installs it)");
        m_dir = workDir("audiodecoder");
        const QString seconds = QString::number(kSeconds);
        const QStringList sine44{"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds};
        const QStringList sine48{"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds};
        const QStringList video{"-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=" + seconds};
        // pan copies the channel with gain 1 (-ac 2 would mix at -3 dB).
        const QStringList stereo{"-af", "pan=stereo|c0=c0|c1=c0"};

        QVERIFY(ffmpeg(sine44 + stereo + QStringList{"-c:a", "pcm_s16le", "-bitexact"}, path("s16.wav")));
        const QStringList fromWav{"-i", QString::fromStdString(path("s16.wav").string())};
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "pcm_f32le"}, path("f32.wav")));
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "flac"}, path("flac.flac")));
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "libmp3lame", "-b:a", "128k"}, path("mp3.mp3")));
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "libvorbis"}, path("vorbis.ogg")));
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "libopus", "-ar", "48000"}, path("opus.opus")));
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "aac", "-b:a", "128k"}, path("aac.m4a")));
        QVERIFY(ffmpeg(video + fromWav + QStringList{"-c:v", "mpeg4", "-c:a", "aac", "-shortest"}, path("video.mp4")));
        QVERIFY(ffmpeg(video + fromWav + QStringList{"-c:v", "mpeg4", "-c:a", "libopus"}, path("video.mkv")));
        QVERIFY(ffmpeg(sine48 + QStringList{"-af", "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0", "-c:a", "flac"},
                       path("surround51.flac")));
        QVERIFY(ffmpeg(sine44 + QStringList{"-c:a", "pcm_s16le"}, path("mono.wav")));
        QVERIFY(ffmpeg(fromWav + QStringList{"-f", "wav"}, path("pipe.wav"), true));
        QVERIFY(ffmpeg(QStringList{"-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "2", "-c:a", "pcm_s16le"},
                       path("silent.wav")));
        QVERIFY(ffmpeg(video + QStringList{"-c:v", "mpeg4"}, path("video-only.mp4")));

        // Ogg beyond ffmpeg's Vorbis and Opus: FLAC in Ogg, Theora video with Vorbis audio
        // (two logical streams), and Vorbis written by sox (libvorbisfile's muxing).
        QVERIFY(ffmpeg(fromWav + QStringList{"-c:a", "flac"}, path("flac.oga")));
        QVERIFY(ffmpeg(video + fromWav + QStringList{"-c:v", "libtheora", "-c:a", "libvorbis"}, path("theora.ogv")));
        {
            QProcess sox;
            sox.start(QStandardPaths::findExecutable("sox"),
                      {QString::fromStdString(path("s16.wav").string()), QString::fromStdString(path("sox.ogg").string())});
            QVERIFY2(sox.waitForFinished(60000) && sox.exitCode() == 0, "sox (packaging/install-deps.sh installs it) failed");
        }
        // The demo song (33 s of Vorbis) and its Opus encoding: long enough that a cut at
        // 10 % lies past the headers, inside the audio pages.
        const fs::path demo = fs::path(EMOTRACE_TEST_SOURCE_DIR) / ".." / "resources" / "demo" / "demo-song.ogg";
        writeBytes(path("demo.ogg"), readBytes(demo));
        QVERIFY(ffmpeg(QStringList{"-i", QString::fromStdString(demo.string()), "-c:a", "libopus"}, path("demo-opus.opus")));
        // Bytes after the last page (a tag some tools append) are no page: a player ignores them.
        writeBytes(path("vorbis-trailing.ogg"), readBytes(path("vorbis.ogg")) + "TAG" + std::string(125, ' '));
        // Ogg cut short: mid-page at 10/50/99 %, and exactly at the start of the last page
        // (every page present is whole; only the end-of-stream page is missing).
        for (const char* name : {"vorbis.ogg", "opus.opus", "flac.oga", "theora.ogv", "demo.ogg", "demo-opus.opus"}) {
            const std::string bytes = readBytes(path(name));
            for (int percent : {10, 50, 99})
                writeBytes(m_dir / ("cut" + std::to_string(percent) + "-" + name),
                           bytes.substr(0, bytes.size() * std::size_t(percent) / 100));
            writeBytes(m_dir / ("cutpage-" + std::string(name)), bytes.substr(0, bytes.rfind("OggS")));
        }
        // One MP3 frame (of about 110) overwritten with noise in the middle.
        {
            std::string mp3 = readBytes(path("mp3.mp3"));
            std::mt19937 noise(13);
            for (std::size_t i = mp3.size() / 2; i < mp3.size() / 2 + 200; ++i) mp3[i] = char(noise() & 0xff);
            writeBytes(path("damaged-frame.mp3"), mp3);
        }
        // Float WAVs: finite values far beyond any audio, NaN, infinity, and a mild overshoot.
        writeBytes(path("huge-values.wav"), floatWav(44100, sine(44100, 1.0, 7e37)));
        {
            std::vector<float> x = sine(44100, 1.0, 0.5);
            x[1000] = std::numeric_limits<float>::quiet_NaN();
            writeBytes(path("nan.wav"), floatWav(44100, x));
            x[1000] = 0.0f;
            x[2000] = -std::numeric_limits<float>::infinity();
            writeBytes(path("inf.wav"), floatWav(44100, x));
        }
        writeBytes(path("overshoot.wav"), floatWav(44100, sine(44100, 1.0, 1.5)));

        // Bad inputs.
        fs::create_directories(path("folder.wav"));
        writeBytes(path("notes.txt"), "These are my notes about the song.\nNot audio at all.\n");
        writeBytes(path("empty.mp3"), "");
        writeBytes(path("zero-samples.wav"), wavHeader(44100, 2, 0));
        for (const char* name : {"mp3.mp3", "flac.flac"}) {
            const std::string bytes = readBytes(path(name));
            writeBytes(m_dir / ("truncated-" + std::string(name)), bytes.substr(0, bytes.size() / 2));
        }
        // Header claims 3 s, the file holds 1 s (whole frames, so only the length is wrong).
        const std::string wav = readBytes(path("s16.wav"));
        QCOMPARE(wav.substr(36, 4), std::string("data")); // -bitexact: canonical 44-byte header
        writeBytes(path("truncated.wav"), wav.substr(0, 44 + 44100 * 4));
        // 4 KiB of random bytes over the middle of the FLAC stream.
        std::string flac = readBytes(path("flac.flac"));
        std::mt19937 random(20210707);
        for (std::size_t i = flac.size() / 2; i < flac.size() / 2 + 4096; ++i) flac[i] = char(random() & 0xff);
        writeBytes(path("corrupt.flac"), flac);
    }

    void decodesEveryFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::addColumn<double>("minSeconds");
        QTest::addColumn<double>("maxSeconds");
        QTest::addColumn<double>("maxResidual"); // rms error of a sine fit, relative
        QTest::addColumn<double>("gainTolerance"); // relative error of the fitted amplitude
        // PCM and FLAC are sample-exact. MP3 (LAME tag), Vorbis and Opus (granule positions,
        // pre-skip) are trimmed to the exact length by FFmpeg. ffmpeg's AAC in MP4 keeps up to
        // one 1024-sample frame of end padding: allow 50 ms over, 10 ms under for all lossy.
        // Lossy gains: LAME at 128 kb/s plays this sine 0.45 dB low (5 %); allow 10 %.
        const double exact = kSeconds, under = kSeconds - 0.01, over = kSeconds + 0.05;
        QTest::newRow("wav s16") << "s16.wav" << 44100 << 2 << exact << exact << 1e-3 << 1e-3;
        QTest::newRow("wav float") << "f32.wav" << 44100 << 2 << exact << exact << 1e-3 << 1e-3;
        QTest::newRow("flac") << "flac.flac" << 44100 << 2 << exact << exact << 1e-3 << 1e-3;
        QTest::newRow("mp3") << "mp3.mp3" << 44100 << 2 << under << over << 0.05 << 0.1;
        QTest::newRow("ogg vorbis") << "vorbis.ogg" << 44100 << 2 << under << over << 0.05 << 0.1;
        QTest::newRow("opus 48k") << "opus.opus" << 48000 << 2 << under << over << 0.05 << 0.1;
        QTest::newRow("aac m4a") << "aac.m4a" << 44100 << 2 << under << over << 0.05 << 0.1;
        QTest::newRow("mp4 video") << "video.mp4" << 44100 << 2 << under << over << 0.05 << 0.1;
        QTest::newRow("mkv video opus") << "video.mkv" << 48000 << 2 << under << over << 0.05 << 0.1;
        QTest::newRow("5.1 flac 48k") << "surround51.flac" << 48000 << 6 << exact << exact << 1e-3 << 1e-3;
        QTest::newRow("mono wav") << "mono.wav" << 44100 << 1 << exact << exact << 1e-3 << 1e-3;
        QTest::newRow("wav without data size") << "pipe.wav" << 44100 << 2 << exact << exact << 1e-3 << 1e-3;
    }
    void decodesEveryFormat()
    {
        QFETCH(QString, file);
        QFETCH(int, rate);
        QFETCH(int, channels);
        QFETCH(double, minSeconds);
        QFETCH(double, maxSeconds);
        QFETCH(double, maxResidual);
        QFETCH(double, gainTolerance);
        const AudioBuffer audio = AudioDecoder::decode(m_dir / file.toStdString());
        QCOMPARE(audio.sampleRate, rate);
        QCOMPARE(audio.channels, channels);
        QCOMPARE(audio.samples.size(), std::size_t(audio.frameCount()) * std::size_t(channels));
        QVERIFY2(audio.durationSeconds() >= minSeconds - 1e-9 && audio.durationSeconds() <= maxSeconds + 1e-9,
                 qPrintable(QString("duration %1 s").arg(audio.durationSeconds(), 0, 'f', 5)));
        QVERIFY(!audio.isSilent());
        for (int c = 0; c < channels; ++c) {
            const SineFit fit = fitSine(audio.samples, channels, c, rate);
            const QString what = QString("channel %1: amplitude %2, residual %3").arg(c).arg(fit.amplitude).arg(fit.residual);
            QVERIFY2(std::fabs(fit.amplitude - kAmplitude) < gainTolerance * kAmplitude, qPrintable(what));
            QVERIFY2(fit.residual < maxResidual, qPrintable(what));
        }
    }

    void monoResamplerKeepsInPhaseAmplitude_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("gainTolerance"); // as in decodesEveryFormat
        QTest::addColumn<double>("maxResidual");
        // 440 Hz lies deep in the resampler's pass band: lossless sources keep their gain.
        QTest::newRow("stereo 44.1k wav") << "s16.wav" << 1e-3 << 1e-3;
        QTest::newRow("stereo 44.1k mp3") << "mp3.mp3" << 0.1 << 0.05;
        QTest::newRow("stereo 48k opus") << "opus.opus" << 0.1 << 0.05;
        QTest::newRow("5.1 48k flac") << "surround51.flac" << 1e-3 << 1e-3;
        QTest::newRow("mono 44.1k wav") << "mono.wav" << 1e-3 << 1e-3;
    }
    void monoResamplerKeepsInPhaseAmplitude()
    {
        QFETCH(QString, file);
        QFETCH(double, gainTolerance);
        QFETCH(double, maxResidual);
        const AudioBuffer audio = AudioDecoder::decode(m_dir / file.toStdString());
        const std::vector<float> mono = MonoResampler::toMono(audio);
        // librosa's length: ceil(frames * 22050 / rate).
        const auto expected = std::int64_t(std::ceil(double(audio.frameCount()) * (22050.0 / audio.sampleRate)));
        QCOMPARE(std::int64_t(mono.size()), expected);
        QCOMPARE(MonoResampler::outputLength(audio.frameCount(), audio.sampleRate, 22050), expected);
        const SineFit fit = fitSine(mono, 1, 0, 22050);
        const QString what = QString("amplitude %1, residual %2").arg(fit.amplitude).arg(fit.residual);
        QVERIFY2(std::fabs(fit.amplitude - kAmplitude) < gainTolerance * kAmplitude, qPrintable(what));
        QVERIFY2(fit.residual < maxResidual, qPrintable(what));
    }

    void monoResamplerDetails()
    {
        qInfo("resampling engine: %s", MonoResampler::engine());
        // Mean of the channels, as librosa.to_mono.
        AudioBuffer audio;
        audio.sampleRate = 22050;
        audio.channels = 2;
        audio.samples = {1.0f, 0.0f, 0.5f, -0.5f, -1.0f, -0.25f};
        QCOMPARE(MonoResampler::toMono(audio), (std::vector<float>{0.5f, 0.0f, -0.625f}));
        // Lengths: exact ratio, and one that rounds up (132300 * 22050 / 48000 = 60775.3).
        QCOMPARE(MonoResampler::outputLength(132300, 44100, 22050), std::int64_t(66150));
        QCOMPARE(MonoResampler::outputLength(132300, 48000, 22050), std::int64_t(60776));
        QCOMPARE(MonoResampler::outputLength(1000, 22050, 22050), std::int64_t(1000));
        // Upsampling keeps the length rule; a handful of samples still gives output.
        audio.sampleRate = 8000;
        audio.channels = 1;
        audio.samples.assign(3, 0.5f);
        QCOMPARE(std::int64_t(MonoResampler::toMono(audio).size()), std::int64_t(9));
        QVERIFY(MonoResampler::toMono(AudioBuffer{}).empty());
        // Inconsistent buffers are errors, not crashes.
        audio.channels = 2;
        QVERIFY_THROWS_EXCEPTION(Error, MonoResampler::toMono(audio));
        audio.channels = 1;
        QVERIFY_THROWS_EXCEPTION(Error, MonoResampler::toMono(audio, 0));
    }

    void badInputsThrowOneLineErrors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing") << "does-not-exist.wav" << "no such file";
        QTest::newRow("directory") << "folder.wav" << "directory";
        QTest::newRow("text file") << "notes.txt" << "not a media file";
        QTest::newRow("video only") << "video-only.mp4" << "no audio stream";
        QTest::newRow("truncated mp3") << "truncated-mp3.mp3" << "truncated";
        QTest::newRow("truncated flac") << "truncated-flac.flac" << "truncated";
        QTest::newRow("truncated wav") << "truncated.wav" << "truncated";
        QTest::newRow("corrupt flac") << "corrupt.flac" << "corrupt";
        QTest::newRow("empty file") << "empty.mp3" << "empty file";
        QTest::newRow("wav with zero samples") << "zero-samples.wav" << "no audio samples";
    }
    void badInputsThrowOneLineErrors()
    {
        QFETCH(QString, file);
        QFETCH(QString, problem);
        expectError(m_dir / file.toStdString(), qPrintable(problem));
    }

    // Decoding is strict where data is lost: an Ogg file must end with the end-of-stream
    // page of each of its streams, complete (FFmpeg alone decodes a cut file as a whole song).
    void oggTruncationIsAnError_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* name : {"vorbis.ogg", "opus.opus", "flac.oga", "theora.ogv", "demo.ogg", "demo-opus.opus"}) {
            for (const char* cut : {"cut10-", "cut50-", "cut99-", "cutpage-"})
                QTest::newRow((std::string(cut) + name).c_str()) << QString(cut) + name;
        }
    }
    void oggTruncationIsAnError()
    {
        QFETCH(QString, file);
        expectError(m_dir / file.toStdString(), "truncated");
    }

    void intactOggDecodesWhole_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rate");
        QTest::newRow("vorbis (ffmpeg)") << "vorbis.ogg" << 44100;
        QTest::newRow("opus (ffmpeg)") << "opus.opus" << 48000;
        QTest::newRow("flac in ogg") << "flac.oga" << 44100;
        QTest::newRow("theora + vorbis") << "theora.ogv" << 44100;
        QTest::newRow("vorbis (sox)") << "sox.ogg" << 44100;
        QTest::newRow("vorbis with a trailing tag") << "vorbis-trailing.ogg" << 44100;
    }
    void intactOggDecodesWhole()
    {
        QFETCH(QString, file);
        QFETCH(int, rate);
        const AudioBuffer audio = AudioDecoder::decode(m_dir / file.toStdString());
        QCOMPARE(audio.sampleRate, rate);
        QCOMPARE(audio.channels, 2);
        QVERIFY2(audio.durationSeconds() >= kSeconds - 0.01 && audio.durationSeconds() <= kSeconds + 0.05,
                 qPrintable(QString("duration %1 s").arg(audio.durationSeconds(), 0, 'f', 5)));
        const SineFit fit = fitSine(audio.samples, 2, 0, rate);
        QVERIFY2(std::fabs(fit.amplitude - kAmplitude) < 0.1 * kAmplitude && fit.residual < 0.05,
                 qPrintable(QString("amplitude %1, residual %2").arg(fit.amplitude).arg(fit.residual)));
    }

    void demoSongDecodesInVorbisAndOpus()
    {
        const AudioBuffer vorbis = AudioDecoder::decode(path("demo.ogg"));
        QCOMPARE(vorbis.sampleRate, 44100);
        QCOMPARE(vorbis.channels, 2);
        QVERIFY2(vorbis.durationSeconds() > 30.0, qPrintable(QString::number(vorbis.durationSeconds())));
        QVERIFY(!vorbis.isSilent());
        const AudioBuffer opus = AudioDecoder::decode(path("demo-opus.opus"));
        QCOMPARE(opus.sampleRate, 48000);
        QVERIFY2(std::fabs(opus.durationSeconds() - vorbis.durationSeconds()) < 0.01,
                 qPrintable(QString("%1 s vs %2 s").arg(opus.durationSeconds()).arg(vorbis.durationSeconds())));
    }

    // Tolerant where a player is: one damaged MP3 frame is concealed, the song keeps its
    // length and the sine around the damage is intact.
    void damagedMp3FrameIsConcealed()
    {
        const AudioBuffer audio = AudioDecoder::decode(path("damaged-frame.mp3"));
        QCOMPARE(audio.sampleRate, 44100);
        QCOMPARE(audio.channels, 2);
        QVERIFY2(audio.durationSeconds() >= kSeconds - 0.05 && audio.durationSeconds() <= kSeconds + 0.05,
                 qPrintable(QString("duration %1 s").arg(audio.durationSeconds(), 0, 'f', 5)));
        QVERIFY(!audio.isSilent());
    }

    void floatSampleValuesAreNamedForWhatTheyAre_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("notIn");
        QTest::newRow("finite 7e37") << "huge-values.wav" << "sample values up to 7e+37 are outside any audio range" << "NaN";
        QTest::newRow("NaN") << "nan.wav" << "audio contains NaN samples (first at frame 1000)" << "infinite";
        QTest::newRow("infinity") << "inf.wav" << "audio contains infinite samples (first at frame 2000)" << "NaN";
    }
    void floatSampleValuesAreNamedForWhatTheyAre()
    {
        QFETCH(QString, file);
        QFETCH(QString, problem);
        QFETCH(QString, notIn);
        const fs::path f = m_dir / file.toStdString();
        expectError(f, qPrintable(problem));
        try {
            AudioDecoder::decode(f);
        } catch (const Error& e) {
            QVERIFY2(!QString(e.what()).contains(notIn), e.what());
        }
        // Floats over full scale but within reach of audio decode as they are.
        const AudioBuffer loud = AudioDecoder::decode(path("overshoot.wav"));
        const auto peak = std::ranges::max(loud.samples, {}, [](float v) { return std::fabs(v); });
        QVERIFY(std::fabs(std::fabs(peak) - 1.5f) < 1e-3f);
    }

    void silenceIsNotAnError()
    {
        const AudioBuffer audio = AudioDecoder::decode(path("silent.wav"));
        QCOMPARE(audio.sampleRate, 44100);
        QCOMPARE(audio.channels, 2);
        QCOMPARE(audio.frameCount(), std::int64_t(88200));
        QVERIFY(audio.isSilent());
        QVERIFY(AudioBuffer{}.isSilent());
    }

    void reportsProgress()
    {
        std::vector<int> percents;
        const Progress progress(
            [&percents](std::string_view stage, int percent) {
                QCOMPARE(stage, std::string_view("decode"));
                percents.push_back(percent);
            },
            nullptr);
        AudioDecoder::decode(path("flac.flac"), progress);
        QVERIFY(percents.size() > 3);
        QCOMPARE(percents.front(), 0);
        QCOMPARE(percents.back(), 100);
        QVERIFY(std::is_sorted(percents.begin(), percents.end()));
    }

    void cancellationThrowsCancelled()
    {
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(Cancelled, AudioDecoder::decode(path("s16.wav"), Progress({}, &cancel)));
        // Raised halfway through.
        cancel = false;
        int last = -1;
        const Progress progress(
            [&](std::string_view, int percent) {
                last = percent;
                if (percent >= 30) cancel = true;
            },
            &cancel);
        QVERIFY_THROWS_EXCEPTION(Cancelled, AudioDecoder::decode(path("mp3.mp3"), progress));
        QVERIFY(last >= 30 && last < 100);
    }

    void decodesOnSeveralThreadsAtOnce()
    {
        const AudioBuffer flac = AudioDecoder::decode(path("flac.flac"));
        const AudioBuffer opus = AudioDecoder::decode(path("opus.opus"));
        AudioBuffer results[4];
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&results, i, this] {
                results[i] = AudioDecoder::decode(path(i % 2 ? "opus.opus" : "flac.flac"));
            });
        for (auto& t : threads) t.join();
        for (int i = 0; i < 4; ++i) QVERIFY(results[i].samples == (i % 2 ? opus : flac).samples);
    }
};

QTEST_GUILESS_MAIN(TestAudioDecoder)
#include "tst_audiodecoder.moc"
