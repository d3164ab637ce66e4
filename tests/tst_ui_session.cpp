// The window's document (SongSession) alone, and with the real AnalysisWorker: results
// of any job but the current one are dropped; a new song clears everything; the
// selection and the explanation mask live in the document; the worker tags every signal
// with its job id; destroying the worker in the middle of a long separation returns
// promptly (cancel is checked inside the separator's loops).
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

#include "AnalysisWorker.h"
#include "SongSession.h"
#include "audio/AudioEncoder.h"
#include "model/ModelPackage.h"

using namespace emotrace;
using emotrace::ui::AnalysisJobSettings;
using emotrace::ui::AnalysisWorker;
using emotrace::ui::SongSession;

namespace {

AnalysisResult resultFor(const std::string& song, double arousal)
{
    AnalysisResult r;
    r.song.path = song;
    r.targets = {"arousal", "valence"};
    r.emotions = {arousal, 0.5};
    return r;
}

/// Level two with three stems and one target: weights 0.3, -0.2, 0.5.
SourceExplanation threeStems()
{
    SourceExplanation ex;
    ex.stems = {"drums", "bass", "other"};
    ex.components = ex.stems;
    ex.targets = {"arousal"};
    ComponentExplanation ce;
    ce.weights = {0.3, -0.2, 0.5};
    ex.explanation.targets = {ce};
    return ex;
}

/// Stereo noise with a 2-Hz pulse (so every stem has something), seconds long.
AudioBuffer noise(double seconds)
{
    AudioBuffer b;
    b.sampleRate = 44100;
    b.channels = 2;
    const auto frames = std::size_t(seconds * b.sampleRate);
    b.samples.resize(frames * 2);
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < frames; ++i) {
        state = state * 1664525u + 1013904223u;
        const float n = float(int(state >> 9) - (1 << 22)) / float(1 << 22);
        const float pulse = (i % 22050) < 800 ? 0.5f : 0.0f;
        b.samples[2 * i] = 0.2f * n + pulse;
        b.samples[2 * i + 1] = 0.15f * n + pulse;
    }
    return b;
}

} // namespace

