// The separation backends that do not separate by themselves: precomputed stem folders in
// the layouts of Demucs, Spleeter and Open-Unmix (StemFolderSeparator), an external command
// (CommandSeparator), a TorchScript model (TorchScriptSeparator), the factory, and the
// general Resampler they use. Stems are synthesised and written at test time; the scripted
// models come from tests/python/make_torchscript_separator.py (CTest fixture).

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "TestData.h"
#include "audio/AudioDecoder.h"
#include "audio/AudioEncoder.h"
#include "audio/Resampler.h"
#include "separation/CommandSeparator.h"
#include "separation/SeparatorFactory.h"
#include "separation/StemFolderSeparator.h"
#include "separation/TorchScriptSeparator.h"
#include "util/Error.h"
#include "util/Progress.h"

using namespace emotrace;
using namespace emotrace::test;
namespace fs = std::filesystem;

namespace {

constexpr int kRate = 44100;
constexpr double kSeconds = 3.0;
constexpr double kActiveFrom = 0.1; // s; every test source is silent outside [from, to),
constexpr double kActiveTo = 2.6;   // so a stem that is a little longer or shorter loses nothing

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

bool anyContains(const std::vector<std::string>& lines, const std::string& part)
{
    for (const auto& line : lines)
        if (contains(line, part)) return true;
    return false;
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines) text += line + " | ";
    return text;
}

/// Raised-cosine envelope: 0 outside [kActiveFrom, kActiveTo), 20 ms fades inside.
double envelope(double t)
{
    constexpr double fade = 0.02;
    if (t < kActiveFrom || t >= kActiveTo) return 0.0;
    const double edge = std::min(t - kActiveFrom, kActiveTo - t);
    return edge >= fade ? 1.0 : 0.5 - 0.5 * std::cos(std::numbers::pi * edge / fade);
}

/// A sum of sines (Hz, amplitude) under the envelope; channel c is scaled by gains[c].
AudioBuffer tones(int rate, const std::vector<double>& gains, const std::vector<std::pair<double, double>>& partials,
                  double seconds = kSeconds)
{
    AudioBuffer audio;
    audio.sampleRate = rate;
    audio.channels = int(gains.size());
    const auto frames = std::size_t(std::llround(seconds * rate));
    audio.samples.resize(frames * gains.size());
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = double(i) / rate;
        double v = 0;
        for (const auto& [f, a] : partials) v += a * std::sin(2 * std::numbers::pi * f * t);
        v *= envelope(t);
        for (std::size_t c = 0; c < gains.size(); ++c) audio.samples[i * gains.size() + c] = float(v * gains[c]);
    }
    return audio;
}

/// Decaying noise bursts every 0.5 s (a drum-like stem), stereo.
AudioBuffer drums(int rate = kRate, double seconds = kSeconds)
{
    AudioBuffer audio;
    audio.sampleRate = rate;
    audio.channels = 2;
    const auto frames = std::size_t(std::llround(seconds * rate));
    audio.samples.resize(frames * 2);
    std::mt19937 generator(7);
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = double(i) / rate;
        const double sinceHit = std::fmod(t - kActiveFrom, 0.5);
        const double level = 0.3 * std::exp(-sinceHit / 0.04) * envelope(t);
        audio.samples[2 * i] = float(level * noise(generator));
        audio.samples[2 * i + 1] = float(level * noise(generator));
    }
    return audio;
}

/// Four stereo sources at kRate: name -> buffer, in Demucs' file order.
std::vector<std::pair<std::string, AudioBuffer>> fourSources()
{
    return {{"drums", drums()},
            {"bass", tones(kRate, {0.9, 1.0}, {{82.41, 0.3}})},
            {"other", tones(kRate, {1.0, 0.7}, {{440.0, 0.1}, {660.0, 0.08}})},
            {"vocals", tones(kRate, {0.8, 0.8}, {{880.0, 0.15}, {1320.0, 0.05}})}};
}

AudioBuffer sumOf(const std::vector<AudioBuffer>& stems)
{
    AudioBuffer mix = stems.front();
    for (std::size_t s = 1; s < stems.size(); ++s)
        for (std::size_t i = 0; i < mix.samples.size(); ++i) mix.samples[i] += stems[s].samples[i];
    return mix;
}

/// Writes float WAV (bit-exact) or 24-bit FLAC, by extension; creates the folder.
void write(const fs::path& file, const AudioBuffer& audio)
{
    fs::create_directories(file.parent_path());
    const auto format = AudioEncoder::formatFor(file);
    AudioEncoder::write(file, audio, format, format == AudioEncoder::Format::Wav ? 32 : 24);
}

