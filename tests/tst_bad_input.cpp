// The bad-input suite: emotrace-cli run as a user or a script runs it, on hostile or
// broken input of every kind it reads. Each case must end in a clear one-line error
// that names the file or option and the problem (exit 1; exit 2 for bad usage, where the
// help follows the line), or in a correct result: never a crash, a hang, a stack trace,
// or a destroyed input.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QTest>

#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "ProcessRun.h"
#include "TestData.h"
#include "model/ModelPackage.h"
#include "util/Crc32.h"

using namespace emotrace::test;

namespace {

using Run = ProcessRun;
Run runProgram(const QString& program, const QStringList& args) { return runProcess(program, args, 60000); }

std::filesystem::path dir() { return workDir("bad-input"); }
QString path(const std::string& name) { return QString::fromStdString((dir() / name).string()); }

void writeBytes(const std::filesystem::path& file, const std::string& bytes)
{
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::string readBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// A string literal with embedded NULs, whole.
template <std::size_t N> std::string lit(const char (&s)[N]) { return std::string(s, N - 1); }

void little(std::string& out, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

/// A stored (uncompressed) zip archive as torch.save lays it out: records under
/// "archive/", with a version record, CRCs and a central directory.
std::string zipArchive(const std::map<std::string, std::string>& records)
{
    std::string out, central;
    for (const auto& [name, data] : records) {
        const std::string full = "archive/" + name;
        const std::uint32_t crc = emotrace::Crc32::of(data);
        const std::size_t offset = out.size();
        out += "PK\x03\x04";
        little(out, 20, 2); little(out, 0, 2); little(out, 0, 2); little(out, 0, 4);
        little(out, crc, 4); little(out, data.size(), 4); little(out, data.size(), 4);
        little(out, full.size(), 2); little(out, 0, 2);
        out += full + data;
        central += "PK\x01\x02";
        little(central, 20, 2); little(central, 20, 2); little(central, 0, 2); little(central, 0, 2); little(central, 0, 4);
        little(central, crc, 4); little(central, data.size(), 4); little(central, data.size(), 4);
        little(central, full.size(), 2); little(central, 0, 2); little(central, 0, 2); little(central, 0, 2);
        little(central, 0, 2); little(central, 0, 4); little(central, offset, 4);
        central += full;
    }
    const std::size_t dirOffset = out.size();
    out += central;
    out += "PK\x05\x06";
    little(out, 0, 2); little(out, 0, 2); little(out, records.size(), 2); little(out, records.size(), 2);
    little(out, central.size(), 4); little(out, dirOffset, 4); little(out, 0, 2);
    return out;
}

/// A copy of the shipped model package in the work folder, under `name`.
std::filesystem::path modelCopy(const std::string& name)
{
    const auto target = dir() / name;
    std::filesystem::remove_all(target);
    std::filesystem::copy(emotrace::ModelPackage::defaultFolder(), target, std::filesystem::copy_options::recursive);
    return target;
}

void editModelJson(const std::filesystem::path& folder, const std::function<void(nlohmann::json&)>& edit)
{
    nlohmann::json j = nlohmann::json::parse(std::ifstream(folder / "model.json"));
    edit(j);
    std::ofstream(folder / "model.json", std::ios::trunc) << j.dump(2);
}

/// A PCM WAV (16-bit mono 22.05 kHz) of `frames` samples of a quiet tone.
std::string wav(int frames, bool floatFormat = false, float value = 0.1F)
{
    const int bytesPerSample = floatFormat ? 4 : 2;
    std::string out = "RIFF";
    little(out, 36 + std::uint64_t(frames) * bytesPerSample, 4);
    out += "WAVEfmt ";
    little(out, 16, 4); little(out, floatFormat ? 3 : 1, 2); little(out, 1, 2); little(out, 22050, 4);
    little(out, 22050 * bytesPerSample, 4); little(out, bytesPerSample, 2); little(out, 8 * bytesPerSample, 2);
    out += "data";
    little(out, std::uint64_t(frames) * bytesPerSample, 4);
    for (int i = 0; i < frames; ++i) {
        const float s = value * float(std::sin(0.1 * i));
        if (floatFormat) {
            std::uint32_t bits;
            std::memcpy(&bits, &s, 4);
            little(out, bits, 4);
        } else {
            little(out, std::uint16_t(std::int16_t(s * 32767)), 2);
        }
    }
    return out;
}

} // namespace

class BadInputTest : public QObject {
    Q_OBJECT
    QString m_song;  // a valid 3-s WAV
    QString m_model; // a valid model package (a copy of the shipped one)

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!emotrace::ModelPackage::defaultFolder().empty(), "the shipped model package is missing");
        std::filesystem::remove_all(dir());
        std::filesystem::create_directories(dir());
        m_song = path("song.wav");
        writeBytes(dir() / "song.wav", wav(3 * 22050));
        m_model = QString::fromStdString(modelCopy("model").string());
        makeAudioCases();
        makeModelCases();
    }

