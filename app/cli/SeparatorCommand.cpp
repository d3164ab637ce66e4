#include "cli/SeparatorCommand.h"

#include <QCommandLineParser>
#include <QTextStream>

#include "audio/AudioDecoder.h"
#include "audio/AudioEncoder.h"
#include "cli/CliSupport.h"
#include "model/TorchRuntime.h"
#include "separation/SeparatorFactory.h"
#include "separation/StemWriter.h"
#include "separation/SeparatorPackage.h"
#include "train/SeparatorTrainer.h"
#include "train/StemCorpus.h"
#include "util/Error.h"
#include "util/OutputPath.h"
#include "vocab/Stem.h"

namespace emotrace::cli {

namespace {

int info(const QStringList& positional)
{
    const std::filesystem::path folder =
        positional.size() > 1 ? std::filesystem::path(bytes(positional.at(1))) : SeparatorPackage::defaultFolder();
    if (folder.empty()) return fail(QString("no separator package given and the shipped one (") + SeparatorPackage::kDefaultName +
                                    ") is not installed");
    const LoadedSeparator s = SeparatorPackage::load(folder);
    const auto& c = s.network->config();
    std::int64_t parameters = 0;
    for (const auto& p : s.network->parameters()) parameters += p.numel();
    QTextStream out(stdout);
    out << fromBytes(s.name + " " + s.version) << (s.trained ? "" : "  [UNTRAINED]") << "\n"
        << "  folder     " << fromBytes(folder.string()) << "\n"
        << "  stems      ";
    for (const auto& stem : c.stems) out << fromBytes(stem) << " ";
    out << "\n  network    mask estimator: STFT " << c.fftSize << "/" << c.hopSize << " at " << c.sampleRate << " Hz, hidden "
        << c.hidden << ", " << c.recurrentLayers << " BiLSTM layers, " << parameters << " parameters\n"
        << "  training   " << fromBytes(s.training.dump()) << "\n"
        << "  metrics    " << fromBytes(s.metrics.dump()) << "\n";
    return 0;
}

} // namespace

int separatorCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("The learned separator: 'separator train' trains one on music-lab songs with stems "
                                     "(lab render writes them); 'separator info [DIR]' describes a package.");
    parser.addHelpOption();
    parser.addPositionalArgument("ACTION", "train or info [DIR]");
    parser.addOption({"corpus", "A lab song folder, or a folder of them (repeatable).", "DIR"});
    parser.addOption({"out", "Package folder to write (the best state by validation loss).", "DIR"});
    parser.addOption({"steps", "Optimiser steps (default 1000).", "N"});
    parser.addOption({"batch", "Excerpts per step (default 8).", "N"});
    parser.addOption({"segment", "Excerpt length in seconds (default 3).", "S"});
    parser.addOption({"lr", "Adam learning rate (default 0.001).", "RATE"});
    parser.addOption({"seed", "Seed for the initial weights, the split and the augmentation (default 1).", "S"});
    parser.addOption({"hidden", "Network width (default 128).", "N"});
    parser.addOption({"layers", "BiLSTM layers (default 2).", "N"});
    parser.addOption({"validate-every", "Steps between validations (default 100).", "N"});
    parser.addOption({"init", "Start from this separator package (fine-tuning).", "DIR"});
    parser.addOption({"name", "Package name (default emotrace-sep-v1).", "NAME"});
    parser.addOption({"threads", "Threads for libtorch (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) return usage(parser, "separator needs an action: train or info");
    try {
        if (positional.first() == "info") return info(positional);
        if (positional.first() != "train") return usage(parser, "unknown separator action '" + positional.first() + "'");
        if (!parser.isSet("corpus")) return usage(parser, "separator train needs --corpus DIR");
        if (!parser.isSet("out")) return usage(parser, "separator train needs --out DIR");
        SeparatorTrainer::Settings settings;
        QString error;
        std::int64_t hidden = settings.network.hidden, layers = settings.network.recurrentLayers;
        std::int64_t seed = 1;
        if (!integerIn(parser, "steps", 1, 10000000, settings.steps, error) ||
            !integerIn(parser, "batch", 1, 256, settings.batch, error) ||
            !integerIn(parser, "validate-every", 1, 10000000, settings.validateEvery, error) ||
            !integerIn(parser, "hidden", 8, 2048, hidden, error) || !integerIn(parser, "layers", 1, 6, layers, error) ||
            !integerIn(parser, "seed", 0, std::numeric_limits<std::int32_t>::max(), seed, error) ||
            !positiveNumber(parser, "segment", settings.segmentSeconds, error, 30.0) ||
            !positiveNumber(parser, "lr", settings.learningRate, error, 1.0))
            return usage(parser, error);
        settings.network.hidden = int(hidden);
        settings.network.recurrentLayers = int(layers);
        settings.seed = std::uint64_t(seed);
        if (parser.isSet("init")) settings.init = bytes(parser.value("init"));
        if (parser.isSet("name")) settings.name = bytes(parser.value("name"));
        settings.network.validate("separator train");
        const int threads = threadsOption(parser);
        if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
        configureTorchThreads(threads);

        std::vector<std::filesystem::path> folders;
        for (const QString& folder : parser.values("corpus")) folders.emplace_back(bytes(folder));
        QTextStream out(stdout);
        const auto stems = settings.init.empty() ? settings.network.stems : SeparatorPackage::load(settings.init).network->config().stems;
        const StemCorpus corpus(folders, stems, settings.network.sampleRate);
        out << "corpus: " << corpus.size() << " songs, " << QString::number(corpus.seconds() / 60.0, 'f', 1) << " min\n";
        out.flush();
        const auto result = SeparatorTrainer::train(corpus, settings, bytes(parser.value("out")),
                                                    [&](const SeparatorTrainer::StepRecord& r) {
                                                        out << QString::asprintf("step %6lld  train %7.2f dB  validation %7.2f dB  %.2f s/step\n",
                                                                                 (long long)r.step, r.trainLoss, r.validationLoss,
                                                                                 r.secondsPerStep);
                                                        out.flush();
                                                    });
        out << QString::asprintf("best validation %.2f dB at step %lld (%zu training songs, %zu validation songs); package in %s\n",
                                 result.bestValidationLoss, (long long)result.bestStep, result.trainSongs, result.validationSongs,
                                 parser.value("out").toUtf8().constData());
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

int separateCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Separate a song into stems (vocals, drums, bass, piano, other with the learned "
                                     "separator) and write one audio file per stem; the stems sum to the song.");
    parser.addHelpOption();
    parser.addPositionalArgument("SONG", "Audio or video file (anything FFmpeg reads).");
    parser.addOption({"out", "Folder for the stems (<stem>.wav or .flac, 24-bit).", "DIR"});
    parser.addOption({"separator", "learned, learned:DIR, builtin, stems:DIR, command:NAME or model:FILE (default: the shipped "
                                   "learned one where its card recommends it, else builtin).", "SPEC", fromBytes(SeparatorFactory::defaultSpec())});
    parser.addOption({"format", "wav or flac (default wav).", "FORMAT", "wav"});
    parser.addOption({"threads", "Threads for libtorch (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) return usage(parser, "separate takes one song");
    if (!parser.isSet("out")) return usage(parser, "separate needs --out DIR");
    const QString format = parser.value("format");
    if (format != "wav" && format != "flac") return usage(parser, "--format must be wav or flac");
    const int threads = threadsOption(parser);
    if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
    configureTorchThreads(threads);
    try {
        const std::filesystem::path song = bytes(parser.positionalArguments().first());
        const std::filesystem::path folder = bytes(parser.value("out"));
        const std::string extension = format == "flac" ? ".flac" : ".wav";
        // Refused before the work: every name a stem may get (checked again below for
        // separators with names of their own).
        for (const Stem stem : allStems()) OutputPath::check(folder / (std::string(stemName(stem)) + extension), {song});
        auto separator = SeparatorFactory::create(bytes(parser.value("separator")));
        const AudioBuffer mix = AudioDecoder::decode(song);
        QTextStream err(stderr);
        const StemSet stems = separator->separate(mix, song.string(), Progress([&](std::string_view stage, int percent) {
                                                      err << "\r" << QString::fromUtf8(stage.data(), int(stage.size())) << " "
                                                          << percent << " %";
                                                      err.flush();
                                                  }, nullptr));
        err << "\n";
        // Never write over the song itself or over something that is not a regular file.
        for (const auto& name : stems.names) OutputPath::check(folder / (name + extension), {song});
        const auto written = StemWriter::writeAll(stems, folder, "", format == "flac" ? AudioEncoder::Format::Flac : AudioEncoder::Format::Wav);
        QTextStream out(stdout);
        out << fromBytes(stems.backend) << ":";
        for (const auto& file : written) out << " " << fromBytes(file.filename().string());
        out << "  (" << fromBytes(folder.string()) << ")\n";
        for (const auto& warning : stems.warnings) out << "warning: " << fromBytes(warning) << "\n";
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

} // namespace emotrace::cli
