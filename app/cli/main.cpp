// emotrace-cli: the command-line face of EmoTrace (analyse songs, manage models).

#include <QCoreApplication>
#include <QTextStream>

#include <exception>
#include <new>
#include <string>

#include "cli/CliCommands.h"
#include "cli/CliSupport.h"
#include "cli/SeparatorCommand.h"
#include "cli/TrainCommand.h"

namespace {

const char* kUsage =
    "Usage: emotrace-cli COMMAND [options]\n"
    "\n"
    "Explainable music emotion recognition (Chowdhury, Praher & Widmer, SMC 2021).\n"
    "\n"
    "Commands:\n"
    "  analyze SONG     predict arousal/valence and the seven mid-level features of a song,\n"
    "                   with the effect of each feature on each emotion\n"
    "  explain SONG     trace each prediction to the song's sound sources (stems) with\n"
    "                   audioLIME and exact Shapley values\n"
    "  separate SONG    write the song's stems as audio files (--out DIR)\n"
    "  model init       write a model package with seeded random (untrained) weights\n"
    "  model info DIR   show a model package's card\n"
    "  lab render       compose, label and render music-lab songs with exact stems\n"
    "  lab label MIDI   the seven mid-level labels and arousal/valence of a MIDI file\n"
    "  lab sdr DIR...   separation quality (SDR per stem, beside trivial estimates) on songs with true stems\n"
    "  lab multitracks  render real multitracks from Debian's tracker modules (for lab sdr)\n"
    "  lab faithfulness does a model's explanation find planted causes (drums, piano)?\n"
    "  lab realcheck    relate a model's predictions on real recordings to measured proxies (--manifest FILE)\n"
    "  separator train  train a learned separator on lab songs with stems (--corpus DIR --out DIR)\n"
    "  separator info   describe a separator package (default: the shipped one)\n"
    "  train            train the model jointly on mid-level and emotion data sets (--config FILE)\n"
    "  evaluate         Pearson r and RMSE of a model on a training config's test split\n"
    "\n"
    "Run 'emotrace-cli COMMAND --help' for the options of a command.\n"
    "Options: -h, --help   this text;  -v, --version   the version\n";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("emotrace-cli");
    QCoreApplication::setApplicationVersion(EMOTRACE_VERSION);
    QStringList args = emotrace::cli::decodeArguments(argc, argv); // lossless for any file name bytes
    QTextStream out(stdout), err(stderr);
    if (args.size() < 2) {
        err << kUsage;
        return 2;
    }
    const QString command = args.at(1);
    if (command == "-h" || command == "--help" || command == "help") {
        out << kUsage;
        return 0;
    }
    if (command == "-v" || command == "--version") {
        out << "emotrace-cli " << EMOTRACE_VERSION << "\n";
        return 0;
    }
    args.removeAt(1); // the sub-command's parser sees argv[0] then its own arguments
    // Commands report emotrace::Error themselves (one line, exit 1); anything else that
    // escapes one (libtorch, the standard library) is an internal error, caught here once.
    try {
        if (command == "analyze") return emotrace::cli::analyzeCommand(args);
        if (command == "model") return emotrace::cli::modelCommand(args);
        if (command == "explain") return emotrace::cli::explainCommand(args);
        if (command == "lab") return emotrace::cli::labCommand(args);
        if (command == "separate") return emotrace::cli::separateCommand(args);
        if (command == "separator") return emotrace::cli::separatorCommand(args);
        if (command == "train") return emotrace::cli::trainCommand(args);
        if (command == "evaluate") return emotrace::cli::evaluateCommand(args);
    } catch (const std::bad_alloc&) {
        return emotrace::cli::fail("out of memory: the input needs more memory than this machine can give");
    } catch (const std::exception& e) {
        // fail() keeps the first line only: libtorch appends a backtrace to its messages
        return emotrace::cli::fail(std::string("internal error: ") + e.what());
    }
    err << "emotrace-cli: unknown command '" << command << "' (try emotrace-cli --help)\n";
    return 2;
}
