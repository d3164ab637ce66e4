// emotrace-bench: prints the speed figures quoted in the README (not a test; nothing
// asserts on time). Usage: emotrace-bench [--threads N] [--runs N] [--long-minutes N]
//   - model: time per 40-s window (1252 frames) for the paper-width model (base 128)
//   - front end: spectrogram of 40 s of audio
//   - decode: a 4-minute MP3 (made with ffmpeg on the fly) to float, then mono 22050 Hz
//   - separate: that song with the learned and the built-in separator
//   - --long-minutes N: peak memory of separating an N-minute song with the learned one

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include <sys/resource.h>

#include <torch/torch.h>

#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "lab/Composer.h"
#include "lab/PartRenderer.h"
#include "lab/ScoreLabeler.h"
#include "lab/SoundfontCatalog.h"
#include "dsp/LogSpectrogramFrontEnd.h"
#include "explain/SongExplainer.h"
#include "model/FoldedResNet.h"
#include "model/BatchPredictor.h"
#include "model/ModelPackage.h"
#include "model/TorchRuntime.h"
#include "separation/BuiltinSeparator.h"
#include "separation/LearnedSeparator.h"
#include "separation/SeparatorPackage.h"

using namespace emotrace;

namespace {

/// The process's peak resident set so far, MiB.
double peakResidentMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

struct Timing {
    double min, median, max;
};

Timing measure(int runs, const std::function<void()>& work)
{
    work(); // warm-up
    std::vector<double> seconds;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return {seconds.front(), seconds[seconds.size() / 2], seconds.back()};
}

void print(const char* what, const Timing& t, const char* unit = "s")
{
    std::printf("%-48s median %8.4f %s   (min %.4f, max %.4f)\n", what, t.median, unit, t.min, t.max);
}

} // namespace

