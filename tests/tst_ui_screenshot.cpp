// The desktop explorer as a user starts it, under a real X server (Xvfb via xvfb-run):
// `emotrace --screenshot FILE SONG` analyses the demo song with a small untrained model,
// grabs the main window and quits. The screenshot must show a window, not a blank or
// single-colour image; the dark scheme must be dark (the charts follow the palette) and a
// 2x scale factor must give a 2x image (high-DPI). A song whose analysis fails must make
// it exit non-zero with one line on stderr, so that scripts notice.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <set>

#include "model/ModelPackage.h"

using namespace emotrace;

namespace {

struct ImageStats {
    int distinctColours = 0;
    double meanLuminance = 0.0; ///< 0..255
    double luminanceStdDev = 0.0;
};

ImageStats statsOf(const QImage& image)
{
    ImageStats s;
    std::set<QRgb> colours;
    double sum = 0.0, sumSq = 0.0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            if (colours.size() < 100000) colours.insert(line[x]);
            const double l = 0.2126 * qRed(line[x]) + 0.7152 * qGreen(line[x]) + 0.0722 * qBlue(line[x]);
            sum += l;
            sumSq += l * l;
        }
    }
    const double n = double(rgb.width()) * rgb.height();
    s.distinctColours = int(colours.size());
    s.meanLuminance = sum / n;
    s.luminanceStdDev = std::sqrt(std::max(0.0, sumSq / n - s.meanLuminance * s.meanLuminance));
    return s;
}

} // namespace

class TestUiScreenshot : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;

    struct Run {
        bool finished = false;
        int exitCode = -1;
        QString standardError;
        QString file; ///< the screenshot's path
    };

    /// Runs `emotrace --screenshot FILE <extraArgs> SONG` under xvfb-run.
    Run run(const QString& name, const QStringList& extraArgs, const QString& song, const QString& scale = "1")
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("EMOTRACE_MODEL", m_model);
        env.insert("XDG_CONFIG_HOME", m_dir.path() + "/config"); // never the user's settings
        env.insert("QT_SCALE_FACTOR", scale);
        env.insert("OMP_NUM_THREADS", "1");
        env.remove("QT_QPA_PLATFORM"); // the real xcb platform, on Xvfb
        env.remove("DISPLAY");
        p.setProcessEnvironment(env);
        Run r;
        r.file = m_dir.path() + "/" + name + ".png";
        p.start("xvfb-run", QStringList{"-a", "-s", "-screen 0 2800x2000x24", EMOTRACE_GUI, "--screenshot", r.file} + extraArgs +
                                QStringList{song});
        if (!p.waitForFinished(240000)) {
            p.kill();
            qWarning("emotrace did not finish under Xvfb");
            return r;
        }
        r.finished = true;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.standardError = QString::fromLocal8Bit(p.readAllStandardError());
        return r;
    }

    /// Runs the application on the demo song; returns the screenshot (null on failure).
    QImage shoot(const QString& name, const QStringList& extraArgs, const QString& scale = "1")
    {
        const Run r = run(name, extraArgs, EMOTRACE_DEMO_SONG, scale);
        if (!r.finished) return {};
        if (r.exitCode != 0) {
            qWarning("emotrace exited with %d: %s", r.exitCode, qPrintable(r.standardError));
            return {};
        }
        return QImage(r.file);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable("xvfb-run").isEmpty()) QFAIL("xvfb-run is missing (Debian package xvfb; install-deps.sh installs it)");
        QVERIFY(m_dir.isValid());
        m_model = m_dir.path() + "/model";
        const LoadedModel model = ModelPackage::untrained(8, 1);
        ModelPackage::save(m_model.toStdString(), model.info, model.network);
    }

    void mainWindowIsDrawn()
    {
        const QImage light = shoot("light", {"--colors", "light"});
        QVERIFY(!light.isNull());
        QCOMPARE(light.size(), QSize(1280, 860)); // the window's default size
        const ImageStats s = statsOf(light);
        qInfo("light: %d colours, mean luminance %.1f, std dev %.1f", s.distinctColours, s.meanLuminance, s.luminanceStdDev);
        QVERIFY2(s.distinctColours > 200, "the screenshot is (nearly) one colour");
        QVERIFY(s.luminanceStdDev > 20.0);
        QVERIFY(s.meanLuminance > 150.0);

        const QImage dark = shoot("dark", {"--colors", "dark"});
        QVERIFY(!dark.isNull());
        const ImageStats d = statsOf(dark);
        qInfo("dark: %d colours, mean luminance %.1f, std dev %.1f", d.distinctColours, d.meanLuminance, d.luminanceStdDev);
        QVERIFY(d.distinctColours > 200);
        QVERIFY2(d.meanLuminance < 90.0, "the dark scheme left large light areas (a chart not following the palette?)");
    }

    void highDpiScalesTheWholeWindow()
    {
        const QImage twice = shoot("scale2", {"--colors", "light"}, "2");
        QVERIFY(!twice.isNull());
        QCOMPARE(twice.size(), QSize(2560, 1720));
        const ImageStats s = statsOf(twice);
        QVERIFY(s.distinctColours > 200);
        QVERIFY(s.meanLuminance > 150.0);
    }

    void failedAnalysisExitsNonZero()
    {
        // A text file named .wav: the window opens it, the analysis fails (undecodable).
        const QString broken = m_dir.path() + "/broken.wav";
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not audio, only text with a .wav name\n");
        }
        const Run r = run("broken", {"--colors", "light"}, broken);
        QVERIFY(r.finished);
        qInfo("exit code %d, stderr: %s", r.exitCode, qPrintable(r.standardError.trimmed()));
        QVERIFY2(r.exitCode != 0, "a failed analysis must not exit 0 in screenshot mode");
        // One line naming the failure (xvfb-run and Qt may add lines of their own).
        const QStringList lines = r.standardError.split('\n', Qt::SkipEmptyParts).filter("emotrace: ");
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains("failed") && lines.first().contains("broken.wav"), qPrintable(lines.first()));

        // A song that does not exist: nothing to analyse, also non-zero.
        const Run missing = run("missing", {"--colors", "light"}, m_dir.path() + "/no-such-song.ogg");
        QVERIFY(missing.finished);
        QVERIFY(missing.exitCode != 0);
        QVERIFY(missing.standardError.contains("no-such-song.ogg"));
    }
};

QTEST_GUILESS_MAIN(TestUiScreenshot)
#include "tst_ui_screenshot.moc"