class TestUiSession : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        AnalysisWorker::registerMetaTypes();
        m_model = m_dir.path() + "/model";
        const LoadedModel model = ModelPackage::untrained(8, 1);
        ModelPackage::save(m_model.toStdString(), model.info, model.network);
    }

    void staleResultsAreDropped()
    {
        SongSession session;
        QSignalSpy levelOne(&session, &SongSession::levelOneChanged);
        session.begin("/a.wav", 1);
        session.setLevelOne(1, resultFor("/a.wav", 0.1));
        QCOMPARE(session.levelOne()->song.path, std::string("/a.wav"));

        // A newer job: A's late result (emitted just before its cancel landed) is ignored.
        session.begin("/b.wav", 2);
        QVERIFY(!session.levelOne().has_value());
        const int before = levelOne.count();
        session.setLevelOne(1, resultFor("/a.wav", 0.1));
        session.setLevelTwo(1, threeStems());
        session.setStems(1, std::make_shared<const StemSet>());
        session.fail(1, "a.wav: late failure");
        QCOMPARE(levelOne.count(), before);
        QVERIFY(!session.levelOne().has_value());
        QVERIFY(!session.levelTwo().has_value());
        QVERIFY(!session.stems());
        QCOMPARE(session.state(), SongSession::State::Running);
        QVERIFY(session.errorMessage().isEmpty());

        session.setLevelOne(2, resultFor("/b.wav", 0.9));
        session.finish(2);
        QCOMPARE(session.levelOne()->song.path, std::string("/b.wav"));
        QCOMPARE(session.state(), SongSession::State::Finished);
        session.cancel(1); // stale: the finished job stays finished
        QCOMPARE(session.state(), SongSession::State::Finished);
        QVERIFY(!session.isCurrent(0));
    }

    void modelOutlivesTheSongButNotItsFolder()
    {
        SongSession session;
        session.begin("/a.wav", 7);
        ModelInfo info;
        info.name = "m";
        session.setModel(7, info, "/models/m");
        session.begin("/b.wav", 8);
        QVERIFY(session.model().has_value()); // until another job loads another model
        QCOMPARE(session.modelFolder(), QString("/models/m"));
        session.setModel(7, ModelInfo{}, "/models/stale");
        QCOMPARE(session.modelFolder(), QString("/models/m"));
    }

    void selectionAndExplanationMask()
    {
        SongSession session;
        QSignalSpy target(&session, &SongSession::selectedTargetChanged);
        QSignalSpy size(&session, &SongSession::explanationSizeChanged);
        QCOMPARE(session.selectedTarget(), QString("arousal"));
        QVERIFY(session.explanationMask(false).empty()); // no level two yet

        session.begin("/a.wav", 1);
        session.setLevelTwo(1, threeStems());
        QCOMPARE(session.explanationSize(), SongSession::kDefaultExplanationSize);
        // top 2 positive: other (0.5), drums (0.3); bass is negative, never in it
        QCOMPARE(session.explanationMask(false), (std::vector<std::uint8_t>{1, 0, 1}));
        QCOMPARE(session.explanationMask(true), (std::vector<std::uint8_t>{0, 1, 0}));
        session.setExplanationSize(1);
        QCOMPARE(session.explanationMask(false), (std::vector<std::uint8_t>{0, 0, 1}));
        session.setExplanationSize(3);
        QCOMPARE(session.explanationMask(false), (std::vector<std::uint8_t>{1, 0, 1}));
        session.setExplanationSize(0); // clamped to 1
        QCOMPARE(session.explanationSize(), 1);
        QCOMPARE(size.count(), 3);

        session.setSelectedTarget("valence"); // not explained: empty mask
        QVERIFY(session.explanationMask(false).empty());
        session.setSelectedTarget("valence");
        session.setSelectedTarget("");
        QCOMPARE(target.count(), 1);
        QCOMPARE(session.selectedTarget(), QString("valence"));
    }

    void workerTagsEverySignalWithItsJob()
    {
        const QString song = m_dir.path() + "/short.wav";
        AudioEncoder::write(song.toStdString(), noise(6.0), AudioEncoder::Format::Wav, 16);
        AnalysisJobSettings settings;
        settings.modelFolder = m_model;
        settings.windowSeconds = 5.0;
        settings.threads = 1;
        AnalysisWorker worker;
        SongSession session;
        QSignalSpy started(&worker, &AnalysisWorker::started);
        QSignalSpy levelOne(&worker, &AnalysisWorker::levelOneReady);
        QSignalSpy finished(&worker, &AnalysisWorker::finished);
        QSignalSpy cancelled(&worker, &AnalysisWorker::cancelled);
        connect(&worker, &AnalysisWorker::levelOneReady, &session, &SongSession::setLevelOne);
        connect(&worker, &AnalysisWorker::finished, &session, &SongSession::finish);
        connect(&worker, &AnalysisWorker::cancelled, &session, &SongSession::cancel);

        const quint64 first = worker.open(song, settings);
        session.begin(song, first);
        QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, 30000);
        const quint64 second = worker.open(song, settings);
        session.begin(song, second);
        QVERIFY(second > first && first > 0);
        // The spy and the session each get their own queued call of `finished`: wait for
        // both, not only the spy's (the session's may still be in the queue).
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 && session.state() == SongSession::State::Finished, 120000);
        QCOMPARE(finished.first().at(0).value<quint64>(), second);
        // Whatever the first job still emitted carries its own id, and the session kept
        // only the second job's result.
        for (const auto& call : levelOne) QVERIFY(call.at(0).value<quint64>() == first || call.at(0).value<quint64>() == second);
        for (const auto& call : cancelled) QCOMPARE(call.at(0).value<quint64>(), first);
        QVERIFY(session.levelOne().has_value());
        QCOMPARE(session.state(), SongSession::State::Finished);
        QCOMPARE(session.job(), second);
    }

    void destroyingTheWorkerDuringSeparationReturnsPromptly()
    {
        // Ten minutes: each of the built-in separator's median filters takes seconds, so a
        // cancel checked only between its stages would keep the window from closing. (The
        // whole-song STFT before them is still one libtorch call that cannot be
        // interrupted: seconds on a long song, until separation is chunked.)
        const QString song = m_dir.path() + "/long.wav";
        AudioEncoder::write(song.toStdString(), noise(600.0), AudioEncoder::Format::Wav, 16);
        AnalysisJobSettings settings;
        settings.modelFolder = m_model;
        settings.windowSeconds = 40.0;
        settings.threads = 1;
        settings.separatorSpec = "builtin"; // the median filters above (the learned one checks cancel per 30-s chunk)
        auto worker = std::make_unique<AnalysisWorker>();
        bool separating = false;
        connect(worker.get(), &AnalysisWorker::progress, this, [&](quint64, const QString& stage, int percent) {
            if (stage == "separate" && percent >= 30) separating = true; // in the second median filter
        });
        worker->open(song, settings);
        QTRY_VERIFY_WITH_TIMEOUT(separating, 300000);
        QElapsedTimer clock;
        clock.start();
        worker.reset();
        const qint64 ms = clock.elapsed();
        qInfo("worker destroyed %lld ms after the close request, mid-separation of a 10-min song", ms);
        // A hang detector, not a speed assert: the whole separation stage takes far longer.
        QVERIFY2(ms < 8000, qPrintable(QString("closing waited %1 ms for the separation").arg(ms)));
    }
};

QTEST_MAIN(TestUiSession)
#include "tst_ui_session.moc"