    void refusesWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected"); // a substring of the first stderr line

        const QString song = m_song, model = m_model;
        auto add = [](const char* name, QStringList args, int code, QString expected) {
            QTest::newRow(name) << args << code << expected;
        };
        // --- audio files
        add("missing song", {"analyze", path("nope.wav"), "--model", model}, 1, "nope.wav: no such file");
        add("folder as song", {"analyze", path("a-folder"), "--model", model}, 1, "a-folder");
        add("fifo as song", {"analyze", path("fifo"), "--model", model}, 1, "fifo: not a regular file");
        add("empty song", {"analyze", path("empty.wav"), "--model", model}, 1, "empty.wav");
        add("text as mp3", {"analyze", path("text.mp3"), "--model", model}, 1, "text.mp3");
        add("wav header only", {"analyze", path("header.wav"), "--model", model}, 1, "header.wav");
        add("wav cut in half", {"analyze", path("cut.wav"), "--model", model}, 1, "cut.wav");
        add("random bytes", {"analyze", path("random.flac"), "--model", model}, 1, "random.flac");
        add("nan float wav", {"analyze", path("nan.wav"), "--model", model}, 1, "nan.wav");
        add("explain missing song", {"explain", path("nope.wav"), "--model", model}, 1, "nope.wav");
        add("separate fifo", {"separate", path("fifo"), "--out", path("stems-out")}, 1, "fifo");
        // --- model packages
        add("model folder missing", {"model", "info", path("no-model")}, 1, "no-model");
        add("model.json missing", {"model", "info", path("m-nojson")}, 1, "m-nojson");
        add("model.json garbage", {"model", "info", path("m-garbage")}, 1, "model.json");
        add("model.json is a folder", {"model", "info", path("m-jsondir")}, 1, "model.json");
        add("weights missing", {"model", "info", path("m-noweights")}, 1, "weights.pt");
        add("weights is a folder", {"model", "info", path("m-weightsdir")}, 1, "weights.pt: not a regular file");
        add("weights empty", {"model", "info", path("m-emptyweights")}, 1, "weights.pt");
        add("weights truncated", {"model", "info", path("m-cutweights")}, 1, "weights.pt");
        add("weights flipped byte", {"model", "info", path("m-flipped")}, 1, "CRC-32 mismatch");
        add("weights legacy pickle", {"model", "info", path("m-legacy")}, 1, "legacy");
        add("pickle deep lists", {"model", "info", path("m-deeplist")}, 1, "weights.pt");
        add("pickle deep dicts", {"model", "info", path("m-deepdict")}, 1, "weights.pt");
        add("pickle self dict", {"model", "info", path("m-selfdict")}, 1, "weights.pt");
        add("pickle code execution", {"model", "info", path("m-evil")}, 1, "os.system");
        add("pickle garbage opcodes", {"model", "info", path("m-opcodes")}, 1, "weights.pt");
        add("nan weights", {"analyze", song, "--model", path("m-nan")}, 1, "NaN or infinite");
        add("negative running var", {"analyze", song, "--model", path("m-negvar")}, 1, "running variance");
        add("huge width", {"model", "info", path("m-width")}, 1, "base_channels");
        add("huge kernel", {"model", "info", path("m-kernel")}, 1, "kernel sizes");
        add("many blocks", {"model", "info", path("m-blocks")}, 1, "blocks");
        add("tiny frame size", {"model", "info", path("m-frame")}, 1, "frame_size");
        add("few bands", {"model", "info", path("m-bands")}, 1, "frontend");
        add("nan fps", {"model", "info", path("m-fps")}, 1, "fps");
        add("huge input frames", {"model", "info", path("m-frames")}, 1, "input_frames");
        add("wrong format tag", {"model", "info", path("m-format")}, 1, "not an EmoTrace model");
        // --- MIDI and lab
        add("lab label fifo", {"lab", "label", path("fifo")}, 1, "fifo");
        add("lab label folder", {"lab", "label", path("a-folder")}, 1, "a-folder");
        add("lab label garbage", {"lab", "label", path("text.mp3")}, 1, "text.mp3");
        add("lab render first overflow", {"lab", "render", "--first", "2147483647", "--count", "2", "--out", path("r")}, 2, "--first");
        add("lab render count 0", {"lab", "render", "--count", "0", "--out", path("r")}, 2, "--count");
        add("lab render nan duration", {"lab", "render", "--duration", "nan", "--out", path("r")}, 2, "--duration");
        add("lab render bad style", {"lab", "render", "--style", "polka", "--out", path("r")}, 1, "polka");
        add("lab render missing font", {"lab", "render", "--soundfont", path("none.sf2"), "--out", path("r")}, 1, "none.sf2");
        add("lab sdr missing folder", {"lab", "sdr", path("no-song-dir")}, 1, "no-song-dir");
        // --- training configs
        add("train config missing", {"train", "--config", path("none.json")}, 1, "none.json");
        add("train config folder", {"train", "--config", path("a-folder")}, 1, "a-folder");
        add("train config garbage", {"train", "--config", path("text.mp3")}, 1, "text.mp3");
        add("separator train no corpus", {"separator", "train", "--corpus", path("a-folder"), "--out", path("sep")}, 1, "a-folder");
        add("separator info broken", {"separator", "info", path("m-garbage")}, 1, "m-garbage");
        // --- command-line values
        add("threads 0", {"analyze", song, "--threads", "0"}, 2, "--threads");
        add("threads 100000", {"analyze", song, "--threads", "100000"}, 2, "--threads");
        add("threads text", {"analyze", song, "--threads", "many"}, 2, "--threads");
        add("window nan", {"analyze", song, "--window", "nan"}, 2, "--window");
        add("window inf", {"analyze", song, "--window", "inf"}, 2, "--window");
        add("window huge", {"analyze", song, "--window", "1e12"}, 2, "--window");
        add("window negative", {"analyze", song, "--window", "-40"}, 2, "--window");
        add("hop zero", {"analyze", song, "--hop", "0"}, 2, "--hop");
        add("start nan", {"explain", song, "--start", "nan"}, 2, "--start");
        add("start inf", {"explain", song, "--start", "inf"}, 2, "--start");
        add("start negative", {"explain", song, "--start", "-1"}, 2, "--start");
        add("samples one", {"explain", song, "--samples", "1"}, 2, "--samples");
        add("samples huge", {"explain", song, "--samples", "999999999"}, 2, "--samples");
        add("segments 0", {"explain", song, "--segments", "0"}, 2, "--segments");
        add("seed negative", {"explain", song, "--seed", "-3"}, 2, "--seed");
        add("bad separator spec", {"explain", song, "--model", model, "--separator", "magic"}, 1, "magic");
        add("stems folder missing", {"explain", song, "--model", model, "--separator", "stems:" + path("no-stems")}, 1, "no-stems");
        add("model init width 0", {"model", "init", "--out", path("w0"), "--width", "0"}, 2, "--width");
        add("separate bad format", {"separate", song, "--out", path("s"), "--format", "mp4"}, 2, "--format");
        add("separator lr nan", {"separator", "train", "--corpus", path("a-folder"), "--out", path("sep"), "--lr", "nan"}, 2, "--lr");
        add("unknown command", {"analyse", song}, 2, "unknown command");
        add("unknown option", {"analyze", song, "--colour"}, 2, "colour");
        add("no song", {"analyze"}, 2, "SONG");
        // --- outputs
        add("json is the song", {"analyze", path("keep.wav"), "--model", model, "--json", path("keep.wav")}, 1, "is the input");
        add("json is a fifo", {"analyze", song, "--model", model, "--json", path("fifo")}, 1, "not a regular file");
        add("json is a folder", {"analyze", song, "--model", model, "--json", path("a-folder")}, 1, "not a regular file");
        add("json folder missing", {"analyze", song, "--model", model, "--json", path("no/such/out.json")}, 1, "out.json");
        add("separate over the song", {"separate", path("stems-in/vocals.wav"), "--separator", "builtin", "--out", path("stems-in")}, 1, "is the input");
        add("explain json is the song", {"explain", path("keep.wav"), "--model", model, "--json", path("keep.wav")}, 1, "is the input");
    }

    void refusesWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const QByteArray keep = QByteArray::fromStdString(readBytes(dir() / "keep.wav"));
        const Run r = runProgram(EMOTRACE_CLI, args);
        const QString err = r.err;
        QVERIFY2(r.exitCode != ProcessRun::kTimedOut, "timed out (a hang)");
        QVERIFY2(r.exitCode != ProcessRun::kCrashed, qPrintable("crashed: " + err.left(300)));
        QVERIFY2(!err.contains("internal error") && !err.contains("frame #") && !err.contains("terminate called"),
                 qPrintable(err.left(400)));
        const QString first = err.section('\n', 0, 0);
        QVERIFY2(first.startsWith("emotrace-cli: "), qPrintable(err.left(400)));
        QVERIFY2(first.contains(expected), qPrintable("expected '" + expected + "' in: " + first));
        QCOMPARE(r.exitCode, exitCode);
        if (exitCode == 1) QCOMPARE(err.count('\n'), 1); // exactly one line
        // the input that a case tries to overwrite is intact
        QCOMPARE(QByteArray::fromStdString(readBytes(dir() / "keep.wav")), keep);
        struct stat st{};
        QVERIFY(::stat((dir() / "fifo").c_str(), &st) == 0 && S_ISFIFO(st.st_mode));
    }

    /// A file name with a byte that is not UTF-8 opens, and messages name it readably.
    void nonUtf8FileNames()
    {
        const std::filesystem::path odd = dir() / std::string("song-\xff.wav");
        std::filesystem::copy_file(dir() / "song.wav", odd, std::filesystem::copy_options::overwrite_existing);
        // QProcess would re-encode a QString name: the shell passes the raw bytes instead
        const Run ok = runProgram("/bin/sh", {"-c", QString("exec \"$0\" analyze \"$(printf '%1/song-\\377.wav')\" --model \"$1\"")
                                                         .arg(QString::fromStdString(dir().string())),
                                             EMOTRACE_CLI, m_model});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        const Run missing = runProgram("/bin/sh", {"-c", QString("exec \"$0\" analyze \"$(printf '%1/gone-\\377.wav')\" --model \"$1\"")
                                                              .arg(QString::fromStdString(dir().string())),
                                                  EMOTRACE_CLI, m_model});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("gone-\\xff.wav: no such file"), qPrintable(missing.err));
    }

    /// A control character in a name is shown escaped, never raw on the terminal.
    void controlCharactersEscaped()
    {
        const Run r = runProgram(EMOTRACE_CLI, {"analyze", path("bell\x07.wav"), "--model", m_model});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bell\\x07.wav") && !r.err.contains('\x07'), qPrintable(r.err));
    }

    /// model init into a full file system: a clear line, the old package intact, no
    /// temporary files left (the file size limit stands in for a full disk).
    void fullDiskLeavesOldFile()
    {
        const auto out = dir() / "full";
        std::filesystem::remove_all(out);
        QCOMPARE(runProgram(EMOTRACE_CLI, {"model", "init", "--out", QString::fromStdString(out.string()), "--width", "8"}).exitCode, 0);
        const std::string before = readBytes(out / "weights.pt");
        const Run r = runProgram("/bin/sh", {"-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" model init --out \"$1\" --width 32 --seed 7",
                                             EMOTRACE_CLI, QString::fromStdString(out.string())});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("weights.pt") && r.err.count('\n') == 1, qPrintable(r.err));
        QCOMPARE(readBytes(out / "weights.pt"), before);
        for (const auto& entry : std::filesystem::directory_iterator(out))
            QVERIFY2(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path().c_str());
    }

    /// Killing a writer at any moment leaves the old file or the new one, never a torn
    /// one: model init is killed 20 times at spread-out moments while it writes.
    void killedWriterLeavesOldOrNewFile()
    {
        const auto out = dir() / "killed";
        std::filesystem::remove_all(out);
        const QString target = QString::fromStdString(out.string());
        QCOMPARE(runProgram(EMOTRACE_CLI, {"model", "init", "--out", target, "--width", "48", "--seed", "1"}).exitCode, 0);
        const std::string oldWeights = readBytes(out / "weights.pt");
        QCOMPARE(runProgram(EMOTRACE_CLI, {"model", "init", "--out", target + "-new", "--width", "48", "--seed", "2"}).exitCode, 0);
        const std::string newWeights = readBytes(std::filesystem::path(out.string() + "-new") / "weights.pt");
        QVERIFY(oldWeights != newWeights);
        int killed = 0;
        for (int i = 0; i < 20; ++i) {
            QProcess p;
            p.start(EMOTRACE_CLI, {"model", "init", "--out", target, "--width", "48", "--seed", i % 2 ? "2" : "1"});
            QVERIFY(p.waitForStarted());
            QThread::msleep(static_cast<unsigned long>(20 * i)); // 0..380 ms: before, during and after the write
            p.kill();
            p.waitForFinished();
            killed += p.exitStatus() == QProcess::CrashExit;
            const std::string now = readBytes(out / "weights.pt");
            QVERIFY2(now == oldWeights || now == newWeights, qPrintable(QString("torn file after a kill at %1 ms").arg(20 * i)));
            QVERIFY(emotrace::ModelPackage::load(out).info.architecture.baseChannels == 48);
        }
        QVERIFY(killed > 0); // some runs were really cut short
    }

    /// A song shorter than one analysis frame still gives a result, or a clear line.
    void tinySongs()
    {
        const QList<QStringList> runs = {{"analyze", path("tiny.wav"), "--model", m_model},
                                         {"explain", path("tiny.wav"), "--model", m_model, "--separator", "builtin"}};
        for (const QStringList& args : runs) {
            const Run r = runProgram(EMOTRACE_CLI, args);
            QVERIFY2(r.exitCode == 0 || (r.exitCode == 1 && r.err.count('\n') == 1 && r.err.contains("tiny.wav")),
                     qPrintable(args.first() + ": " + r.err.left(400)));
        }
    }

