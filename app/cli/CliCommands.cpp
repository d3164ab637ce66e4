#include "cli/CliCommands.h"
#include "cli/CliSupport.h"
#include "cli/RealCheckCommand.h"
#include "cli/SeparationCheckCommand.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <limits>

#include "analysis/AnalysisTextReport.h"
#include "analysis/SongAnalyzer.h"
#include "audio/AudioEncoder.h"
#include "explain/ExplanationTextReport.h"
#include "evaluation/FaithfulnessBenchmark.h"
#include "explain/SongExplainer.h"
#include "lab/LabSongWriter.h"
#include "lab/MidiFile.h"
#include "lab/SoundfontCatalog.h"
#include "lab/ScoreLabeler.h"
#include "separation/SeparatorFactory.h"
#include "separation/StemWriter.h"
#include "model/ModelPackage.h"
#include "model/TorchRuntime.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/OutputPath.h"

namespace emotrace::cli {

namespace {
/// Longest --window/--hop: ten minutes, far above the model's 40 s, far below what would
/// exhaust memory in one spectrogram.
constexpr double kMaxWindowSeconds = 600.0;
} // namespace

int analyzeCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Predict arousal, valence and the seven mid-level features of a song, and the effect "
                                     "of each feature on each emotion.");
    parser.addHelpOption();
    parser.addPositionalArgument("SONG", "Audio or video file (anything FFmpeg reads).");
    parser.addOption({"model", "Model package folder (weights.pt + model.json); default $EMOTRACE_MODEL.", "DIR"});
    parser.addOption({"window", "Window length in seconds (default 40, as the paper).", "S"});
    parser.addOption({"hop", "Hop between windows in seconds (default 20).", "S"});
    parser.addOption({"json", "Also write the whole result as JSON to FILE.", "FILE"});
    parser.addOption({"threads", "Threads for the model (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) return usage(parser, "analyze takes exactly one SONG");

    AnalysisSettings settings;
    QString error;
    if (!positiveNumber(parser, "window", settings.windowSeconds, error, kMaxWindowSeconds)
        || !positiveNumber(parser, "hop", settings.hopSeconds, error, kMaxWindowSeconds))
        return usage(parser, error);
    if (!parser.isSet("hop")) settings.hopSeconds = settings.windowSeconds / 2.0;
    const int threads = threadsOption(parser);
    if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
    const QString folder = modelFolder(parser);
    if (folder.isEmpty())
        return fail("no model given: pass --model DIR or set EMOTRACE_MODEL ('emotrace-cli model init --out DIR' writes an "
                    "untrained one for trying the pipeline)");

    try {
        const std::filesystem::path song = bytes(parser.positionalArguments().first());
        if (parser.isSet("json")) OutputPath::check(bytes(parser.value("json")), {song});
        configureTorchThreads(threads);
        SongAnalyzer analyzer(ModelPackage::load(bytes(folder)), settings);
        const AnalysisResult result = analyzer.analyze(song);
        if (parser.isSet("json")) {
            AtomicFile::writeJson(bytes(parser.value("json")), result.toJson());
        }
        QTextStream(stdout) << fromBytes(formatAnalysisTable(result));
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

int explainCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Trace the model's predictions for a song to its sound sources: separate it into stems "
                                     "(optionally cut into time segments), run the model on mixes of them and rank the "
                                     "stems per mid-level feature and emotion with audioLIME (and exact Shapley values when "
                                     "every mix is evaluated).");
    parser.addHelpOption();
    parser.addPositionalArgument("SONG", "Audio or video file (anything FFmpeg reads).");
    parser.addOption({"model", "Model package folder; default $EMOTRACE_MODEL.", "DIR"});
    parser.addOption({"separator", "learned (the shipped learned separator), learned:DIR, builtin, stems:DIR, "
                                   "command:demucs|spleeter|umx|TEMPLATE or model:FILE (default: the shipped learned one where its card recommends it, else builtin).",
                      "SPEC", fromBytes(SeparatorFactory::defaultSpec())});
    parser.addOption({"segments", "Temporal segments per stem (default 1).", "K", "1"});
    parser.addOption({"samples", "Number of perturbations, or 'exhaustive' (default: exhaustive up to 1024 mixes).", "N"});
    parser.addOption({"seed", "Seed of sampled perturbations.", "S", "0"});
    parser.addOption({"sampler", "How sampled perturbations are drawn: audiolime (each stem kept with p = 1/2, as audioLIME) "
                                 "or lime-text (a uniform count switched off, as LIME's text explainer).", "NAME", "audiolime"});
    parser.addOption({"window", "Excerpt length in seconds (default 40, the model's window).", "S"});
    parser.addOption({"start", "Excerpt start in seconds (default: the middle of the song).", "S"});
    parser.addOption({"json", "Write the whole explanation as JSON.", "FILE"});
    parser.addOption({"export-stems", "Write the separated stems as WAV files into DIR.", "DIR"});
    parser.addOption({"threads", "Threads for the model (default: all cores).", "N"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != 1) return usage(parser, "explain takes exactly one SONG");
    SongExplainer::Settings settings;
    QString error;
    if (!positiveNumber(parser, "window", settings.windowSeconds, error, kMaxWindowSeconds)) return usage(parser, error);
    if (parser.isSet("start")) {
        bool ok = false;
        const double start = parser.value("start").toDouble(&ok);
        if (!ok || !(start >= 0.0) || !(start <= 1e6)) // !(>=) also refuses NaN
            return usage(parser, "--start needs a number of seconds in 0..1000000, got '" + parser.value("start") + "'");
        settings.excerptStartSeconds = start;
    }
    bool ok = false;
    settings.segments = parser.value("segments").toInt(&ok);
    if (!ok || settings.segments < 1 || settings.segments > 16) return usage(parser, "--segments needs an integer in 1..16");
    settings.lime.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) return usage(parser, "--seed needs a non-negative integer");
    if (parser.value("sampler") != "audiolime" && parser.value("sampler") != "lime-text")
        return usage(parser, "--sampler must be audiolime or lime-text, got '" + parser.value("sampler") + "'");
    settings.lime.sampler = PerturbationSet::samplerFromName(bytes(parser.value("sampler")));
    if (parser.isSet("samples") && parser.value("samples") != "exhaustive") {
        const int samples = parser.value("samples").toInt(&ok);
        if (!ok || samples < 2 || samples > 100000) return usage(parser, "--samples needs an integer in 2..100000, or 'exhaustive'");
        settings.lime.samples = samples;
    }
    const int threads = threadsOption(parser);
    if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
    const QString folder = modelFolder(parser);
    if (folder.isEmpty()) return fail("no model given: pass --model DIR or set EMOTRACE_MODEL");
    try {
        const std::filesystem::path song = bytes(parser.positionalArguments().first());
        if (parser.isSet("json")) OutputPath::check(bytes(parser.value("json")), {song});
        configureTorchThreads(threads);
        auto separator = SeparatorFactory::create(bytes(parser.value("separator")));
        SongExplainer explainer(ModelPackage::load(bytes(folder)), settings);
        StemSet stems;
        const SourceExplanation result = explainer.explain(song, *separator, {}, &stems);
        if (parser.isSet("export-stems")) {
            const std::filesystem::path stemFolder = bytes(parser.value("export-stems"));
            for (const auto& name : stems.names) OutputPath::check(stemFolder / (name + ".wav"), {song});
            StemWriter::writeAll(stems, bytes(parser.value("export-stems")), "", AudioEncoder::Format::Wav);
        }
        if (parser.isSet("json")) {
            AtomicFile::writeJson(bytes(parser.value("json")), result.toJson());
        }
        QTextStream(stdout) << fromBytes(formatExplanationTable(result));
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

int modelCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Model packages: 'model init --out DIR' writes seeded random (untrained) weights; "
                                     "'model info DIR' prints a package's card.");
    parser.addHelpOption();
    parser.addPositionalArgument("ACTION", "init or info");
    parser.addOption({"out", "Folder to write (init).", "DIR"});
    parser.addOption({"width", "Base channel width (init; 128 is the paper's).", "N", "128"});
    parser.addOption({"seed", "Random seed (init).", "S", "1"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) return usage(parser, "model needs an action: init or info");
    try {
        if (positional.first() == "init") {
            if (!parser.isSet("out")) return usage(parser, "model init needs --out DIR");
            bool okWidth = false, okSeed = false;
            const int width = parser.value("width").toInt(&okWidth);
            const qulonglong seed = parser.value("seed").toULongLong(&okSeed);
            if (!okWidth || width < 1 || width > 1024) return usage(parser, "--width needs an integer in 1..1024");
            if (!okSeed) return usage(parser, "--seed needs a non-negative integer");
            const LoadedModel model = ModelPackage::untrained(width, seed);
            ModelPackage::save(bytes(parser.value("out")), model.info, model.network);
            QTextStream(stdout) << "wrote untrained model " << fromBytes(model.info.name) << " to "
                                << parser.value("out") << "\n";
            return 0;
        }
        if (positional.first() == "info") {
            if (positional.size() != 2) return usage(parser, "model info takes one folder");
            const LoadedModel model = ModelPackage::load(bytes(positional.at(1)));
            QTextStream(stdout) << fromBytes(model.info.toJson().dump(2)) << "\n";
            return 0;
        }
        return usage(parser, "unknown model action '" + positional.first() + "'");
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

int labCommand(const QStringList& arguments)
{
    // realcheck (--manifest, --split, --json), sdr and multitracks have options of their own
    if (arguments.size() > 1 && arguments.at(1) == "realcheck") return realcheckCommand(arguments);
    if (arguments.size() > 1 && arguments.at(1) == "sdr") return labSdrCommand(arguments);
    if (arguments.size() > 1 && arguments.at(1) == "multitracks") return labMultitracksCommand(arguments);
    QCommandLineParser parser;
    parser.setApplicationDescription("The music lab: 'lab render' composes, labels and renders songs whose stems and mid-level "
                                     "labels are known; 'lab label FILE.mid' labels a MIDI file.");
    parser.addHelpOption();
    parser.addPositionalArgument("ACTION", "render, label FILE.mid, sdr SONG_DIR... (separation quality against the true stems; "
                                           "see 'lab sdr --help'), multitracks (real multitracks from tracker modules; "
                                           "see 'lab multitracks --help'), faithfulness (does the model's explanation find "
                                           "planted causes?), or realcheck "
                                           "(the real-recordings check; see 'lab realcheck --help')");
    parser.addOption({"separator", "For sdr: learned, learned:DIR, builtin, stems:DIR, command:NAME or model:FILE (default: "
                                   "the shipped learned one where its card recommends it, else builtin).", "SPEC", fromBytes(SeparatorFactory::defaultSpec())});
    parser.addOption({"count", "Songs to render; for faithfulness, planted-cause songs per cause.", "N", "1"});
    parser.addOption({"model", "For faithfulness: model package folder (default: $EMOTRACE_MODEL, else the shipped model).", "DIR"});
    parser.addOption({"threads", "For faithfulness: threads for libtorch (default: all cores).", "N"});
    parser.addOption({"seed", "Corpus seed (song i of seed S is always the same song).", "S", "1"});
    parser.addOption({"first", "Index of the first song (to extend a corpus).", "I", "0"});
    parser.addOption({"out", "Output folder.", "DIR"});
    parser.addOption({"soundfont", "fluidr3, musescore, timgm6mb, opl3 or a .sf2/.sf3 path.", "NAME", "fluidr3"});
    parser.addOption({"style", "ballad, march, dance, jazz, ambient, hiphop, chorale, film; with --realistic also rock, metal, "
                                "electronic, folk, solo-piano, orchestral (default: drawn).", "STYLE"});
    parser.addOption({"duration", "Song length in seconds, 10..60 (default: drawn, 20..45).", "S"});
    parser.addOption({"mix-only", "Write the mix, score and labels but no stems (a training corpus needs no stems)."});
    parser.addOption({"realistic", "Render with the realistic lab: recorded drum kits, a sung lead, guitar amps, a drawn "
                                   "production chain and codec, labels from what is heard (ids real-S-I)."});
    parser.addOption({"drum-fonts", "For --realistic: comma-separated fonts the drum parts are drawn from ('same' = the "
                                    "song's soundfont).", "LIST", "black-pearl,same"});
    if (!parser.parse(arguments)) return usage(parser, parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) return usage(parser, "lab needs an action: render or label");
    try {
        if (positional.first() == "label") {
            if (positional.size() != 2) return usage(parser, "lab label takes one MIDI file");
            const Score score = MidiFile::read(bytes(positional.at(1)));
            QTextStream(stdout) << fromBytes(ScoreLabeler::label(score).toJson().dump(2)) << "\n";
            return 0;
        }
        if (positional.first() == "sdr") return labSdrCommand(arguments);
        if (positional.first() == "multitracks") return labMultitracksCommand(arguments);
        if (positional.first() == "faithfulness") {
            bool okCount = false, okSeed = false;
            const int count = parser.value("count").toInt(&okCount);
            const qulonglong seed = parser.value("seed").toULongLong(&okSeed);
            if (!okCount || count < 1 || count > 10000) return usage(parser, "--count needs an integer in 1..10000");
            if (!okSeed) return usage(parser, "--seed needs a non-negative integer");
            const int threads = threadsOption(parser);
            if (threads < 0) return usage(parser, "--threads needs an integer in 1..256");
            const QString folder = modelFolder(parser);
            if (folder.isEmpty()) return fail("no model given: pass --model DIR or set EMOTRACE_MODEL");
            configureTorchThreads(threads);
            SongExplainer explainer(ModelPackage::load(bytes(folder)), SongExplainer::Settings{});
            PartRenderer renderer(SoundfontCatalog().resolve(bytes(parser.value("soundfont"))));
            QTextStream out(stdout);
            out << "model " << fromBytes(explainer.model().info.name + " " + explainer.model().info.version)
                << (explainer.model().info.trained ? "" : "  [UNTRAINED]") << ", true stems, exhaustive audioLIME over 5 stems\n";
            for (const auto kind : {PlantedCause::Kind::RhythmInDrums, PlantedCause::Kind::MinorInPiano}) {
                const auto r = FaithfulnessBenchmark::run(explainer, renderer, kind, seed, count);
                out << QString::asprintf("%-17s planted in %-6s ranked first in %d of %d songs (%.0f %%); first:", r.target.c_str(),
                                         r.cause.c_str(), r.recovered, r.songs, 100.0 * r.rate());
                for (const auto& [stem, n] : r.topStems) out << " " << fromBytes(stem) << " " << n;
                out << "\n";
                out.flush();
            }
            return 0;
        }
        if (positional.first() != "render") return usage(parser, "unknown lab action '" + positional.first() + "'");
        if (!parser.isSet("out")) return usage(parser, "lab render needs --out DIR");
        bool okCount = false, okSeed = false, okFirst = false;
        const int count = parser.value("count").toInt(&okCount);
        const qulonglong seed = parser.value("seed").toULongLong(&okSeed);
        const int first = parser.value("first").toInt(&okFirst);
        if (!okCount || count < 1 || count > 1000000) return usage(parser, "--count needs an integer in 1..1000000");
        if (!okSeed) return usage(parser, "--seed needs a non-negative integer");
        // first + count must stay an int: song ids are numbered by int
        if (!okFirst || first < 0 || first > std::numeric_limits<int>::max() - count)
            return usage(parser, "--first needs an integer in 0.." + QString::number(std::numeric_limits<int>::max() - count)
                                     + " (first + count must fit), got '" + parser.value("first") + "'");
        std::optional<Style> style;
        if (parser.isSet("style")) style = styleFromName(bytes(parser.value("style")));
        std::optional<double> duration;
        if (parser.isSet("duration")) {
            bool ok = false;
            duration = parser.value("duration").toDouble(&ok);
            if (!ok || !(*duration >= 10.0) || !(*duration <= 60.0)) return usage(parser, "--duration needs 10..60 seconds");
        }
        std::vector<std::string> drumFonts;
        for (const QString& name : parser.value("drum-fonts").split(',', Qt::SkipEmptyParts)) {
            const std::string font = name.trimmed() == "same" ? std::string() : bytes(name.trimmed());
            if (!font.empty()) SoundfontCatalog().resolve(font); // a missing kit fails now, naming its package
            drumFonts.push_back(font);
        }
        const bool realistic = parser.isSet("realistic");
        LabSongWriter writer({}, LabSongWriter::Options{.writeStems = !parser.isSet("mix-only")});
        QTextStream out(stdout);
        for (int i = first; i < first + count; ++i) {
            const std::string font = bytes(parser.value("soundfont"));
            const LabSongSpec spec = realistic ? LabSongSpec::drawRealistic(seed, i, font, drumFonts, style, duration)
                                               : LabSongSpec::draw(seed, i, font, style, duration);
            const auto written = writer.write(bytes(parser.value("out")), spec);
            out << QString::asprintf("%d/%d  %s  %-8s %5.1f s  %5.1fx real time  minorness %.2f  arousal %.2f  valence %.2f\n",
                                     i - first + 1, count, spec.id.c_str(), styleName(spec.controls.style), written.durationSeconds,
                                     written.durationSeconds / std::max(1e-9, written.renderSeconds), written.labels.minorness,
                                     written.labels.arousal, written.labels.valence);
            out.flush();
        }
        return 0;
    } catch (const Error& e) {
        return fail(fromBytes(e.what()));
    }
}

} // namespace emotrace::cli
