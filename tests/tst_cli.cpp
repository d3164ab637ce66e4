// emotrace-cli as a user runs it: every common format analysed, bad input refused with
// one line naming the file, no half-written JSON.

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include "ProcessRun.h"
#include "TestData.h"
#include "audio/AudioDecoder.h"
#include "model/ModelPackage.h"

#include <cmath>

using namespace emotrace::test;
using emotrace::AudioBuffer;
using emotrace::AudioDecoder;

namespace {

using Run = ProcessRun;
Run run(const QString& program, const QStringList& args) { return runProcess(program, args); }
Run cli(const QStringList& args) { return run(EMOTRACE_CLI, args); }

QString dir() { return QString::fromStdString(workDir("cli").string()); }

/// Makes a test file with ffmpeg from lavfi sources.
void ffmpeg(const QStringList& args)
{
    const QString exe = QStandardPaths::findExecutable("ffmpeg");
    QVERIFY2(!exe.isEmpty(), "ffmpeg not found");
    const Run r = run(exe, QStringList{"-v", "error", "-y"} + args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
}

const QString kMusic = "sine=frequency=220:duration=6:sample_rate=44100,aformat=channel_layouts=stereo";

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const Run r = cli({"model", "init", "--out", dir() + "/model", "--width", "8", "--seed", "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void helpAndVersion()
    {
        Run r = cli({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("analyze SONG"));
        r = cli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("emotrace-cli " EMOTRACE_VERSION));
        r = cli({"analyze", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--window") && r.out.contains("--hop") && r.out.contains("--json") && r.out.contains("--model"));
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({"frobnicate"}).exitCode, 2);
    }

    void analyzesEveryFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("codec");
        QTest::newRow("wav") << "song.wav" << QStringList{};
        QTest::newRow("flac") << "song.flac" << QStringList{};
        QTest::newRow("mp3") << "song.mp3" << QStringList{"-c:a", "libmp3lame", "-b:a", "128k"};
        QTest::newRow("ogg") << "song.ogg" << QStringList{"-c:a", "libvorbis"};
        QTest::newRow("opus") << "song.opus" << QStringList{"-c:a", "libopus"};
        QTest::newRow("m4a") << "song.m4a" << QStringList{"-c:a", "aac"};
    }
    void analyzesEveryFormat()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, codec);
        const QString path = dir() + "/" + file;
        ffmpeg(QStringList{"-f", "lavfi", "-i", kMusic} + codec + QStringList{path});
        const QString json = path + ".json";
        QFile::remove(json);
        const Run r = cli({"analyze", path, "--model", dir() + "/model", "--window", "4", "--hop", "2", "--json", json});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("arousal") && r.out.contains("valence") && r.out.contains("rhythm_stability"));
        QVERIFY(r.out.contains("UNTRAINED"));
        const auto j = readJson(json.toStdString());
        QCOMPARE(QString::fromStdString(j["song"]["path"].get<std::string>()), path);
        QVERIFY(std::fabs(j["song"]["duration_s"].get<double>() - 6.0) < 0.1);
        QVERIFY(j["windows"].size() >= 2);
        const double arousal = j["prediction"]["emotions"]["arousal"];
        QVERIFY2(r.out.contains(QString::asprintf("%8.3f", arousal)), qPrintable(r.out));
    }