/// A fresh scratch folder for one test function.
fs::path scratch(const std::string& name)
{
    const fs::path dir = workDir("separation_backends") / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// max |mix - sum of stems| over all samples.
double sumError(const StemSet& stems, const AudioBuffer& mix)
{
    double worst = 0;
    for (std::size_t i = 0; i < mix.samples.size(); ++i) {
        double sum = 0;
        for (const auto& stem : stems.stems) sum += stem.samples[i];
        worst = std::max(worst, std::abs(sum - double(mix.samples[i])));
    }
    return worst;
}

double maxAbsDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::abs(double(a[i]) - b[i]));
    return worst;
}

double rms(const std::vector<float>& values)
{
    double energy = 0;
    for (float v : values) energy += double(v) * v;
    return values.empty() ? 0.0 : std::sqrt(energy / double(values.size()));
}

/// Every stem has the mix's shape, and they sum to it.
void checkShapeAndSum(const StemSet& stems, const AudioBuffer& mix, double tolerance = 1e-5)
{
    QCOMPARE(stems.names.size(), stems.stems.size());
    for (std::size_t s = 0; s < stems.size(); ++s) {
        QCOMPARE(stems.stems[s].sampleRate, mix.sampleRate);
        QCOMPARE(stems.stems[s].channels, mix.channels);
        QCOMPARE(stems.stems[s].frameCount(), mix.frameCount());
    }
    const double error = sumError(stems, mix);
    QVERIFY2(error <= tolerance, qPrintable(QStringLiteral("sum error %1").arg(error)));
}

