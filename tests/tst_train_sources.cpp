// The training data readers on small look-alike folders made here: CSV quirks (BOM,
// CRLF, quoted fields, DEAM's leading spaces), label normalisation, errors naming the
// file, line and column; the config validation, the split rule and balanced sampling.

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include <sys/stat.h>

#include "ErrorOf.h"
#include "TestData.h"
#include "train/BalancedSampler.h"
#include "train/CsvTable.h"
#include "train/DatasetSplit.h"
#include "train/DeamSource.h"
#include "train/LabCorpusSource.h"
#include "train/MidLevelDatasetSource.h"
#include "train/PmemoSource.h"
#include "train/TargetDomainRegulariser.h"
#include "train/TrainingConfig.h"
#include "train/TrainingSet.h"
#include "util/Error.h"

using namespace emotrace;
using emotrace::test::errorOf;
namespace fs = std::filesystem;

namespace {

fs::path root() { return test::workDir("train_sources"); }

void writeFile(const fs::path& file, const std::string& text)
{
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
}

/// A one-second sine as MP3 (or another format by extension), made with ffmpeg.
void makeAudio(const fs::path& file)
{
    if (fs::exists(file)) return;
    fs::create_directories(file.parent_path());
    const QString exe = QStandardPaths::findExecutable("ffmpeg");
    QVERIFY2(!exe.isEmpty(), "ffmpeg not found");
    QProcess p;
    p.start(exe, {"-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=330:duration=1:sample_rate=44100",
                  QString::fromStdString(file.string())});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}


bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TrainingExample item(const std::string& id, const std::string& source, const std::string& tag = "t", const std::string& font = "",
                     std::optional<std::uint64_t> seed = std::nullopt)
{
    TrainingExample e;
    e.id = id;
    e.source = source;
    e.tag = tag;
    e.soundfont = font;
    e.seed = seed;
    return e;
}

} // namespace