    void badInputFailsWithOneLine_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing") << "nope.mp3" << "no such file";
        QTest::newRow("text") << "notes.txt" << "";
        QTest::newRow("no audio") << "video-only.mp4" << "no audio stream";
        QTest::newRow("empty") << "empty.wav" << "";
        QTest::newRow("silence") << "silence.wav" << "silent";
        QTest::newRow("truncated") << "truncated.flac" << "";
    }
    void badInputFailsWithOneLine()
    {
        QFETCH(QString, file);
        QFETCH(QString, problem);
        const QString path = dir() + "/" + file;
        if (file == "notes.txt") {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("these are not sounds\n");
        } else if (file == "video-only.mp4") {
            ffmpeg({"-f", "lavfi", "-i", "testsrc=duration=2:size=64x64:rate=10", "-pix_fmt", "yuv420p", path});
        } else if (file == "empty.wav") {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
        } else if (file == "silence.wav") {
            ffmpeg({"-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "3", path});
        } else if (file == "truncated.flac") {
            ffmpeg({"-f", "lavfi", "-i", kMusic, dir() + "/whole.flac"});
            QFile whole(dir() + "/whole.flac");
            QVERIFY(whole.open(QIODevice::ReadOnly));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(whole.read(whole.size() / 2));
        }
        const QString json = path + ".json";
        QFile::remove(json);
        const Run r = cli({"analyze", path, "--model", dir() + "/model", "--json", json});
        QCOMPARE(r.exitCode, 1);
        const QString line = r.err.trimmed();
        QVERIFY2(!line.contains('\n'), qPrintable(r.err));
        QVERIFY2(line.startsWith("emotrace-cli: " + path), qPrintable(line));
        QVERIFY2(line.contains(problem), qPrintable(line));
        QVERIFY2(!QFile::exists(json), "a JSON file was written for a failed analysis");
    }

    void badOptionsAndModels()
    {
        const QString song = dir() + "/song.wav";
        ffmpeg({"-f", "lavfi", "-i", kMusic, song});
        Run r = cli({"analyze", song, "--model", dir() + "/model", "--window", "-3"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--window"));
        r = cli({"analyze", song, "--model", dir() + "/no-model"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.trimmed().contains("no-model: model package folder not found"), qPrintable(r.err));
        QProcess p;
        p.setProcessEnvironment([] {
            auto env = QProcessEnvironment::systemEnvironment();
            env.remove("EMOTRACE_MODEL");
            return env;
        }());
        p.start(EMOTRACE_CLI, {"analyze", song});
        QVERIFY(p.waitForFinished(60000));
        if (emotrace::ModelPackage::defaultFolder().empty()) {
            QCOMPARE(p.exitCode(), 1);
            QVERIFY(QString(p.readAllStandardError()).contains("no model given"));
        } else { // the shipped model is the fallback
            QCOMPARE(p.exitCode(), 0);
            QVERIFY(QString(p.readAllStandardOutput()).contains(emotrace::ModelPackage::kDefaultModelName));
        }
        r = cli({"analyze", song, "--model", dir() + "/model", "--json", dir() + "/no/such/folder/out.json"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("out.json: cannot create file"), qPrintable(r.err));
    }

    void labRendersAndLabels()
    {
        const QString out = dir() + "/lab";
        QDir(out).removeRecursively();
        Run r = cli({"lab", "render", "--count", "2", "--seed", "4", "--out", out, "--soundfont", "timgm6mb", "--duration", "10"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("2/2  lab-4-0001"));
        QVERIFY(QFile::exists(out + "/lab-4-0000/stems/vocals.flac"));
        r = cli({"lab", "label", out + "/lab-4-0001/score.mid"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto printed = nlohmann::json::parse(r.out.toStdString());
        const auto stored = readJson((out + "/lab-4-0001/labels.json").toStdString())["labels"];
        QCOMPARE(printed["minorness"].get<double>(), stored["minorness"].get<double>());
        QCOMPARE(printed["valence"].get<double>(), stored["valence"].get<double>());
        // a lab song analyses like any other file
        r = cli({"analyze", out + "/lab-4-0000/mix.flac", "--model", dir() + "/model"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(cli({"lab", "render", "--count", "1"}).exitCode, 2);
        QCOMPARE(cli({"lab", "render", "--out", out, "--style", "polka"}).exitCode, 1);
        r = cli({"lab", "label", dir() + "/missing.mid"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("missing.mid"));
    }

    void labMixOnlyAndFaithfulness()
    {
        const QString out = dir() + "/lab-mix-only";
        QDir(out).removeRecursively();
        Run r = cli({"lab", "render", "--count", "1", "--seed", "5", "--out", out, "--soundfont", "timgm6mb", "--duration", "10", "--mix-only"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out + "/lab-5-0000/mix.flac"));
        QVERIFY(!QFileInfo::exists(out + "/lab-5-0000/stems"));

        // Planted-cause faithfulness of a model: counts per cause, what ranked first.
        r = cli({"lab", "faithfulness", "--count", "2", "--seed", "3", "--soundfont", "timgm6mb", "--model", dir() + "/model", "--threads", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("[UNTRAINED]"), qPrintable(r.out));
        const QRegularExpression line(R"((\w+)\s+planted in (\w+)\s+ranked first in (\d) of 2 songs \(\d+ %\); first:((?: \w+ \d)+))");
        int lines = 0;
        for (const QString& l : r.out.split('\n')) {
            const auto m = line.match(l);
            if (!m.hasMatch()) continue;
            ++lines;
            int firsts = 0;
            const QStringList parts = m.captured(4).split(' ', Qt::SkipEmptyParts);
            for (int i = 1; i < parts.size(); i += 2) firsts += parts[i].toInt();
            QCOMPARE(firsts, 2); // every song's top stem is counted once
            QVERIFY(m.captured(3).toInt() <= 2);
        }
        QVERIFY2(lines == 2, qPrintable(r.out));
        QVERIFY(r.out.contains("rhythm_stability  planted in drums"));
        QVERIFY(r.out.contains("minorness         planted in piano"));
        QCOMPARE(cli({"lab", "faithfulness", "--count", "0", "--model", dir() + "/model"}).exitCode, 2);
    }

    void explainRanksStems()
    {
        const QString song = dir() + "/explain.flac";
        ffmpeg({"-f", "lavfi", "-i", "sine=frequency=330:duration=8:sample_rate=44100", "-f", "lavfi", "-i",
                "anoisesrc=duration=8:sample_rate=44100:amplitude=0.2", "-filter_complex",
                "[0][1]amerge=inputs=2,pan=stereo|c0=c0+0.3*c1|c1=c0+0.6*c1", song});
        const QString json = dir() + "/explain.json", stems = dir() + "/explain-stems";
        QDir(stems).removeRecursively();
        Run r = cli({"explain", song, "--model", dir() + "/model", "--window", "6", "--json", json, "--export-stems", stems,
                     "--separator", "builtin"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("stems     builtin: vocals drums bass other"));
        QVERIFY(r.out.contains("Shapley values exact"));
        QVERIFY(r.out.contains("rhythm_stability"));
        for (const char* s : {"vocals", "drums", "bass", "other"}) QVERIFY(QFile::exists(stems + "/" + s + ".wav"));
        const auto j = readJson(json.toStdString());
        QCOMPARE(j["audiolime"]["perturbations"].size(), std::size_t(16));
        QVERIFY(j["audiolime"]["settings"]["sampler"] == "exhaustive");
        // The shipped learned separator: five stems, 32 mixes.
        r = cli({"explain", song, "--model", dir() + "/model", "--window", "6", "--json", json, "--separator", "learned"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("stems     learned: vocals drums bass piano other"), qPrintable(r.out));
        QCOMPARE(readJson(json.toStdString())["audiolime"]["perturbations"].size(), std::size_t(32));
        r = cli({"explain", song, "--model", dir() + "/model", "--window", "6", "--segments", "2", "--samples", "30", "--seed", "3",
                 "--separator", "builtin"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("mixes     30 (sampled as audioLIME"), qPrintable(r.out));
        r = cli({"explain", song, "--model", dir() + "/model", "--window", "6", "--segments", "2", "--samples", "30", "--seed", "3",
                 "--separator", "builtin", "--sampler", "lime-text", "--json", json});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("mixes     30 (sampled as LIME's text explainer)"));
        const auto sampled = readJson(json.toStdString())["audiolime"]["settings"];
        QVERIFY(sampled["sampler"] == "lime-text");
        QVERIFY(sampled["seed"] == 3);
        QVERIFY(sampled["samples"] == 30);
        QVERIFY(sampled["kernel_width"] == 0.25);
        QCOMPARE(cli({"explain", song, "--sampler", "uniform"}).exitCode, 2);
        QCOMPARE(cli({"explain", song, "--model", dir() + "/model", "--segments", "0"}).exitCode, 2);
        r = cli({"explain", song, "--model", dir() + "/model", "--separator", "stems:" + dir() + "/nowhere"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nowhere"), qPrintable(r.err));
        r = cli({"explain", dir() + "/nope.wav", "--model", dir() + "/model"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("nope.wav: no such file"));
    }

    void separateWritesStemsThatSumToTheSong()
    {
        const QString song = dir() + "/separate.wav";
        ffmpeg({"-f", "lavfi", "-i", "sine=frequency=110:duration=4:sample_rate=44100", "-f", "lavfi", "-i",
                "anoisesrc=duration=4:sample_rate=44100:amplitude=0.2", "-filter_complex",
                "[0][1]amerge=inputs=2,pan=stereo|c0=c0+0.3*c1|c1=c0+0.6*c1", "-c:a", "pcm_f32le", song});
        const QString out = dir() + "/separated";
        QDir(out).removeRecursively();
        Run r = cli({"separate", song, "--out", out, "--format", "flac", "--separator", "learned"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("learned:"), qPrintable(r.out));
        const AudioBuffer mix = AudioDecoder::decode(song.toStdString());
        std::vector<double> sum(mix.samples.size(), 0.0);
        for (const char* s : {"vocals", "drums", "bass", "piano", "other"}) {
            const AudioBuffer stem = AudioDecoder::decode((out + "/" + s + ".flac").toStdString());
            QCOMPARE(stem.samples.size(), mix.samples.size());
            for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += stem.samples[i];
        }
        double worst = 0.0;
        for (std::size_t i = 0; i < sum.size(); ++i) worst = std::max(worst, std::abs(sum[i] - mix.samples[i]));
        QVERIFY2(worst < 1e-5 * 5 + 5 * std::pow(2.0, -23), qPrintable(QString("max |sum - song| %1").arg(worst))); // 24-bit files
        // Bad input and refusals: one line, exit 1; bad usage: exit 2.
        r = cli({"separate", dir() + "/nope.wav", "--out", out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nope.wav") && r.err.count('\n') == 1, qPrintable(r.err));
        QDir().mkpath(dir() + "/blocked/drums.wav");
        r = cli({"separate", song, "--out", dir() + "/blocked", "--separator", "builtin"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not a regular file"), qPrintable(r.err));
        QCOMPARE(cli({"separate", song}).exitCode, 2);
        QCOMPARE(cli({"separate", song, "--out", out, "--format", "mp3"}).exitCode, 2);
        r = cli({"separate", song, "--out", out, "--separator", "learned:" + dir() + "/no-package"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no-package"), qPrintable(r.err));
    }

    void modelInfoShowsTheCard()
    {
        const Run r = cli({"model", "info", dir() + "/model"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("\"trained\": false"));
        QVERIFY(r.out.contains("untrained-w8-seed3"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
