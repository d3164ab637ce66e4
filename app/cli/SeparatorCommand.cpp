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

namespace emotrace::cli {

namespace {

/// Reads integer option `name` in [low, high] into value when set; false with a message otherwise.
bool integerIn(const QCommandLineParser& parser, const QString& name, long long low, long long high, std::int64_t& value,
               QString& error)
{
    if (!parser.isSet(name)) return true;
    bool ok = false;
    const long long v = parser.value(name).toLongLong(&ok);
    if (!ok || v < low || v > high) {
        error = "--" + name + " needs an integer in " + QString::number(low) + ".." + QString::number(high);
        return false;
    }
    value = v;
    return true;
}

int info(const QStringList& positional)
{
    const std::filesystem::path folder =
        positional.size() > 1 ? std::filesystem::path(positional.at(1).toStdString()) : SeparatorPackage::defaultFolder();
    if (folder.empty()) return fail(QString("no separator package given and the shipped one (") + SeparatorPackage::kDefaultName +
                                    ") is not installed");
    const LoadedSeparator s = SeparatorPackage::load(folder);
    const auto& c = s.network->config();
    std::int64_t parameters = 0;
    for (const auto& p : s.network->parameters()) parameters += p.numel();
    QTextStream out(stdout);
    out << QString::fromStdString(s.name + " " + s.version) << (s.trained ? "" : "  [UNTRAINED]") << "\n"
        << "  folder     " << QString::fromStdString(folder.string()) << "\n"
        << "  stems      ";
    for (const auto& stem : c.stems) out << QString::fromStdString(stem) << " ";
    out << "\n  network    mask estimator: STFT " << c.fftSize << "/" << c.hopSize << " at " << c.sampleRate << " Hz, hidden "
        << c.hidden << ", " << c.recurrentLayers << " BiLSTM layers, " << parameters << " parameters\n"
        << "  training   " << QString::fromStdString(s.training.dump()) << "\n"
        << "  metrics    " << QString::fromStdString(s.metrics.dump()) << "\n";
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
            !positiveNumber(parser, "segment", settings.segmentSeconds, error) ||
            !positiveNumber(parser, "lr", settings.learningRate, error))
            return usage(parser, error);
        settings.network.hidden = int(hidden);
        settings.network.recurrentLayers = int(layers);
        settings.seed = std::uint64_t(seed);
        if (parser.isSet("init")) settings.init = parser.value("init").toStdString();
        if (parser.isSet("name")) settings.name = parser.value("name").toStdString();
        settings.network.validate("separator train");
        const int threads = threadsOption(parser);
        if (threads < 0) return usage(parser, "--threads needs a positive integer");
        configureTorchThreads(threads);

        std::vector<std::filesystem::path> folders;
        for (const QString& folder : parser.values("corpus")) folders.emplace_back(folder.toStdString());
        QTextStream out(stdout);
        const auto stems = settings.init.empty() ? settings.network.stems : SeparatorPackage::load(settings.init).network->config().stems;
        const StemCorpus corpus(folders, stems, settings.network.sampleRate);
        out << "corpus: " << corpus.size() << " songs, " << QString::number(corpus.seconds() / 60.0, 'f', 1) << " min\n";
        out.flush();
        const auto result = SeparatorTrainer::train(corpus, settings, parser.value("out").toStdString(),
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
        return fail(QString::fromStdString(e.what()));
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
                                   "learned one where its card recommends it, else builtin).", "SPEC", QString::fromStdString(SeparatorFactory::defaultSpec())});
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
    if (threads < 0) return usage(parser, "--threads needs a positive integer");
    configureTorchThreads(threads);
    try {
        const std::filesystem::path song = parser.positionalArguments().first().toStdString();
        const std::filesystem::path folder = parser.value("out").toStdString();
        auto separator = SeparatorFactory::create(parser.value("separator").toStdString());
        const AudioBuffer mix = AudioDecoder::decode(song);
        QTextStream err(stderr);
        const StemSet stems = separator->separate(mix, song.string(), Progress([&](std::string_view stage, int percent) {
                                                      err << "\r" << QString::fromUtf8(stage.data(), int(stage.size())) << " "
                                                          << percent << " %";
                                                      err.flush();
                                                  }, nullptr));
        err << "\n";
        // Never write over the song itself or over something that is not a regular file.
        const std::string extension = format == "flac" ? ".flac" : ".wav";
        for (const auto& name : stems.names) {
            const auto target = folder / (name + extension);
            std::error_code ec;
            if (std::filesystem::exists(target, ec) && !std::filesystem::is_regular_file(target, ec))
                return fail(QString::fromStdString(target.string() + ": exists and is not a regular file; not replaced"));
            if (std::filesystem::exists(target, ec) && std::filesystem::equivalent(target, song, ec))
                return fail(QString::fromStdString(target.string() + ": is the input song; choose another --out folder"));
        }
        const auto written = StemWriter::writeAll(stems, folder, "", format == "flac" ? AudioEncoder::Format::Flac : AudioEncoder::Format::Wav);
        QTextStream out(stdout);
        out << QString::fromStdString(stems.backend) << ":";
        for (const auto& file : written) out << " " << QString::fromStdString(file.filename().string());
        out << "  (" << QString::fromStdString(folder.string()) << ")\n";
        for (const auto& warning : stems.warnings) out << "warning: " << QString::fromStdString(warning) << "\n";
        return 0;
    } catch (const Error& e) {
        return fail(QString::fromStdString(e.what()));
    }
}

} // namespace emotrace::cli