class TestTrainSources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvQuirks()
    {
        const std::string text = "\xEF\xBB\xBF id , \"name\",value\r\n"
                                 "1,\"a, b\",2.5\r\n"
                                 "\r\n"
                                 "2,\"say \"\"hi\"\"\nnext line\",  3 \r\n"
                                 "3,plain,4";
        const CsvTable t = CsvTable::parse(text, "x.csv");
        QCOMPARE(t.header(), (std::vector<std::string>{"id", "name", "value"}));
        QCOMPARE(t.rows().size(), std::size_t(3));
        QCOMPARE(t.text(t.rows()[0], 1), std::string("a, b"));
        QCOMPARE(t.text(t.rows()[1], 1), std::string("say \"hi\"\nnext line"));
        QCOMPARE(t.number(t.rows()[1], t.column("VALUE")), 3.0);
        QCOMPARE(t.rows()[1].line, 4);
        QCOMPARE(t.rows()[2].line, 6); // the quoted line break counts
        QVERIFY(contains(errorOf([&] { t.column("nope"); }), "x.csv: no column \"nope\" (columns: id, name, value)"));
        QVERIFY(contains(errorOf([&] { CsvTable::parse("a,b\n1,2\n3\n", "y.csv"); }), "y.csv:3: 1 fields, but the header has 2"));
        QVERIFY(contains(errorOf([&] { CsvTable::parse("a,b\n1,\"2\n", "z.csv"); }), "z.csv:2: unterminated quoted field"));
        QVERIFY(contains(errorOf([&] { CsvTable::parse("", "e.csv"); }), "e.csv: empty CSV file"));
        const CsvTable bad = CsvTable::parse("a,b\n1,x1\n", "n.csv");
        QVERIFY(contains(errorOf([&] { bad.number(bad.rows()[0], 1); }), "n.csv:2: column \"b\": \"x1\" is not a number"));
    }

    void midLevelDataSet()
    {
        const fs::path dir = root() / "midlevel";
        writeFile(dir / "metadata_annotations" / "annotations.csv",
                  "\xEF\xBB\xBFsong_id, melodiousness, articulation, rhythm_complexity, rhythm_stability, dissonance, "
                  "tonal_stability, minorness\r\n"
                  "1,1,10,5.5,2,3,4,5\r\n"
                  "\"2\",10,1,1,1,1,1,1\r\n");
        makeAudio(dir / "audio" / "1.mp3");
        makeAudio(dir / "audio" / "2.mp3");
        const auto items = MidLevelDatasetSource::read(dir, "ml");
        QCOMPARE(items.size(), std::size_t(2));
        QVERIFY(items[0].midLevel && !items[0].emotions);
        QCOMPARE((*items[0].midLevel)[0], 0.0f);
        QCOMPARE((*items[0].midLevel)[1], 1.0f);
        QCOMPARE((*items[0].midLevel)[2], 0.5f);
        QCOMPARE(items[1].id, std::string("2"));
        QCOMPARE(items[1].audio, dir / "audio" / "2.mp3");
        QCOMPARE(items[1].tag, std::string("ml"));

        writeFile(dir / "metadata_annotations" / "annotations.csv",
                  "song_id,melodiousness,articulation,rhythm_complexity,rhythm_stability,dissonance,tonal_stability,minorness\n"
                  "1,1,10,5.5,2,3,4,5\n"
                  "2,1,1,1,1,oops,1,1\n");
        const std::string csv = (dir / "metadata_annotations" / "annotations.csv").string();
        QVERIFY2(contains(errorOf([&] { MidLevelDatasetSource::read(dir, "ml"); }), csv + ":3: column \"dissonance\": \"oops\" is not a number"),
                 errorOf([&] { MidLevelDatasetSource::read(dir, "ml"); }).c_str());
        writeFile(dir / "metadata_annotations" / "annotations.csv",
                  "song_id,melodiousness,articulation,rhythm_complexity,rhythm_stability,dissonance,tonal_stability,minorness\n"
                  "1,1,10,5.5,2,3,4,11\n");
        QVERIFY(contains(errorOf([&] { MidLevelDatasetSource::read(dir, "ml"); }), csv + ":2: column \"minorness\": 11 is outside the scale [1, 10]"));
        writeFile(dir / "metadata_annotations" / "annotations.csv", "song_id,melodiousness\n1,1\n");
        QVERIFY(contains(errorOf([&] { MidLevelDatasetSource::read(dir, "ml"); }), csv + ": no column \"articulation\""));
        writeFile(dir / "metadata_annotations" / "annotations.csv",
                  "song_id,melodiousness,articulation,rhythm_complexity,rhythm_stability,dissonance,tonal_stability,minorness\n"
                  "3,1,1,1,1,1,1,1\n");
        QVERIFY(contains(errorOf([&] { MidLevelDatasetSource::read(dir, "ml"); }), "3.mp3: missing (listed in " + csv + ":2)"));
    }

    void pmemo()
    {
        const fs::path dir = root() / "pmemo";
        writeFile(dir / "annotations" / "static_annotations.csv", "musicId,Arousal(mean),Valence(mean)\n\"1\",\"0.25\",0.75\n4,1,0\n");
        makeAudio(dir / "chorus" / "1.mp3");
        makeAudio(dir / "chorus" / "4.mp3");
        const auto items = PmemoSource::read(dir, "pmemo");
        QCOMPARE(items.size(), std::size_t(2));
        QVERIFY(items[0].emotions && !items[0].midLevel);
        QCOMPARE((*items[0].emotions)[0], 0.25f); // arousal first
        QCOMPARE((*items[0].emotions)[1], 0.75f);
        QCOMPARE(items[1].audio, dir / "chorus" / "4.mp3");
        writeFile(dir / "annotations" / "static_annotations.csv", "musicId,Arousal(mean),Valence(mean)\n1,1.5,0\n");
        QVERIFY(contains(errorOf([&] { PmemoSource::read(dir, "pmemo"); }),
                         (dir / "annotations" / "static_annotations.csv").string() + ":2: column \"Arousal(mean)\": 1.5 is outside"));
    }

    void deam()
    {
        const fs::path dir = root() / "deam";
        const fs::path ann = dir / "DEAM_Annotations" / "annotations" / "song_level";
        writeFile(ann / "static_annotations_averaged_songs_1_2000.csv",
                  "song_id, valence_mean, valence_std, arousal_mean, arousal_std\r\n2,5,1.2,9,0.9\r\n3,1,1,3,1\r\n");
        writeFile(ann / "static_annotations_averaged_songs_2000_2058.csv",
                  "song_id, valence_mean, valence_std, arousal_mean, arousal_std\n2001,7,1,1,1\n");
        for (const char* id : {"2", "3", "2001"}) makeAudio(dir / "DEAM_audio" / "MEMD_audio" / (std::string(id) + ".mp3"));
        const auto items = DeamSource::read(dir, "deam");
        QCOMPARE(items.size(), std::size_t(3));
        QCOMPARE((*items[0].emotions)[0], 1.0f);  // arousal 9 on 1..9
        QCOMPARE((*items[0].emotions)[1], 0.5f);  // valence 5
        QCOMPARE((*items[2].emotions)[1], 0.75f); // valence 7
        QCOMPARE(items[2].id, std::string("2001"));
        writeFile(ann / "static_annotations_averaged_songs_2000_2058.csv",
                  "song_id, valence_mean, valence_std, arousal_mean, arousal_std\n2001,7,1,1\n");
        QVERIFY(contains(errorOf([&] { DeamSource::read(dir, "deam"); }),
                         (ann / "static_annotations_averaged_songs_2000_2058.csv").string() + ":2: 4 fields, but the header has 5"));
        fs::remove(ann / "static_annotations_averaged_songs_2000_2058.csv");
        QCOMPARE(DeamSource::read(dir, "deam").size(), std::size_t(2));

        // A tag CSV replaces the tags of the songs it lists.
        writeFile(dir / "genres.csv", "song_id,tag\n2,rock\n");
        writeFile(root() / "deam.json", "{\"sources\": [{\"type\": \"deam\", \"path\": \"deam\", \"tags\": \"deam/genres.csv\"}], "
                                        "\"out\": \"deam-out\"}");
        const TrainingSet set = TrainingSet::load(TrainingConfig::load(root() / "deam.json"));
        QCOMPARE(set.items[0].tag, std::string("rock"));
        QCOMPARE(set.items[1].tag, std::string("deam"));
        QCOMPARE(set.split.training.size() + set.split.validation.size(), std::size_t(2));
    }

    void labCorpus()
    {
        const fs::path dir = root() / "lab";
        writeFile(dir / "lab-1-0" / "labels.json",
                  R"({"seed": 42, "soundfont": "timgm6mb", "controls": {"style": "march"},
                      "labels": {"melodiousness": 0.1, "articulation": 0.2, "rhythm_complexity": 0.3, "rhythm_stability": 0.4,
                                 "dissonance": 0.5, "tonal_stability": 0.6, "minorness": 0.7, "arousal": 0.8, "valence": 0.9}})");
        makeAudio(dir / "lab-1-0" / "mix.flac");
        fs::create_directories(dir / ".lab-1-1.partial");
        const auto items = LabCorpusSource::read(dir, "lab");
        QCOMPARE(items.size(), std::size_t(1));
        QCOMPARE(items[0].tag, std::string("march"));
        QCOMPARE(items[0].soundfont, std::string("timgm6mb"));
        QCOMPARE(*items[0].seed, std::uint64_t(42));
        QCOMPARE((*items[0].midLevel)[6], 0.7f);
        QCOMPARE((*items[0].emotions)[1], 0.9f);
        writeFile(dir / "lab-1-0" / "labels.json", R"({"labels": {"melodiousness": 2}})");
        QVERIFY(contains(errorOf([&] { LabCorpusSource::read(dir, "lab"); }), (dir / "lab-1-0" / "labels.json").string() + ": "));
        QVERIFY(contains(errorOf([&] { LabCorpusSource::read(root() / "none", "lab"); }), "lab corpus folder not found"));
    }

    void configErrorsNameTheKey()
    {
        auto load = [](const std::string& text) {
            return errorOf([&] { TrainingConfig::fromJson(nlohmann::json::parse(text), "c.json", "/base"); });
        };
        QVERIFY(contains(load(R"({"out": "o"})"), "c.json: \"sources\": must be a non-empty array"));
        QVERIFY(contains(load(R"({"sources": [{"type": "wav", "path": "p"}], "out": "o"})"), "\"sources[0].type\": must be"));
        QVERIFY(contains(load(R"({"sources": [{"type": "lab"}], "out": "o"})"), "\"sources[0].path\": missing"));
        QVERIFY(contains(load(R"({"sources": [{"type": "lab", "path": "p"}], "out": "o", "train": {"lr": -1}})"), "\"train.lr\": must be in"));
        QVERIFY(contains(load(R"({"sources": [{"type": "lab", "path": "p"}], "out": "o", "train": {"schedule": "linear"}})"),
                         "\"train.schedule\""));
        QVERIFY(contains(load(R"({"sources": [{"type": "lab", "path": "p"}], "out": "o", "train": {"epoch": 3}})"),
                         "\"train.epoch\": unknown key"));
        QVERIFY(contains(load(R"({"sources": [{"type": "lab", "path": "p", "holdout": {"seeds_mod": [10, 10]}}], "out": "o"})"),
                         "\"sources[0].holdout.seeds_mod\""));
        QVERIFY(contains(load(R"({"sources": [{"type": "pmemo", "path": "p", "holdout": {"soundfonts": ["x"]}}], "out": "o"})"),
                         "\"sources[0].holdout\": only lab sources"));
        QVERIFY(contains(load(R"({"sources": [{"type": "lab", "path": "p"}]})"), "\"out\": missing"));
        const TrainingConfig c = TrainingConfig::fromJson(
            nlohmann::json::parse(R"({"sources": [{"type": "lab", "path": "p"}, {"type": "lab", "path": "/q", "weight": 2}],
                                      "out": "o", "train": {"lr": 0.01, "epochs": 10, "schedule": "cosine"}})"),
            "c.json", "/base");
        QCOMPARE(c.sources[0].path, fs::path("/base/p"));
        QCOMPARE(c.sources[1].path, fs::path("/q"));
        QCOMPARE(c.sources[0].name, std::string("lab-1"));
        QCOMPARE(c.sources[1].weight, 2.0);
        QCOMPARE(c.cache, fs::path("/base/o/spectrogram-cache"));
        QCOMPARE(c.learningRateAt(0), 0.01);
        QVERIFY(std::abs(c.learningRateAt(5) - 0.005) < 1e-12);
        TrainingConfig step = c;
        step.schedule = "step";
        step.stepSize = 4;
        step.gamma = 0.5;
        QCOMPARE(step.learningRateAt(3), 0.01);
        QCOMPARE(step.learningRateAt(4), 0.005);
        QCOMPARE(step.learningRateAt(9), 0.0025);
    }

    void configRefusesZeroWeightsAndNonFiniteValues()
    {
        auto fromJson = [](const nlohmann::json& j) { return errorOf([&] { TrainingConfig::fromJson(j, "c.json", "/base"); }); };
        auto withTrain = [](const nlohmann::json& train) {
            return nlohmann::json{{"sources", {{{"type", "lab"}, {"path", "p"}}}}, {"out", "o"}, {"train", train}};
        };
        // All weights 0 would train with loss 0 and save the first epoch as "best".
        nlohmann::json zero = {{"sources", {{{"type", "lab"}, {"path", "p"}, {"weight", 0}}}}, {"out", "o"}};
        QCOMPARE(fromJson(zero), std::string("c.json: \"sources[0].weight\": every source has weight 0: nothing to train on "
                                             "(give at least one source a positive weight)"));
        nlohmann::json two = {{"sources", {{{"type", "lab"}, {"path", "p"}, {"weight", 0}}, {{"type", "pmemo"}, {"path", "q"}, {"weight", 0.0}}}},
                              {"out", "o"}};
        QVERIFY(contains(fromJson(two), "c.json: \"sources[].weight\": every source has weight 0"));
        two["sources"][1]["weight"] = 0.5; // one positive weight is enough
        QVERIFY(fromJson(two).empty());
        zero["sources"][0]["weight"] = -1;
        QVERIFY(contains(fromJson(zero), "c.json: \"sources[0].weight\": must be in [0, 1e+06], got -1"));
        const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
        zero["sources"][0]["weight"] = inf;
        QVERIFY(contains(fromJson(zero), "c.json: \"sources[0].weight\": must be in"));
        zero["sources"][0]["weight"] = nan;
        QVERIFY(contains(fromJson(zero), "c.json: \"sources[0].weight\": must be in"));
        zero["sources"][0]["weight"] = 1;
        zero["sources"][0]["range"] = {0.0, inf};
        QVERIFY(contains(fromJson(zero), "c.json: \"sources[0].range\": must be [min, max] with finite max > min"));
        // Learning rates, decay, epochs and the rest: NaN, infinities, negatives, overflow.
        QVERIFY(contains(fromJson(withTrain({{"lr", nan}})), "c.json: \"train.lr\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"lr", inf}})), "c.json: \"train.lr\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"lr", 0}})), "c.json: \"train.lr\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"weight_decay", -0.1}})), "c.json: \"train.weight_decay\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"gamma", nan}})), "c.json: \"train.gamma\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"min_lr", -1e-3}})), "c.json: \"train.min_lr\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"validation_fraction", inf}})), "c.json: \"train.validation_fraction\": must be in"));
        QVERIFY(contains(fromJson(withTrain({{"epochs", -3}})), "c.json: \"train.epochs\": must be in [1, 100000], got -3"));
        QVERIFY(contains(fromJson(withTrain({{"epochs", 0}})), "c.json: \"train.epochs\": must be in [1, 100000], got 0"));
        QVERIFY(contains(fromJson(withTrain({{"epochs", 2.5}})), "c.json: \"train.epochs\": must be an integer"));
        QVERIFY(contains(fromJson(withTrain(nlohmann::json::parse(R"({"epochs": 18446744073709551615})"))),
                         "c.json: \"train.epochs\": must be in [1, 100000], got 18446744073709551615"));
        QVERIFY(contains(fromJson(withTrain(nlohmann::json::parse(R"({"batch_size": 9223372036854775808})"))),
                         "c.json: \"train.batch_size\": must be in [1, 4096]"));
        QVERIFY(contains(fromJson(withTrain({{"batch_size", 4096}, {"excerpt_frames", 1 << 20}})),
                         "c.json: \"train.batch_size\": batch_size x excerpt_frames must be at most 1048576, got 4096 x 1048576"));
        QVERIFY(fromJson(withTrain({{"batch_size", 16}, {"excerpt_frames", 313}})).empty());
        QVERIFY(contains(fromJson({{"sources", {{{"type", "lab"}, {"path", "p"}}}}, {"out", "o"},
                                   {"adaptation", {{"manifest", "m.csv"}, {"consistency_weight", nan}}}}),
                         "c.json: adaptation.consistency_weight"));
        // Through a file, the file names itself.
        writeFile(root() / "zero.json", R"({"sources": [{"type": "lab", "path": "p", "weight": 0}], "out": "o"})");
        QVERIFY(contains(errorOf([&] { TrainingConfig::load(root() / "zero.json"); }),
                         (root() / "zero.json").string() + ": \"sources[0].weight\": every source has weight 0"));
    }

    void directoriesAndFifosWhereFilesBelong()
    {
        const fs::path dir = root() / "not-a-file";
        fs::remove_all(dir); // a rerun starts clean
        fs::create_directories(dir / "sub.json");
        fs::create_directories(dir / "table.csv");
        QCOMPARE(errorOf([&] { TrainingConfig::load(dir); }), dir.string() + ": is a directory, not a file");
        QCOMPARE(errorOf([&] { TrainingConfig::load(dir / "sub.json"); }), (dir / "sub.json").string() + ": is a directory, not a file");
        QCOMPARE(errorOf([&] { CsvTable::read(dir / "table.csv"); }), (dir / "table.csv").string() + ": is a directory, not a file");
        QCOMPARE(errorOf([&] { TrainingConfig::load(dir / "none.json"); }), (dir / "none.json").string() + ": missing");
        QCOMPARE(errorOf([&] { CsvTable::read(dir / "none.csv"); }), (dir / "none.csv").string() + ": missing");
        // A FIFO would block forever when opened for reading: refused before opening.
        const fs::path fifo = dir / "fifo.json";
        fs::remove(fifo);
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        QVERIFY(contains(errorOf([&] { TrainingConfig::load(fifo); }), fifo.string() + ": not a regular file (a FIFO, socket or device)"));
        QVERIFY(contains(errorOf([&] { CsvTable::read(fifo); }), fifo.string() + ": not a regular file (a FIFO, socket or device)"));
        // A device: the same.
        QVERIFY(contains(errorOf([&] { CsvTable::read("/dev/null"); }), "/dev/null: not a regular file"));
        // A data set whose annotation file is a folder.
        const fs::path pmemo = dir / "pmemo";
        fs::create_directories(pmemo / "annotations" / "static_annotations.csv");
        QCOMPARE(errorOf([&] { PmemoSource::read(pmemo, "pmemo"); }),
                 (pmemo / "annotations" / "static_annotations.csv").string() + ": is a directory, not a file");
        // A listed song that is a folder, or a FIFO (hashing it would block).
        fs::remove_all(pmemo / "annotations");
        writeFile(pmemo / "annotations" / "static_annotations.csv", "musicId,Arousal(mean),Valence(mean)\n1,0.5,0.5\n");
        fs::create_directories(pmemo / "chorus" / "1.mp3");
        const std::string csv = (pmemo / "annotations" / "static_annotations.csv").string();
        QCOMPARE(errorOf([&] { PmemoSource::read(pmemo, "pmemo"); }),
                 (pmemo / "chorus" / "1.mp3").string() + ": is a directory, not a file (listed in " + csv + ":2)");
        fs::remove_all(pmemo / "chorus" / "1.mp3");
        QCOMPARE(::mkfifo((pmemo / "chorus" / "1.mp3").c_str(), 0600), 0);
        QCOMPARE(errorOf([&] { PmemoSource::read(pmemo, "pmemo"); }),
                 (pmemo / "chorus" / "1.mp3").string() + ": not a regular file (a FIFO, socket or device) (listed in " + csv + ":2)");
        fs::remove(pmemo / "chorus" / "1.mp3");
        // The adaptation manifest (a CSV) too.
        const nlohmann::json adapt = {{"sources", {{{"type", "lab"}, {"path", "p"}}}}, {"out", "o"}, {"adaptation", {{"manifest", "table.csv"}}}};
        const TrainingConfig c = TrainingConfig::fromJson(adapt, "c.json", dir);
        QCOMPARE(errorOf([&] { TargetDomainRegulariser r(*c.adaptation); }), (dir / "table.csv").string() + ": is a directory, not a file");
    }

    void controlCharactersInIdsAreEscaped()
    {
        // A NUL in an id used to cut the message (and the file name the system sees).
        const fs::path dir = root() / "nul";
        fs::remove_all(dir);
        std::string text = "musicId,Arousal(mean),Valence(mean)\n";
        text += std::string("1\0x", 3) + ",0.5,0.5\n";
        writeFile(dir / "annotations" / "static_annotations.csv", text);
        writeFile(dir / "chorus" / "1", "not audio"); // what a name cut at the NUL would open
        const std::string csv = (dir / "annotations" / "static_annotations.csv").string();
        QCOMPARE(errorOf([&] { PmemoSource::read(dir, "pmemo"); }),
                 (dir / "chorus").string() + "/1\\x00x.mp3: invalid file name (it contains a NUL byte) (listed in " + csv + ":2)");
        // Fields, headers and names quoted in messages: \x00, \x1b, \x0a.
        const CsvTable t = CsvTable::parse(std::string("id,v\x1b\n1,") + std::string("2\0\x1b", 3) + "\n", std::string("n\nul.csv"));
        QCOMPARE(errorOf([&] { t.number(t.rows()[0], 1); }), std::string("n\\x0aul.csv:2: column \"v\\x1b\": \"2\\x00\\x1b\" is not a number"));
        QCOMPARE(errorOf([&] { t.column("w\t"); }), std::string("n\\x0aul.csv: no column \"w\\x09\" (columns: id, v\\x1b)"));
        const CsvTable e = CsvTable::parse(std::string("id\x7f,v\n") + " ,1\n", "e.csv");
        QCOMPARE(errorOf([&] { e.requiredText(e.rows()[0], 0); }), std::string("e.csv:2: column \"id\\x7f\": empty"));
        // Printable UTF-8 stays as it is.
        const CsvTable u = CsvTable::parse("id,wert\n1,\xC3\xA4\n", "u.csv");
        QCOMPARE(errorOf([&] { u.number(u.rows()[0], 1); }), std::string("u.csv:2: column \"wert\": \"\xC3\xA4\" is not a number"));
    }

    void splitRule()
    {
        std::vector<TrainingExample> items;
        for (int i = 0; i < 40; ++i)
            items.push_back(item("s" + std::to_string(i), "lab", "t", i % 4 == 0 ? "fluidr3" : "timgm6mb", std::uint64_t(100 + i)));
        for (int i = 0; i < 20; ++i) items.push_back(item("p" + std::to_string(i), "pmemo"));
        TrainingConfig::Source lab, pmemo;
        lab.name = "lab";
        lab.type = "lab";
        lab.holdout.soundfonts = {"fluidr3"};
        lab.holdout.seedsMod = std::pair<std::uint64_t, std::uint64_t>{10, 3};
        pmemo.name = pmemo.type = "pmemo";
        pmemo.validationFraction = 0.25;
        const SplitIndices split = DatasetSplit::split(items, {lab, pmemo}, 7);
        // The hold-out rule makes the test split; a fraction of the rest validates.
        for (const auto i : split.test) {
            QCOMPARE(items[i].source, std::string("lab"));
            QVERIFY(items[i].soundfont == "fluidr3" || *items[i].seed % 10 == 3);
        }
        QCOMPARE(split.test.size(), std::size_t(14)); // 10 fluidr3 songs + 4 with seed % 10 == 3
        int pmemoValidation = 0, labValidation = 0;
        for (const auto i : split.validation) {
            ++(items[i].source == "pmemo" ? pmemoValidation : labValidation);
            if (items[i].source == "lab") QVERIFY(items[i].soundfont != "fluidr3" && *items[i].seed % 10 != 3);
        }
        for (const auto i : split.training)
            if (items[i].source == "lab") QVERIFY(items[i].soundfont != "fluidr3" && *items[i].seed % 10 != 3);
        QCOMPARE(pmemoValidation, 5);
        QCOMPARE(labValidation, 4); // round(0.15 * 26)
        QCOMPARE(split.training.size() + split.validation.size() + split.test.size(), items.size());
        // Independent of listing order.
        std::vector<TrainingExample> reversed(items.rbegin(), items.rend());
        const SplitIndices again = DatasetSplit::split(reversed, {lab, pmemo}, 7);
        std::set<std::string> a, b;
        for (const auto i : split.validation) a.insert(items[i].id);
        for (const auto i : again.validation) b.insert(reversed[i].id);
        QCOMPARE(a, b);
        // Another seed, another fraction split.
        const SplitIndices other = DatasetSplit::split(items, {lab, pmemo}, 8);
        std::set<std::string> c;
        for (const auto i : other.validation) c.insert(items[i].id);
        QVERIFY(a != c);
    }

    void balancedSamplingCoversTagsEvenly()
    {
        std::vector<TrainingExample> items;
        std::vector<std::size_t> indices;
        const std::vector<std::pair<std::string, int>> tags{{"ballad", 1}, {"march", 2}, {"jazz", 9}};
        for (const auto& [tag, n] : tags)
            for (int i = 0; i < n; ++i) {
                indices.push_back(items.size());
                items.push_back(item(tag + std::to_string(i), "lab", tag));
            }
        const BalancedSampler balanced(items, indices, true);
        const auto draws = balanced.draw(300, 5);
        std::map<std::string, int> perTag;
        std::map<std::string, int> perItem;
        for (const auto i : draws) {
            ++perTag[items[i].tag];
            ++perItem[items[i].id];
        }
        for (const auto& [tag, n] : tags) QCOMPARE(perTag[tag], 100);
        QCOMPARE(perItem["march0"], 50);
        for (int i = 0; i < 9; ++i) QVERIFY(perItem["jazz" + std::to_string(i)] >= 11 && perItem["jazz" + std::to_string(i)] <= 12);
        QCOMPARE(balanced.draw(300, 5), draws); // seeded
        const BalancedSampler plain(items, indices, false);
        std::map<std::string, int> plainTags;
        for (const auto i : plain.draw(120, 5)) ++plainTags[items[i].tag];
        QCOMPARE(plainTags["jazz"], 90); // every item once per pass of 12
    }
};

QTEST_GUILESS_MAIN(TestTrainSources)
#include "tst_train_sources.moc"
