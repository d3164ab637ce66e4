#include "cli/TrainCommand.h"
#include "cli/CliSupport.h"

#include <atomic>
#include <csignal>

#include <QCommandLineParser>
#include <QTextStream>

#include "model/ModelPackage.h"
#include "model/TorchRuntime.h"
#include "train/JointTrainer.h"
#include "train/ModelEvaluator.h"
#include "train/SpectrogramCache.h"
#include "train/TrainingConfig.h"
#include "train/TrainingSet.h"
#include "util/AtomicFile.h"
#include "util/OutputPath.h"
#include "util/Error.h"

namespace emotrace::cli {

namespace {

std::atomic<bool> g_interrupted{false};

/// Ctrl-C stops training between batches; the last finished epoch stays resumable.
void onInterrupt(int)
{
    g_interrupted.store(true);
}

} // namespace

int trainCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Train the model jointly on mid-level features and emotions (L = L_m + L_e) over the data "
                                     "sources a JSON config lists; writes the best model package to the config's \"out\" folder "
                                     "and the last epoch (with optimizer state, for --resume) to <out>/last.");
    parser.addHelpOption();
    parser.addOption({"config", "Training config (JSON; see core/train/TrainingConfig.h).", "FILE"});
    parser.addOption({"resume", "Continue from <out>/last after an interruption."});
    parser.addOption({"threads", "Threads for libtorch (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) return usage(parser, "train takes no positional arguments");
    if (!parser.isSet("config")) return usage(parser, "train needs --config FILE");
    const int threads = threadsOption(parser);
    if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
    QTextStream out(stdout);
    try {
        configureTorchThreads(threads);
        const TrainingConfig config = TrainingConfig::load(bytes(parser.value("config")));
        TrainingSet data = TrainingSet::load(config);
        out << "training " << data.split.training.size() << " items, validating on " << data.split.validation.size()
            << ", testing on " << data.split.test.size() << "\n";
        out.flush();
        JointTrainer trainer(config, std::move(data));
        g_interrupted.store(false);
        std::signal(SIGINT, onInterrupt);
        // Decoding a large data set the first time takes minutes: say how far it got.
        int lastTenth = -1;
        const Progress progress(
            [&](std::string_view stage, int percent) {
                if (stage != "spectrogram" || percent / 10 == lastTenth) return;
                lastTenth = percent / 10;
                out << "spectrograms " << percent << "%\n";
                out.flush();
            },
            &g_interrupted);
        const TrainingOutcome outcome = trainer.train(parser.isSet("resume"),
                                                      [&](const EpochRecord& record) {
                                                          out << fromBytes(record.line(config.epochs)) << "\n";
                                                          out.flush();
                                                      },
                                                      progress);
        std::signal(SIGINT, SIG_DFL);
        if (outcome.stoppedEarly) out << "stopped early: no improvement for " << config.patience << " epochs\n";
        out << "best epoch " << outcome.bestEpoch << ", loss " << outcome.bestLoss << ": model package in "
            << fromBytes(config.out.string()) << "\n";
        if (outcome.bestReport) out << "validation split:\n" << fromBytes(outcome.bestReport->table());
        if (outcome.testReport) out << "test split (held out):\n" << fromBytes(outcome.testReport->table());
        return 0;
    } catch (const Cancelled&) {
        std::signal(SIGINT, SIG_DFL);
        return fail("training interrupted; continue with --resume");
    } catch (const Error& e) {
        std::signal(SIGINT, SIG_DFL);
        return fail(fromBytes(e.what()));
    } catch (const std::exception& e) {
        std::signal(SIGINT, SIG_DFL);
        return fail(QString("internal error: ") + e.what());
    }
}

int evaluateCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Evaluate a model package on the test split of a training config (the lab hold-out "
                                     "rule; the validation split when there is none): Pearson r and RMSE per mid-level "
                                     "feature and emotion, on whole songs.");
    parser.addHelpOption();
    parser.addOption({"model", "Model package folder.", "DIR"});
    parser.addOption({"config", "Training config (JSON) whose test split is evaluated.", "FILE"});
    parser.addOption({"json", "Also write the report as JSON to FILE.", "FILE"});
    parser.addOption({"threads", "Threads for libtorch (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) return usage(parser, "evaluate takes no positional arguments");
    if (!parser.isSet("model") || !parser.isSet("config")) return usage(parser, "evaluate needs --model DIR and --config FILE");
    const int threads = threadsOption(parser);
    if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
    try {
        if (parser.isSet("json"))
            OutputPath::check(bytes(parser.value("json")), {bytes(parser.value("config"))});
        configureTorchThreads(threads);
        const TrainingConfig config = TrainingConfig::load(bytes(parser.value("config")));
        const TrainingSet data = TrainingSet::load(config);
        const auto& held = data.split.test.empty() ? data.split.validation : data.split.test;
        if (held.empty())
            return fail(fromBytes(bytes(parser.value("config")) + ": the config holds out no songs to evaluate on"));
        LoadedModel model = ModelPackage::load(bytes(parser.value("model")));
        SpectrogramCache cache(config.cache, model.info.frontEnd);
        const EvaluationReport report =
            ModelEvaluator::evaluate(model.network, data.items, held, cache, model.info.inputFrames);
        if (parser.isSet("json")) {
            AtomicFile::writeJson(bytes(parser.value("json")), report.toJson());
        }
        QTextStream(stdout) << fromBytes(report.table());
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

} // namespace emotrace::cli
