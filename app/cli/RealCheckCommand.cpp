#include "cli/RealCheckCommand.h"
#include "cli/CliSupport.h"

#include <QCommandLineParser>
#include <QTextStream>

#include "evaluation/RealRecordingsCheck.h"
#include "model/ModelPackage.h"
#include "model/TorchRuntime.h"
#include "util/AtomicFile.h"
#include "util/OutputPath.h"
#include "util/Error.h"

namespace emotrace::cli {

int realcheckCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("The real-recordings check: run the model over the recordings of a manifest's split and "
                                     "relate its predictions to proxies measured from the audio (tempo, percussive share, "
                                     "mode) and to style groups; print spreads, Spearman rho with bootstrap intervals, AUCs "
                                     "and issue 10's targets (resources/realcheck/README.md).");
    parser.addHelpOption();
    parser.addPositionalArgument("realcheck", "The action.");
    parser.addOption({"manifest", "CSV manifest (package, path, split, style_group[, mode]).", "FILE"});
    parser.addOption({"model", "Model package folder (default: $EMOTRACE_MODEL, else the shipped model).", "DIR"});
    parser.addOption({"split", "Rows of this split only (default dev).", "NAME", "dev"});
    parser.addOption({"json", "Also write the whole result as JSON to FILE.", "FILE"});
    parser.addOption({"threads", "Threads for libtorch (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) return usage(parser, "lab realcheck takes no positional arguments");
    if (!parser.isSet("manifest")) return usage(parser, "lab realcheck needs --manifest FILE");
    const int threads = threadsOption(parser);
    if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
    const QString folder = modelFolder(parser);
    if (folder.isEmpty()) return fail("no model given: pass --model DIR or set EMOTRACE_MODEL");
    try {
        if (parser.isSet("json")) OutputPath::check(bytes(parser.value("json")), {bytes(parser.value("manifest"))});
        configureTorchThreads(threads);
        RealRecordingsCheck::Settings settings;
        settings.split = bytes(parser.value("split"));
        RealRecordingsCheck check(ModelPackage::load(bytes(folder)), settings);
        QTextStream err(stderr);
        const auto result = check.run(bytes(parser.value("manifest")), [&err](int i, int n, const RealRecordingsCheck::Song& s) {
            err << QString::asprintf("%d/%d  %s  %.0f BPM  perc %.2f  %s (%s)\n", i + 1, n, s.entry.path.string().c_str(),
                                     s.proxies.tempoBpm, s.proxies.percussiveShare, s.mode.c_str(), s.modeSource.c_str());
            err.flush();
        });
        if (parser.isSet("json")) AtomicFile::writeJson(bytes(parser.value("json")), result.toJson());
        QTextStream(stdout) << fromBytes(result.formatTable());
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

} // namespace emotrace::cli
