#include "cli/SeparationCheckCommand.h"
#include "cli/CliSupport.h"

#include <QCommandLineParser>
#include <QTextStream>

#include "evaluation/DebianModuleSet.h"
#include "evaluation/ModuleMultitrack.h"
#include "evaluation/ModuleMultitrackWriter.h"
#include "evaluation/SeparationBenchmark.h"
#include "evaluation/SeparationScoreTable.h"
#include "separation/SeparatorFactory.h"
#include "util/Error.h"

namespace emotrace::cli {

int labSdrCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Separation quality against true stems: each SONG_DIR holds mix.flac and stems/<stem>.flac (a lab song from "
        "'lab render', or a real multitrack from 'lab multitracks'). Per stem: the separator's SDR (the Music Demixing "
        "Challenge definition) beside three trivial estimates (the mix / 2, the mix at the best single gain, silence) and "
        "the margin over the best of them; for stems whose source is silent in a song, the estimate's energy relative to "
        "the mix (leakage). Per song, then medians over the songs.");
    parser.addHelpOption();
    parser.addPositionalArgument("sdr", "The action.");
    parser.addPositionalArgument("SONG_DIR", "Song folders with true stems.", "SONG_DIR...");
    parser.addOption({"separator", "learned, learned:DIR, builtin, stems:DIR, command:NAME or model:FILE (default: the shipped "
                                   "learned one where its card recommends it, else builtin).", "SPEC", fromBytes(SeparatorFactory::defaultSpec())});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2) return usage(parser, "lab sdr takes one or more song folders");
    try {
        auto separator = SeparatorFactory::create(bytes(parser.value("separator")));
        std::vector<SeparationBenchmark::SongScore> scores;
        QTextStream out(stdout);
        for (int i = 1; i < positional.size(); ++i) {
            scores.push_back(SeparationBenchmark::score(bytes(positional.at(i)), *separator));
            out << fromBytes(SeparationScoreTable::song(scores.back())) << "\n";
            out.flush();
        }
        out << fromBytes(SeparationScoreTable::medians(scores));
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

int labMultitracksCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Real multitracks for 'lab sdr': renders the tracker modules of the Debian packages tecnoballz-data and "
        "tomatoes-data with libopenmpt, once per stem (its instruments grouped into vocals, drums, bass, piano and "
        "other by name, else by sound) and once whole, into OUT/<module>/ (mix.flac, stems/<stem>.flac, "
        "multitrack.json, grouping.csv).");
    parser.addHelpOption();
    parser.addPositionalArgument("multitracks", "The action.");
    parser.addOption({"out", "Output folder.", "DIR"});
    parser.addOption({"duration", "Seconds from each module's start (default 60; shorter modules end earlier).", "S", "60"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) return usage(parser, "lab multitracks takes no positional arguments");
    if (!parser.isSet("out")) return usage(parser, "lab multitracks needs --out DIR");
    ModuleMultitrack::Settings settings;
    bool ok = false;
    settings.maxSeconds = parser.value("duration").toDouble(&ok);
    if (!ok || !(settings.maxSeconds > 0.0) || settings.maxSeconds > 3600.0)
        return usage(parser, "--duration needs 0..3600 seconds, got '" + parser.value("duration") + "'");
    try {
        const auto modules = DebianModuleSet::find();
        const std::filesystem::path out = bytes(parser.value("out"));
        QTextStream text(stdout);
        int index = 0;
        for (const auto& module : modules) {
            const ModuleMultitrack multitrack = ModuleMultitrack::render(module.file, settings);
            const std::string name = module.file.stem().string();
            ModuleMultitrackWriter::write(out, name, multitrack, module.package);
            text << QString::asprintf("%d/%zu  %-32s %-4s %5.1f s  %s\n", ++index, modules.size(), name.c_str(),
                                      multitrack.format.c_str(), multitrack.mix.durationSeconds(), multitrack.summary().c_str());
            text.flush();
        }
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

} // namespace emotrace::cli