private:
    void makeAudioCases()
    {
        std::filesystem::create_directories(dir() / "a-folder");
        ::mkfifo((dir() / "fifo").c_str(), 0600);
        writeBytes(dir() / "empty.wav", "");
        writeBytes(dir() / "text.mp3", "this is not audio at all\n");
        writeBytes(dir() / "header.wav", wav(22050).substr(0, 44));
        const std::string full = wav(4 * 22050);
        writeBytes(dir() / "cut.wav", full.substr(0, full.size() / 2));
        std::string noise;
        for (int i = 0; i < 50000; ++i) noise += static_cast<char>((i * 7919) % 251);
        writeBytes(dir() / "random.flac", noise);
        writeBytes(dir() / "nan.wav", wav(22050, true, std::nanf("")));
        writeBytes(dir() / "keep.wav", wav(2 * 22050));
        writeBytes(dir() / "tiny.wav", wav(1000));
        std::filesystem::create_directories(dir() / "stems-in");
        writeBytes(dir() / "stems-in" / "vocals.wav", wav(22050));
    }

    void makeModelCases()
    {
        namespace fs = std::filesystem;
        auto copy = [](const std::string& name) { return modelCopy(name); };
        fs::remove(copy("m-nojson") / "model.json");
        writeBytes(copy("m-garbage") / "model.json", "{ \"format\": ");
        fs::remove(copy("m-jsondir") / "model.json");
        fs::create_directories(dir() / "m-jsondir" / "model.json");
        fs::remove(copy("m-noweights") / "weights.pt");
        fs::remove(copy("m-weightsdir") / "weights.pt");
        fs::create_directories(dir() / "m-weightsdir" / "weights.pt");
        writeBytes(copy("m-emptyweights") / "weights.pt", "");
        const std::string weights = readBytes(dir() / "model" / "weights.pt");
        writeBytes(copy("m-cutweights") / "weights.pt", weights.substr(0, weights.size() / 3));
        std::string flipped = weights;
        flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x40);
        writeBytes(copy("m-flipped") / "weights.pt", flipped);
        writeBytes(copy("m-legacy") / "weights.pt", std::string("\x80\x02\x8a\x0a", 4) + "legacy");
        const std::string version = "3\n";
        const int n = 1000000;
        std::string deepList = "\x80\x02";
        deepList.append(std::size_t(n), ']').append(std::size_t(n - 1), 'a').append(".");
        writeBytes(copy("m-deeplist") / "weights.pt", zipArchive({{"data.pkl", deepList}, {"version", version}}));
        std::string deepDict = "\x80\x02";
        const std::string level = lit("}X\x0a\x00\x00\x00state_dict");
        for (int i = 0; i < n; ++i) deepDict += level;
        deepDict.append("}").append(std::size_t(n), 's').append(".");
        writeBytes(copy("m-deepdict") / "weights.pt", zipArchive({{"data.pkl", deepDict}, {"version", version}}));
        // d = {}; d['state_dict'] = d  (memo put/get makes the cycle)
        const std::string selfDict = lit("\x80\x02}q\x00X\x0a\x00\x00\x00state_dicth\x00s.");
        writeBytes(copy("m-selfdict") / "weights.pt", zipArchive({{"data.pkl", selfDict}, {"version", version}}));
        const std::string evil = lit("\x80\x02" "cos\nsystem\nX\x04\x00\x00\x00true\x85R.");
        writeBytes(copy("m-evil") / "weights.pt", zipArchive({{"data.pkl", evil}, {"version", version}}));
        writeBytes(copy("m-opcodes") / "weights.pt", zipArchive({{"data.pkl", "\x80\x02\xfe\xfd."}, {"version", version}}));
        {
            auto model = emotrace::ModelPackage::load(dir() / "model");
            torch::NoGradGuard guard;
            model.network->parameters().front().view(-1)[0] = std::nanf("");
            copy("m-nan");
            emotrace::ModelPackage::save(dir() / "m-nan", model.info, model.network);
        }
        {
            auto model = emotrace::ModelPackage::load(dir() / "model");
            torch::NoGradGuard guard;
            for (const auto& b : model.network->named_buffers())
                if (b.key().find("running_var") != std::string::npos) {
                    b.value().view(-1)[0] = -1.0F;
                    break;
                }
            copy("m-negvar");
            emotrace::ModelPackage::save(dir() / "m-negvar", model.info, model.network);
        }
        editModelJson(copy("m-width"), [](nlohmann::json& j) { j["architecture"]["base_channels"] = 1000000; });
        editModelJson(copy("m-kernel"), [](nlohmann::json& j) { j["architecture"]["stage1"]["k1s"][0] = 99999; });
        editModelJson(copy("m-blocks"), [](nlohmann::json& j) { j["architecture"]["n_blocks_per_stage"][0] = 100000; });
        editModelJson(copy("m-frame"), [](nlohmann::json& j) { j["frontend"]["frame_size"] = 4; });
        editModelJson(copy("m-bands"), [](nlohmann::json& j) { j["frontend"]["bands_per_octave"] = 1; });
        editModelJson(copy("m-fps"), [](nlohmann::json& j) { j["frontend"]["fps"] = -1.0; });
        editModelJson(copy("m-frames"), [](nlohmann::json& j) { j["input_frames"] = 2000000000; });
        editModelJson(copy("m-format"), [](nlohmann::json& j) { j["format"] = "something-else"; });
    }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "tst_bad_input.moc"