/// The message of the Error that f throws ("" if none); Cancelled reports as "<cancelled>".
template <typename F> std::string errorOf(F&& f)
{
    try {
        f();
    } catch (const Cancelled&) {
        return "<cancelled>";
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

fs::path torchFixture(const std::string& name)
{
    return fs::path(EMOTRACE_TEST_WORK_DIR) / "torchscript_separator" / name;
}

} // namespace

class TestSeparationBackends : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- Resampler ------------------------------------------------------------------------

    void resamplerMapsChannels()
    {
        AudioBuffer mono{kRate, 1, {0.5f, -0.25f, 1.0f}};
        const AudioBuffer stereo = Resampler::convert(mono, kRate, 2);
        QCOMPARE(stereo.channels, 2);
        QCOMPARE(stereo.samples, (std::vector<float>{0.5f, 0.5f, -0.25f, -0.25f, 1.0f, 1.0f}));

        const AudioBuffer back = Resampler::convert(AudioBuffer{kRate, 2, {0.5f, 0.25f, -1.0f, 1.0f}}, kRate, 1);
        QCOMPARE(back.samples, (std::vector<float>{0.375f, 0.0f}));

        // 3 channels -> 2: the mean, duplicated.
        const AudioBuffer odd = Resampler::convert(AudioBuffer{kRate, 3, {0.3f, 0.6f, 0.9f}}, kRate, 2);
        QCOMPARE(odd.channels, 2);
        QCOMPARE(odd.samples[0], odd.samples[1]);
        QVERIFY(std::abs(odd.samples[0] - 0.6f) < 1e-7f);

        QVERIFY_THROWS_EXCEPTION(Error, Resampler::convert(AudioBuffer{kRate, 2, {0.1f, 0.2f, 0.3f}}, kRate, 2));
        QVERIFY_THROWS_EXCEPTION(Error, Resampler::convert(mono, 0, 2));
    }

    void resamplerConvertsRates()
    {
        const AudioBuffer low = tones(22050, {1.0, 0.5}, {{440.0, 0.5}});
        const AudioBuffer high = Resampler::convert(low, kRate, 2);
        QCOMPARE(high.sampleRate, kRate);
        QCOMPARE(high.channels, 2);
        QCOMPARE(high.frameCount(), std::int64_t(std::ceil(double(low.frameCount()) * 2.0)));
        const AudioBuffer expected = tones(kRate, {1.0, 0.5}, {{440.0, 0.5}});
        QVERIFY2(maxAbsDifference(high.samples, expected.samples) < 1e-3,
                 qPrintable(QString::number(maxAbsDifference(high.samples, expected.samples))));
        // Odd rate ratio, stereo -> mono: mean of the channels, resampled.
        const AudioBuffer mono = Resampler::convert(expected, 48000, 1);
        QCOMPARE(mono.channels, 1);
        QCOMPARE(mono.frameCount(), std::int64_t(std::ceil(double(expected.frameCount()) * 48000.0 / kRate)));
        const AudioBuffer reference = tones(48000, {0.75}, {{440.0, 0.5}});
        QVERIFY(maxAbsDifference(mono.samples, reference.samples) < 1e-3);
    }

    // --- StemFolderSeparator: layouts -----------------------------------------------------

    void demucsLayout()
    {
        const fs::path root = scratch("demucs");
        std::vector<AudioBuffer> buffers;
        for (const auto& [name, audio] : fourSources()) {
            write(root / "separated" / "htdemucs" / "song" / (name + ".wav"), audio);
            buffers.push_back(audio);
        }
        write(root / "song.wav", sumOf(buffers));
        const AudioBuffer mix = AudioDecoder::decode(root / "song.wav");
        const std::string song = (root / "song.wav").string();

        // The model folder, the folder above it, and the track folder itself all work.
        for (const fs::path& folder :
             {root / "separated" / "htdemucs", root / "separated", root / "separated" / "htdemucs" / "song"}) {
            StemFolderSeparator separator(folder);
            QCOMPARE(qs(separator.name()), qs("stems:" + folder.string()));
            const StemSet stems = separator.separate(mix, song);
            QCOMPARE(stems.names, (std::vector<std::string>{"vocals", "drums", "bass", "other"}));
            QCOMPARE(qs(stems.backend), qs(separator.name()));
            QVERIFY2(stems.warnings.empty(), qPrintable(qs(joined(stems.warnings))));
            checkShapeAndSum(stems, mix);
            // Exact sources: each stem is the file it came from (the tiny residual of the
            // float sum goes to the loudest stem).
            QVERIFY(maxAbsDifference(stems.stems[0].samples, buffers[3].samples) < 1e-6);
        }

        // Through the factory, with a progress callback.
        std::vector<int> percents;
        const auto separator = SeparatorFactory::create("stems:" + (root / "separated").string());
        const StemSet stems = separator->separate(
            mix, song, Progress([&](std::string_view stage, int p) { if (stage == "stems") percents.push_back(p); }, nullptr));
        QCOMPARE(stems.size(), std::size_t(4));
        QVERIFY(!percents.empty());
        QCOMPARE(percents.back(), 100);
    }

    void demucsSixStemsMp3()
    {
        // htdemucs_6s with --mp3: six stems, lossy, so a codec-noise residual.
        const fs::path root = scratch("demucs6");
        std::vector<AudioBuffer> buffers;
        auto sources = fourSources();
        sources.push_back({"guitar", tones(kRate, {1.0, 1.0}, {{330.0, 0.1}})});
        sources.push_back({"piano", tones(kRate, {1.0, 1.0}, {{523.25, 0.1}})});
        const fs::path track = root / "separated" / "htdemucs_6s" / "song";
        for (const auto& [name, audio] : sources) {
            const fs::path wav = root / (name + ".tmp.wav");
            write(wav, audio);
            fs::create_directories(track);
            const std::string command = "ffmpeg -v error -nostdin -y -i '" + wav.string() + "' -b:a 320k '" +
                                        (track / (name + ".mp3")).string() + "'";
            if (std::system(command.c_str()) != 0) QSKIP("ffmpeg cannot encode MP3 here");
            fs::remove(wav);
            buffers.push_back(audio);
        }
        write(root / "song.wav", sumOf(buffers));
        const AudioBuffer mix = AudioDecoder::decode(root / "song.wav");
        const StemSet stems = StemFolderSeparator(root / "separated").separate(mix, (root / "song.wav").string());
        QCOMPARE(stems.names,
                 (std::vector<std::string>{"vocals", "drums", "bass", "guitar", "piano", "other", "residual"}));
        QVERIFY(anyContains(stems.warnings, "residual"));
        checkShapeAndSum(stems, mix);
    }

    void spleeterFiveStemsInMusicFolder()
    {
        // A music folder holding the songs and Spleeter's per-song folders beside them:
        // the songs are not stems, <folder>/<track> wins.
        const fs::path root = scratch("spleeter");
        const auto sources = fourSources();
        std::vector<AudioBuffer> buffers;
        for (const auto& [name, audio] : sources) buffers.push_back(audio);
        buffers.push_back(tones(kRate, {1.0, 1.0}, {{523.25, 0.12}}));
        const std::vector<std::string> names = {"drums", "bass", "other", "vocals", "piano"};
        for (std::size_t s = 0; s < names.size(); ++s) write(root / "song" / (names[s] + ".wav"), buffers[s]);
        write(root / "song.wav", sumOf(buffers));
        write(root / "another song.wav", buffers[0]);
        const AudioBuffer mix = AudioDecoder::decode(root / "song.wav");
        const StemSet stems = StemFolderSeparator(root).separate(mix, (root / "song.wav").string());
        QCOMPARE(stems.names, (std::vector<std::string>{"vocals", "drums", "bass", "piano", "other"}));
        QVERIFY2(stems.warnings.empty(), qPrintable(qs(joined(stems.warnings))));
        checkShapeAndSum(stems, mix);
    }

    void twoStemsFlac()
    {
        // demucs --two-stems=vocals --flac: vocals + no_vocals, 24-bit FLAC.
        const fs::path root = scratch("twostems");
        const auto sources = fourSources();
        const AudioBuffer vocals = sources[3].second;
        const AudioBuffer rest = sumOf({sources[0].second, sources[1].second, sources[2].second});
        write(root / "htdemucs" / "song" / "vocals.flac", vocals);
        write(root / "htdemucs" / "song" / "no_vocals.flac", rest);
        const AudioBuffer mix = sumOf({rest, vocals});
        const StemSet stems = StemFolderSeparator(root / "htdemucs").separate(mix, "/music/song.mp3");
        QCOMPARE(stems.names, (std::vector<std::string>{"vocals", "no_vocals"}));
        QVERIFY2(stems.warnings.empty(), qPrintable(qs(joined(stems.warnings))));
        checkShapeAndSum(stems, mix);
        // 24-bit rounding only (half an LSB, 2^-24), folded into the loudest stem.
        QVERIFY(maxAbsDifference(stems.stems[0].samples, vocals.samples) < 1e-6);
    }

    void otherRatesAndChannels()
    {
        // Open-Unmix layout with stems at 22050 Hz (mono and stereo) and a mono 44.1 kHz
        // stem, for a 44.1 kHz stereo mix: every stem converted, with a warning each.
        const fs::path root = scratch("rates");
        const std::vector<std::pair<double, double>> vocalTones = {{880.0, 0.15}, {1320.0, 0.05}};
        const std::vector<std::pair<double, double>> bassTones = {{82.41, 0.3}};
        const std::vector<std::pair<double, double>> otherTones = {{440.0, 0.1}};
        write(root / "umx" / "song" / "vocals.wav", tones(22050, {1.0}, vocalTones));
        write(root / "umx" / "song" / "bass.wav", tones(22050, {0.9, 1.0}, bassTones));
        write(root / "umx" / "song" / "other.wav", tones(kRate, {1.0}, otherTones));
        const AudioBuffer vocals = tones(kRate, {1.0, 1.0}, vocalTones);
        const AudioBuffer bass = tones(kRate, {0.9, 1.0}, bassTones);
        const AudioBuffer other = tones(kRate, {1.0, 1.0}, otherTones);
        const AudioBuffer mix = sumOf({vocals, bass, other});

        const StemSet stems = StemFolderSeparator(root / "umx").separate(mix, "song.flac");
        QCOMPARE(stems.names, (std::vector<std::string>{"vocals", "bass", "other"}));
        checkShapeAndSum(stems, mix);
        QVERIFY2(anyContains(stems.warnings, "vocals.wav: 22050 Hz, 1 channel(s), converted"),
                 qPrintable(qs(joined(stems.warnings))));
        QVERIFY(anyContains(stems.warnings, "bass.wav: 22050 Hz, 2 channel(s)"));
        QVERIFY(anyContains(stems.warnings, "other.wav: 44100 Hz, 1 channel(s)"));
        QCOMPARE(stems.warnings.size(), std::size_t(3)); // no residual: the conversion is clean
        // The converted stems are the sources: band-limited sines survive soxr intact.
        QVERIFY2(maxAbsDifference(stems.stems[0].samples, vocals.samples) < 1e-3,
                 qPrintable(QString::number(maxAbsDifference(stems.stems[0].samples, vocals.samples))));
        // A mono stem is duplicated: both channels alike (it is not the loudest stem).
        const auto& voc = stems.stems[0].samples;
        for (std::size_t i = 0; i < voc.size(); i += 2) QCOMPARE(voc[i], voc[i + 1]);
    }

    void scaledStemsGetResidual()
    {
        // Demucs-like rescaling: every stem x 0.9, so 10 % of the mix (-20 dB) is missing.
        const fs::path root = scratch("scaled");
        std::vector<AudioBuffer> buffers;
        for (auto [name, audio] : fourSources()) {
            buffers.push_back(audio);
            for (float& v : audio.samples) v *= 0.9f;
            write(root / "song" / (name + ".wav"), audio);
        }
        const AudioBuffer mix = sumOf(buffers);
        const StemSet stems = StemFolderSeparator(root).separate(mix, "song.wav");
        QCOMPARE(stems.names, (std::vector<std::string>{"vocals", "drums", "bass", "other", "residual"}));
        QVERIFY2(anyContains(stems.warnings, "stem 'residual' at -20.0 dB relative to the mix"),
                 qPrintable(qs(joined(stems.warnings))));
        checkShapeAndSum(stems, mix);
        QVERIFY(std::abs(rms(stems.stems[4].samples) / rms(mix.samples) - 0.1) < 1e-4);
    }

    void lengthsAreAligned()
    {
        const fs::path root = scratch("lengths");
        auto sources = fourSources();
        std::vector<AudioBuffer> buffers;
        for (const auto& [name, audio] : sources) buffers.push_back(audio);
        const AudioBuffer mix = sumOf(buffers);
        // drums 5 ms longer (quietly trimmed), bass 50 ms shorter (padded, warned), other
        // 50 ms longer (trimmed, warned); the changed tails are silent.
        auto resized = [](AudioBuffer audio, double seconds) {
            audio.samples.resize(std::size_t(audio.frameCount() + std::llround(seconds * kRate)) * 2, 0.0f);
            return audio;
        };
        write(root / "song" / "drums.wav", resized(sources[0].second, 0.005));
        write(root / "song" / "bass.wav", resized(sources[1].second, -0.05));
        write(root / "song" / "other.wav", resized(sources[2].second, 0.05));
        write(root / "song" / "vocals.wav", sources[3].second);
        const StemSet stems = StemFolderSeparator(root).separate(mix, "song.wav");
        checkShapeAndSum(stems, mix);
        QCOMPARE(stems.warnings.size(), std::size_t(2));
        QVERIFY2(anyContains(stems.warnings, "bass.wav: 0.050 s shorter than the mix, zero-padded at the end"),
                 qPrintable(qs(joined(stems.warnings))));
        QVERIFY(anyContains(stems.warnings, "other.wav: 0.050 s longer than the mix, trimmed at the end"));
        QCOMPARE(stems.size(), std::size_t(4));
    }

    // --- StemFolderSeparator: errors ------------------------------------------------------

    void folderErrors()
    {
        const fs::path root = scratch("errors");
        const auto sources = fourSources();
        const AudioBuffer mix = sources[0].second;

        std::string message = errorOf([&] { StemFolderSeparator(root / "missing").separate(mix, "song.wav"); });
        QVERIFY2(contains(message, "missing: stem folder not found"), message.c_str());

        fs::create_directories(root / "empty" / "sub");
        message = errorOf([&] { StemFolderSeparator(root / "empty").separate(mix, "song.wav"); });
        QVERIFY2(contains(message, "no stems found for track 'song'"), message.c_str());
        QVERIFY2(contains(message, (root / "empty" / "song").string()), message.c_str());
        QVERIFY2(contains(message, (root / "empty" / "sub" / "song").string()), message.c_str());

        // A stem 5 s longer than the mix: another song's.
        write(root / "long" / "song" / "drums.wav", drums(kRate, kSeconds + 5.0));
        message = errorOf([&] { StemFolderSeparator(root / "long").separate(mix, "song.wav"); });
        QVERIFY2(contains(message, "drums.wav: 5.00 s longer than the mix"), message.c_str());

        // Two files for one stem name.
        write(root / "twice" / "song" / "vocals.wav", mix);
        write(root / "twice" / "song" / "vocals.flac", mix);
        message = errorOf([&] { StemFolderSeparator(root / "twice").separate(mix, "song.wav"); });
        QVERIFY2(contains(message, "stem 'vocals' found twice (vocals.flac, vocals.wav)"), message.c_str());

        // An unreadable stem: the decoder's message, naming the file.
        write(root / "broken" / "song" / "vocals.wav", mix);
        fs::create_directories(root / "broken" / "song");
        std::ofstream(root / "broken" / "song" / "bass.wav") << "not audio at all";
        message = errorOf([&] { StemFolderSeparator(root / "broken").separate(mix, "song.wav"); });
        QVERIFY2(contains(message, (root / "broken" / "song" / "bass.wav").string()), message.c_str());

        // Cancellation.
        std::atomic<bool> cancel{true};
        message = errorOf([&] { StemFolderSeparator(root / "twice" / "song").separate(mix, "x.wav", Progress({}, &cancel)); });
        QCOMPARE(qs(message), QStringLiteral("<cancelled>"));
    }

    // --- CommandSeparator ----------------------------------------------------------------

    void splitsArguments()
    {
        // a  'b c' "d \"e\" \\" f\ g {input}   (no raw string: moc misreads those)
        const std::string text = "a  'b c' \"d \\\"e\\\" \\\\\" f\\ g {input}";
        QCOMPARE(CommandSeparator::splitArguments(text),
                 (std::vector<std::string>{"a", "b c", "d \"e\" \\", "f g", "{input}"}));
        QVERIFY_THROWS_EXCEPTION(Error, CommandSeparator::splitArguments("a 'b"));
        QVERIFY_THROWS_EXCEPTION(Error, CommandSeparator("tool {input}", scratch("split")));
        QVERIFY_THROWS_EXCEPTION(Error, CommandSeparator("", scratch("split")));
        QCOMPARE(qs(CommandSeparator("demucs", scratch("split")).argumentTemplate().front()), QStringLiteral("demucs"));
    }

    void commandImportsAndCaches()
    {
        if (CommandSeparator::findProgram("ffmpeg").empty()) QSKIP("ffmpeg is not installed");
        const fs::path root = scratch("command");
        const auto sources = fourSources();
        const AudioBuffer mixSource = sumOf({sources[0].second, sources[1].second, sources[2].second, sources[3].second});
        write(root / "song.wav", mixSource);
        const AudioBuffer mix = AudioDecoder::decode(root / "song.wav");
        // Two halves by volume, straight into {output}, float so that they sum exactly.
        const std::string command =
            "ffmpeg -v error -nostdin -i {input} -filter_complex \"[0:a]asplit=2[a][b];[a]volume=0.5[x];[b]volume=0.5[y]\""
            " -map [x] -c:a pcm_f32le {output}/part_a.wav -map [y] -c:a pcm_f32le {output}/part_b.wav";
        CommandSeparator separator(command, root / "cache");
        QCOMPARE(qs(separator.name()), qs("command:" + command));

        std::vector<std::string> stages;
        const Progress progress([&](std::string_view stage, int) { stages.emplace_back(stage); }, nullptr);
        const StemSet first = separator.separate(mix, (root / "song.wav").string(), progress);
        QCOMPARE(first.names, (std::vector<std::string>{"part_a", "part_b"}));
        QCOMPARE(qs(first.backend), qs(separator.name()));
        QVERIFY2(first.warnings.empty(), qPrintable(qs(joined(first.warnings))));
        checkShapeAndSum(first, mix);
        QVERIFY(std::find(stages.begin(), stages.end(), "separate") != stages.end());

        const fs::path cache = separator.cacheFolder((root / "song.wav").string());
        QCOMPARE(cache.parent_path(), root / "cache");
        QVERIFY(fs::is_regular_file(cache / CommandSeparator::kMarkerFile));
        const auto written = fs::last_write_time(cache / "part_a.wav");

        // The second call imports the cache: nothing runs (no "separate" stage, files untouched).
        stages.clear();
        const StemSet second = separator.separate(mix, (root / "song.wav").string(), progress);
        QCOMPARE(second.names, first.names);
        QCOMPARE(second.stems[0].samples, first.stems[0].samples);
        QVERIFY(std::find(stages.begin(), stages.end(), "separate") == stages.end());
        QVERIFY(fs::last_write_time(cache / "part_a.wav") == written);
        // The cache is keyed by content: the same song under another name is not run again.
        fs::copy_file(root / "song.wav", root / "renamed.wav");
        stages.clear();
        const StemSet renamed = separator.separate(mix, (root / "renamed.wav").string(), progress);
        QCOMPARE(renamed.names, first.names);
        QVERIFY(std::find(stages.begin(), stages.end(), "separate") == stages.end());
        // No temporary folders left.
        for (const auto& entry : fs::directory_iterator(root / "cache"))
            QVERIFY2(!contains(entry.path().filename().string(), ".partial"), entry.path().c_str());
    }

    void commandErrors()
    {
        const fs::path root = scratch("command_errors");
        const AudioBuffer mix = fourSources()[1].second;
        write(root / "song.wav", mix);
        const std::string song = (root / "song.wav").string();

        std::string message = errorOf([&] {
            CommandSeparator("emotrace-no-such-separator {input} {output}", root / "cache").separate(mix, song);
        });
        QCOMPARE(qs(message), QStringLiteral("emotrace-no-such-separator: program not found on PATH (install it or "
                                             "choose another separator)"));

        // A preset whose tool is not installed (PATH pointed at an empty folder).
        const QByteArray path = qgetenv("PATH");
        fs::create_directories(root / "emptybin");
        qputenv("PATH", QByteArray::fromStdString((root / "emptybin").string()));
        message = errorOf([&] { CommandSeparator("demucs", root / "cache").separate(mix, song); });
        qputenv("PATH", path);
        QCOMPARE(qs(message), QStringLiteral("demucs: program not found on PATH (install it or choose another separator)"));

        if (CommandSeparator::findProgram("sh").empty()) QSKIP("no sh to run the failing command");
        // A failing command: its exit code and the last line of its stderr.
        message = errorOf([&] {
            CommandSeparator("sh -c \"echo loading >&2; echo 'separation failed: bad model' >&2; exit 3\" {input} {output}",
                             root / "cache")
                .separate(mix, song);
        });
        QCOMPARE(qs(message), QStringLiteral("sh: exited with code 3: separation failed: bad model"));
        // A command that succeeds but writes nothing.
        message = errorOf([&] { CommandSeparator("sh -c true {input} {output}", root / "cache").separate(mix, song); });
        QVERIFY2(contains(message, "no stems found"), message.c_str());
        // Neither left anything in the cache.
        QVERIFY(fs::is_empty(root / "cache"));

        // Not a file.
        message = errorOf([&] { CommandSeparator("sh -c true {input} {output}", root / "cache").separate(mix, ""); });
        QVERIFY2(contains(message, "needs the song's file"), message.c_str());
    }

    void commandCancelAndTimeout()
    {
        if (CommandSeparator::findProgram("sh").empty()) QSKIP("no sh");
        const fs::path root = scratch("command_cancel");
        const AudioBuffer mix = fourSources()[1].second;
        write(root / "song.wav", mix);
        const std::string song = (root / "song.wav").string();
        const std::string sleeper = "sh -c \"sleep 30\" {input} {output}";

        std::atomic<bool> cancel{false};
        std::thread raiser([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel = true;
        });
        const auto start = std::chrono::steady_clock::now();
        const std::string message =
            errorOf([&] { CommandSeparator(sleeper, root / "cache").separate(mix, song, Progress({}, &cancel)); });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        raiser.join();
        QCOMPARE(qs(message), QStringLiteral("<cancelled>"));
        QVERIFY2(seconds < 20, qPrintable(QString::number(seconds))); // a hang, not a speed check
        QVERIFY(fs::is_empty(root / "cache"));

        const auto timedStart = std::chrono::steady_clock::now();
        const std::string timeout = errorOf([&] {
            CommandSeparator(sleeper, root / "cache", std::chrono::milliseconds(400)).separate(mix, song);
        });
        const double timedSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - timedStart).count();
        QVERIFY2(contains(timeout, "sh: timed out after"), timeout.c_str());
        QVERIFY2(timedSeconds < 20, qPrintable(QString::number(timedSeconds))); // a hang, not a speed check
    }

    // --- TorchScriptSeparator ------------------------------------------------------------

    void torchScriptLowHigh()
    {
        const fs::path model = torchFixture("lowhigh.pt");
        if (!fs::exists(model)) QFAIL("fixture missing: run ctest (torchscript_separator_fixtures)");
        // 220 Hz in the low band, 5 kHz in the high band (the model's cut-off is 2 kHz).
        const AudioBuffer low = tones(kRate, {1.0, 0.6}, {{220.0, 0.4}});
        const AudioBuffer high = tones(kRate, {0.5, 1.0}, {{5000.0, 0.2}});
        const AudioBuffer mix = sumOf({low, high});

        TorchScriptSeparator separator(model);
        QCOMPARE(separator.sourceNames(), (std::vector<std::string>{"low", "high"}));
        QCOMPARE(separator.modelSampleRate(), 22050);
        QCOMPARE(qs(separator.name()), qs("model:" + model.string()));
        const StemSet stems = separator.separate(mix, "");
        QCOMPARE(stems.names, (std::vector<std::string>{"low", "high"}));
        QVERIFY2(anyContains(stems.warnings, "model's 22050 Hz"), qPrintable(qs(joined(stems.warnings))));
        checkShapeAndSum(stems, mix);
        // Each band landed in its stem (well inside the 63-tap filter's pass and stop bands).
        QVERIFY2(maxAbsDifference(stems.stems[0].samples, low.samples) < 0.01,
                 qPrintable(QString::number(maxAbsDifference(stems.stems[0].samples, low.samples))));
        QVERIFY(maxAbsDifference(stems.stems[1].samples, high.samples) < 0.01);

        // Small chunks (1 s with 0.25 s cross-fades over a 3 s song: four chunks) give the
        // same separation away from the filter's edge effects, and still sum to the mix.
        TorchScriptSeparator chunked(model, 1.0, 0.25);
        std::vector<int> percents;
        const StemSet pieces = chunked.separate(
            mix, "", Progress([&](std::string_view, int p) { percents.push_back(p); }, nullptr));
        QCOMPARE(pieces.names, stems.names);
        checkShapeAndSum(pieces, mix);
        QCOMPARE(percents, (std::vector<int>{0, 25, 50, 75, 100}));
        QVERIFY(maxAbsDifference(pieces.stems[0].samples, stems.stems[0].samples) < 0.01);

        // A full-band mix: what the 22050 Hz model cannot carry comes back as "residual".
        const StemSet noisy = separator.separate(drums(), "");
        QCOMPARE(noisy.names, (std::vector<std::string>{"low", "high", "residual"}));
        checkShapeAndSum(noisy, drums());
    }

    void torchScriptSidecarAndErrors()
    {
        const fs::path sidecar = torchFixture("sidecar.pt");
        if (!fs::exists(sidecar)) QFAIL("fixture missing: run ctest (torchscript_separator_fixtures)");
        // Metadata from sidecar.pt.json; output without the batch axis; a mono mix at 22050 Hz.
        const auto separator = SeparatorFactory::create("model:" + sidecar.string());
        const AudioBuffer mix = tones(22050, {1.0}, {{300.0, 0.3}, {6000.0, 0.1}});
        const StemSet stems = separator->separate(mix, "");
        QCOMPARE(stems.names, (std::vector<std::string>{"bass_part", "treble_part"}));
        QVERIFY2(stems.warnings.empty(), qPrintable(qs(joined(stems.warnings))));
        checkShapeAndSum(stems, mix);

        std::string message = errorOf([&] { TorchScriptSeparator{torchFixture("not_torchscript.pt")}; });
        QVERIFY2(contains(message, torchFixture("not_torchscript.pt").string() + ": not a TorchScript file"),
                 message.c_str());
        message = errorOf([&] { TorchScriptSeparator{torchFixture("no_such_model.pt")}; });
        QVERIFY2(contains(message, "model file not found"), message.c_str());
        message = errorOf([&] { TorchScriptSeparator(torchFixture("nan.pt")).separate(mix, ""); });
        QVERIFY2(contains(message, "nan.pt: model output contains NaN"), message.c_str());
        message = errorOf([&] { TorchScriptSeparator(torchFixture("wrongshape.pt")).separate(mix, ""); });
        QVERIFY2(contains(message, "wrongshape.pt: model output has shape [1, 2, 1, 110250], expected [1, S, 1, 220500]"),
                 message.c_str());
    }

    // --- SeparatorFactory -----------------------------------------------------------------

    void factory()
    {
        QCOMPARE(qs(SeparatorFactory::create("builtin")->name()), QStringLiteral("builtin"));
        QCOMPARE(qs(SeparatorFactory::create("stems:separated/htdemucs")->name()),
                 QStringLiteral("stems:separated/htdemucs"));
        QCOMPARE(qs(SeparatorFactory::create("command:demucs")->name()), QStringLiteral("command:demucs"));
        QCOMPARE(qs(SeparatorFactory::create("command:mysep -i {input} -o {output}")->name()),
                 QStringLiteral("command:mysep -i {input} -o {output}"));
        const std::string message = errorOf([] { SeparatorFactory::create("demucs"); });
        QVERIFY2(contains(message, "unknown separator 'demucs'"), message.c_str());
        QVERIFY2(contains(message, "stems:DIR") && contains(message, "model:FILE") && contains(message, "builtin"),
                 message.c_str());
        QVERIFY_THROWS_EXCEPTION(Error, SeparatorFactory::create("stems:"));
        QVERIFY_THROWS_EXCEPTION(Error, SeparatorFactory::create("model:"));
    }
};

QTEST_GUILESS_MAIN(TestSeparationBackends)
#include "tst_separation_backends.moc"
