// emotrace: the desktop explorer. Thin main: parses the command line, opens the song
// given (else the bundled demo song) in a MainWindow, and runs the event loop.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#include "ChartExport.h"
#include "ColorScheme.h"
#include "MainWindow.h"
#include "SettingsKeys.h"

namespace {

/// The demo song: installed share dir first, then the source tree (a build run in place).
QString demoSong()
{
    for (const QString& dir : {QStringLiteral(EMOTRACE_DATA_DIR), QStringLiteral(EMOTRACE_SOURCE_DIR "/resources")}) {
        const QString path = dir + "/demo/demo-song.ogg";
        if (QFileInfo(path).isFile()) return path;
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("EmoTrace"));
    QApplication::setApplicationName(QStringLiteral("EmoTrace"));
    QApplication::setApplicationVersion(QStringLiteral(EMOTRACE_VERSION));

    // The user's language where EmoTrace has a translation (embedded), else English;
    // Qt's own strings (dialog buttons) from Qt's translations when installed.
    QTranslator qtStrings, emotraceStrings;
    if (qtStrings.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtStrings);
    if (emotraceStrings.load(QLocale(), QStringLiteral("emotrace"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&emotraceStrings);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Explainable music emotion recognition: open a song and trace its "
                                                                     "arousal and valence back to mid-level features and sound sources."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("song"), QApplication::translate("main", "Audio file to open (default: the demo song)."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Save the window as PNG once the analysis has ended, then quit."),
                                        QStringLiteral("FILE"));
    parser.addOption(screenshot);
    const QCommandLineOption colours(QStringLiteral("colors"),
                                     QApplication::translate("main", "Colour scheme: system, light or dark (default: as last chosen in View ▸ Colours)."),
                                     QStringLiteral("SCHEME"));
    parser.addOption(colours);
    parser.process(app);
    emotrace::ui::ColorScheme::apply(emotrace::ui::ColorScheme::fromName(
        parser.isSet(colours) ? parser.value(colours) : QSettings().value(emotrace::ui::SettingsKeys::ColorScheme).toString()));

    emotrace::ui::MainWindow window;
    window.show();

    // Screenshot mode: grab the window once the analysis has ended, then quit; exit 0 only
    // when the analysis finished and the image was written. A failed analysis (or a song
    // that cannot be opened) still gets its screenshot (the error banner) but exits 1
    // with a one-line error on stderr, so scripts and tests see the failure.
    const QString file = parser.value(screenshot);
    auto save = [&window, &app, file](const QString& failure) {
            // Let the last queued repaints land before grabbing.
            QTimer::singleShot(400, &window, [&window, &app, file, failure] {
                QString error;
                if (!emotrace::ui::ChartExport::saveWidget(&window, file, &error)) {
                    std::fprintf(stderr, "emotrace: %s\n", qPrintable(error.simplified()));
                    app.exit(1);
                    return;
                }
                if (!failure.isEmpty()) {
                    std::fprintf(stderr, "emotrace: %s\n", qPrintable(failure.simplified()));
                    app.exit(1);
                    return;
                }
                app.exit(0);
            });
    };
    const QStringList positional = parser.positionalArguments();
    const QString song = positional.isEmpty() ? demoSong() : positional.first();
    if (parser.isSet(screenshot)) {
        QObject::connect(&window, &emotrace::ui::MainWindow::analysisFinished, &window, [save] { save({}); });
        QObject::connect(&window, &emotrace::ui::MainWindow::analysisFailed, &window, [save, song](const QString& message) {
            save(QApplication::translate("main", "analysis of %1 failed: %2").arg(song, message));
        });
    }

    const bool opened = !song.isEmpty() && window.openSong(song);
    if (!opened && parser.isSet(screenshot)) // nothing to wait for
        save(song.isEmpty() ? QApplication::translate("main", "no song given and no demo song found")
                            : QApplication::translate("main", "%1: no such file").arg(song));
    return app.exec();
}