int main(int argc, char** argv)
{
    int threads = 0, runs = 5;
    double longMinutes = 0.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--long-minutes")) longMinutes = std::max(0.0, std::atof(argv[i + 1]));
    }
    const int used = configureTorchThreads(threads);
    std::printf("emotrace-bench: libtorch %s, %d thread(s), %d runs after one warm-up\n", TORCH_VERSION, used, runs);

    // Model: one 40-s window through the paper-width network.
    {
        LoadedModel model = ModelPackage::untrained(128, 1);
        BatchPredictor predictor(model.network, 1);
        const auto window = torch::rand({1, 1, 149, 1252}) * 2.0;
        print("model, paper width, one 40-s window", measure(runs, [&] { predictor.forward(window); }));
        const FoldedResNet dense(model.network, FoldedResNet::Backend::Dense);
        print("model, paper width, 40-s window, dense backend", measure(runs, [&] { dense.forward(window); }));
        for (int size : {2, 4}) {
            const auto batch = torch::rand({size, 1, 149, 1252}) * 2.0;
            const Timing t = measure(std::max(1, runs / 2), [&] { predictor.forward(batch); });
            const std::string label = "model, paper width, per window in a batch of " + std::to_string(size);
            print(label.c_str(), {t.min / size, t.median / size, t.max / size});
        }
    }

    // Level two: the paper's exhaustive audioLIME over 5 stems (32 mixes) of a 40-s window,
    // paper-width model; stems given (separation is timed separately by the caller).
    {
        StemSet stems;
        stems.backend = "bench";
        const std::int64_t n = 40 * 44100;
        std::srand(2);
        for (int s = 0; s < 5; ++s) {
            AudioBuffer b;
            b.sampleRate = 44100;
            b.channels = 2;
            b.samples.resize(std::size_t(2 * n));
            for (std::int64_t i = 0; i < n; ++i)
                b.samples[std::size_t(2 * i)] = b.samples[std::size_t(2 * i + 1)] =
                    float(0.1 * std::sin(2 * std::numbers::pi * (110.0 * (s + 1)) * double(i) / 44100.0) + 0.02 * (std::rand() / double(RAND_MAX) - 0.5));
            stems.names.push_back("stem" + std::to_string(s));
            stems.stems.push_back(std::move(b));
        }
        AudioBuffer mix = stems.stems[0];
        for (int s = 1; s < 5; ++s)
            for (std::size_t i = 0; i < mix.samples.size(); ++i) mix.samples[i] += stems.stems[std::size_t(s)].samples[i];
        SongExplainer explainer(ModelPackage::untrained(128, 1), SongExplainer::Settings{});
        print("explain: 5 stems x 40 s, 32 mixes, paper width",
              measure(std::max(1, runs / 2), [&] { explainer.explainStems(mix, stems, SongInfo{"bench", 0, "", 0, 0, 0}); }));
    }

    // Front end: 40 s of a chord with noise.
    {
        std::vector<float> audio(882000);
        std::srand(1);
        for (std::size_t i = 0; i < audio.size(); ++i)
            audio[i] = float(0.3 * std::sin(2 * std::numbers::pi * 220.0 * double(i) / 22050.0) + 0.05 * (std::rand() / double(RAND_MAX) - 0.5));
        const LogSpectrogramFrontEnd frontEnd;
        print("front end, spectrogram of 40 s", measure(runs, [&] { frontEnd.compute(audio); }));
    }

    // Music lab: rendering a 30-s, five-part song with FluidR3 (FluidSynth on one core).
    {
        ComposerControls controls;
        controls.style = Style::Film;
        controls.durationSeconds = 30.0;
        const Score score = Composer::compose(controls, 1);
        PartRenderer renderer(SoundfontCatalog().resolve("fluidr3"));
        double seconds = 0.0;
        const Timing t = measure(runs, [&] { seconds = renderer.render(score).frameCount() / 44100.0; });
        print("lab: render a 30-s film score (FluidR3, 1 core)", t);
        std::printf("    = %.0fx real time (median), %zu parts\n", seconds / t.median, score.parts.size());
    }

    // Music lab: symbolic labels (ScoreLabeler) of a 60-s composed score (the composer's
    // longest), and of ten copies of it end to end (600 s; the labeller's cost is
    // documented as O(N log N) in notes). The figure tst_lab_symbolic only prints.
    {
        ComposerControls controls;
        controls.style = Style::Dance;
        controls.durationSeconds = 60.0;
        const Score minute = Composer::compose(controls, 3);
        Score tenMinutes = minute;
        for (int copy = 1; copy < 10; ++copy)
            for (std::size_t p = 0; p < minute.parts.size(); ++p)
                for (Note note : minute.parts[p].notes) {
                    note.onset += copy * minute.durationSeconds;
                    tenMinutes.parts[p].notes.push_back(note);
                }
        tenMinutes.durationSeconds = 10 * minute.durationSeconds;
        for (const Score* score : {&minute, static_cast<const Score*>(&tenMinutes)}) {
            std::size_t notes = 0;
            for (const auto& part : score->parts) notes += part.notes.size();
            const Timing t = measure(runs, [&] { ScoreLabeler::label(*score); });
            const std::string label = "lab: label a " + std::to_string(int(std::lround(score->durationSeconds))) + "-s dance score";
            print(label.c_str(), {t.min * 1e3, t.median * 1e3, t.max * 1e3}, "ms");
            std::printf("    (%zu notes, %zu parts)\n", notes, score->parts.size());
        }
    }

    // Decode: a 4-minute stereo MP3 at 44.1 kHz.
    {
        const auto dir = std::filesystem::temp_directory_path() / "emotrace-bench";
        std::filesystem::create_directories(dir);
        const auto mp3 = dir / "four-minutes.mp3";
        if (!std::filesystem::exists(mp3)) {
            const std::string command = "ffmpeg -v error -y -f lavfi -i \"sine=frequency=220:duration=240:sample_rate=44100\" "
                                        "-f lavfi -i \"anoisesrc=duration=240:sample_rate=44100:amplitude=0.1\" "
                                        "-filter_complex amix=inputs=2,aformat=channel_layouts=stereo -c:a libmp3lame -b:a 192k \""
                                        + mp3.string() + "\"";
            if (std::system(command.c_str()) != 0) {
                std::fprintf(stderr, "emotrace-bench: ffmpeg could not make the MP3\n");
                return 1;
            }
        }
        AudioBuffer audio;
        print("decode 4-min MP3 (44.1 kHz stereo, 192 kb/s)", measure(runs, [&] { audio = AudioDecoder::decode(mp3); }));
        print("mono 22050 Hz of the 4-min song", measure(runs, [&] { MonoResampler::toMono(audio, 22050); }));
        std::printf("(decoded %.1f s, %d Hz, %d channels)\n", audio.durationSeconds(), audio.sampleRate, audio.channels);

        // Separation of the 4-minute stereo song: the shipped learned separator (issue 11's
        // target: at least 10x real time on 2 cores) and the classical one.
        if (!SeparatorPackage::defaultFolder().empty()) {
            LearnedSeparator learned = LearnedSeparator::fromFolder(SeparatorPackage::defaultFolder(), "learned");
            const Timing t = measure(runs, [&] { learned.separate(audio, ""); });
            print("separate 4-min stereo song, learned (5 stems)", t);
            std::printf("    = %.1fx real time (median)\n", audio.durationSeconds() / t.median);
        }
        BuiltinSeparator builtin;
        const Timing b = measure(runs, [&] { builtin.separate(audio, ""); });
        print("separate 4-min stereo song, builtin (4 stems)", b);
        std::printf("    = %.1fx real time (median)\n", audio.durationSeconds() / b.median);
    }

    // Peak memory of separating a long song (--long-minutes N, default off): N minutes of
    // stereo 44.1 kHz noise and tones, separated once; prints the process's peak resident
    // set (getrusage) before and after. The stems themselves are 5 x the input's size.
    if (longMinutes > 0 && !SeparatorPackage::defaultFolder().empty()) {
        AudioBuffer song{44100, 2, {}};
        const auto frames = std::int64_t(longMinutes * 60.0 * 44100);
        song.samples.resize(std::size_t(2 * frames));
        std::uint32_t state = 1;
        for (std::int64_t i = 0; i < frames; ++i) {
            state = state * 1664525u + 1013904223u;
            const float noise = float(state >> 8) / float(1u << 24) - 0.5f;
            const float tone = 0.3f * float(std::sin(2.0 * std::numbers::pi * 220.0 * double(i) / 44100.0));
            song.samples[std::size_t(2 * i)] = tone + 0.1f * noise;
            song.samples[std::size_t(2 * i + 1)] = tone - 0.1f * noise;
        }
        const double before = peakResidentMiB();
        LearnedSeparator learned = LearnedSeparator::fromFolder(SeparatorPackage::defaultFolder(), "learned");
        const auto start = std::chrono::steady_clock::now();
        const StemSet stems = learned.separate(song, "");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("separate a %.0f-min stereo song, learned: %.1f s (%.1fx real time); peak RSS %.0f MiB before, %.0f MiB "
                    "after (input %.0f MiB, stems %.0f MiB)\n",
                    longMinutes, seconds, longMinutes * 60.0 / seconds, before, peakResidentMiB(),
                    double(song.samples.size()) * 4 / 1048576.0, double(song.samples.size()) * 4 * double(stems.size()) / 1048576.0);
    }
    return 0;
}
