// The desktop explorer end to end on the offscreen platform: an untrained model package,
// the builtin separator and a 10-s window; a 12-s song made here; both levels shown with
// the core's numbers; stem controls; exports read back; the GUI thread never stalls long.
#include <QAbstractButton>
#include <QElapsedTimer>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTranslator>
#include <QTextBrowser>
#include <QTemporaryDir>
#include <QtTest>

#include "model/ModelPackage.h"

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ChartData.h"
#include "EmotionPlaneView.h"
#include "MainWindow.h"
#include "MidLevelChartView.h"
#include "ModelCardView.h"
#include "SettingsDialog.h"
#include "SettingsKeys.h"
#include "SongSession.h"
#include "StemMixer.h"
#include "StemsPanel.h"
#include "WaveformView.h"
#include "analysis/SongAnalyzer.h"
#include "audio/AudioDecoder.h"
#include "audio/AudioEncoder.h"
#include "model/ModelPackage.h"

using namespace emotrace;
using emotrace::ui::MainWindow;
namespace keys = emotrace::ui::SettingsKeys;

namespace {

/// 12 s of stereo at 44.1 kHz: a low and a high sine, a slow chord, and clicks every 0.5 s.
AudioBuffer makeSong()
{
    AudioBuffer b;
    b.sampleRate = 44100;
    b.channels = 2;
    const int frames = 12 * b.sampleRate;
    b.samples.resize(std::size_t(frames) * 2);
    const double pi = 3.14159265358979323846;
    for (int i = 0; i < frames; ++i) {
        const double t = double(i) / b.sampleRate;
        double l = 0.2 * std::sin(2 * pi * 110.0 * t) + 0.1 * std::sin(2 * pi * 1760.0 * t);
        double r = 0.2 * std::sin(2 * pi * 220.0 * t) + 0.1 * std::sin(2 * pi * 659.25 * t) * (0.5 + 0.5 * std::sin(2 * pi * 0.25 * t));
        const int inBeat = i % (b.sampleRate / 2);
        if (inBeat < 200) {
            const double click = 0.5 * std::exp(-inBeat / 30.0);
            l += click;
            r += click;
        }
        b.samples[std::size_t(i) * 2] = float(l);
        b.samples[std::size_t(i) * 2 + 1] = float(r);
    }
    return b;
}

QString readText(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

} // namespace

class TestUiWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_model;
    QString m_song;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Settings of this test only, never the user's.
        qputenv("XDG_CONFIG_HOME", (m_dir.path() + "/config").toUtf8());
        QCoreApplication::setOrganizationName("EmoTrace-test");
        QCoreApplication::setApplicationName("tst_ui_window");
        m_model = m_dir.path() + "/model";
        LoadedModel model = ModelPackage::untrained(8, 1);
        // An emotion baseline as training gives one (label means): the charts show it.
        model.network->setEmotionBaseline({{0.55, 0.4, 0.35, 0.6, 0.3, 0.65, 0.45}, {0.52, 0.48}});
        ModelPackage::save(m_model.toStdString(), model.info, model.network);
        m_song = m_dir.path() + "/song.wav";
        AudioEncoder::write(m_song.toStdString(), makeSong(), AudioEncoder::Format::Wav, 16);
        QSettings s;
        s.clear();
        s.setValue(keys::ModelFolder, m_model);
        s.setValue(keys::SeparatorSpec, "builtin");
        s.setValue(keys::WindowSeconds, 10.0);
        s.setValue(keys::Threads, 1);
        s.sync();
    }

    void analysesShowsAndExports()
    {
        MainWindow window;
        window.resize(1280, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The longest gap between 10-ms ticks while the song is analysed.
        QElapsedTimer clock;
        qint64 last = 0, worst = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        QSignalSpy failed(&window, &MainWindow::analysisFailed);
        clock.start();
        ticker.start();
        QVERIFY(window.openSong(m_song));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 300000);
        ticker.stop();
        if (!failed.isEmpty()) QFAIL(qPrintable(failed.first().first().toString()));
        // Printed, not asserted: wall-clock figures do not belong in CTest (shared machines).
        qInfo("longest GUI event-loop stall while analysing: %lld ms (analysis took %lld ms)", worst, clock.elapsed());

        // Level one: the charts hold the core's numbers.
        AnalysisSettings settings;
        settings.windowSeconds = 10.0;
        settings.hopSeconds = 5.0;
        SongAnalyzer analyzer(ModelPackage::load(m_model.toStdString()), settings);
        const AnalysisResult expected = analyzer.analyze(m_song.toStdString());
        QVERIFY(window.levelOne().has_value());
        const AnalysisResult& shown = *window.levelOne();
        QCOMPARE(shown.windows.size(), expected.windows.size());
        auto* mid = window.midLevelChart();
        QCOMPARE(mid->panelCount(), 1 + int(expected.targets.size()));
        const auto values = mid->bars(0);
        QCOMPARE(values.size(), expected.features.size());
        for (std::size_t j = 0; j < values.size(); ++j) {
            QCOMPARE(values[j].first, QString::fromStdString(expected.features[j]));
            QVERIFY(std::abs(values[j].second - expected.concepts[j]) < 1e-6);
        }
        for (std::size_t k = 0; k < expected.targets.size(); ++k) {
            const auto bars = mid->bars(1 + int(k));
            // The baseline first, as its own bar; then the effects, sorted.
            QCOMPARE(bars.size(), expected.features.size() + 1);
            QCOMPARE(bars.front().first, QString(ui::MidLevelChartView::kBaselineBar));
            QCOMPARE(bars.front().second, expected.effects.baseline[k]);
            QCOMPARE(bars.front().second, k == 0 ? 0.52 : 0.48);
            double sum = bars.front().second;
            for (std::size_t i = 1; i < bars.size(); ++i) {
                const auto it = std::find(expected.features.begin(), expected.features.end(), bars[i].first.toStdString());
                QVERIFY(it != expected.features.end());
                QVERIFY(std::abs(bars[i].second - expected.effects.effects[k][std::size_t(it - expected.features.begin())]) < 1e-6);
                if (i > 1) QVERIFY(bars[i - 1].second >= bars[i].second); // sorted
                sum += bars[i].second;
            }
            QVERIFY(std::abs(sum - expected.emotions[k]) < 1e-6); // baseline + effects = prediction
        }
        // Shares leave the baseline out: it is not a feature's.
        mid->setRelative(true);
        QCOMPARE(mid->bars(1).size(), expected.features.size());
        for (const auto& bar : mid->bars(1)) QVERIFY(bar.first != ui::MidLevelChartView::kBaselineBar);
        mid->setRelative(false);
        const int a = int(std::find(expected.targets.begin(), expected.targets.end(), "arousal") - expected.targets.begin());
        const int v = int(std::find(expected.targets.begin(), expected.targets.end(), "valence") - expected.targets.begin());
        QVERIFY(std::abs(window.emotionPlane()->songPoint().y() - expected.emotions[std::size_t(a)]) < 1e-6);
        QVERIFY(std::abs(window.emotionPlane()->songPoint().x() - expected.emotions[std::size_t(v)]) < 1e-6);
        QCOMPARE(window.emotionPlane()->trajectory().size(), qsizetype(expected.windows.size()));

        // Level two: ranked sources, Shapley values, every perturbation.
        QVERIFY(window.levelTwo().has_value());
        const SourceExplanation& ex = *window.levelTwo();
        auto* panel = window.stemsPanel();
        QCOMPARE(panel->selectedTarget(), QString("arousal"));
        const int t = ex.targetIndex("arousal");
        const auto ranking = ex.ranking("arousal");
        QCOMPARE(panel->stemTable()->rowCount(), int(ex.components.size()));
        for (int row = 0; row < int(ranking.size()); ++row) {
            const double w = panel->stemTable()->item(row, ui::StemsPanel::ColWeight)->data(Qt::UserRole).toDouble();
            QCOMPARE(w, ex.explanation.targets[std::size_t(t)].weights[std::size_t(ranking[std::size_t(row)])]);
            QVERIFY(!panel->stemTable()->item(row, ui::StemsPanel::ColWeight)->toolTip().isEmpty());
        }
        QCOMPARE(panel->perturbationTable()->rowCount(), int(ex.explanation.perturbations.rows.size()));
        for (int r = 0; r < panel->perturbationTable()->rowCount(); ++r)
            QCOMPARE(panel->perturbationTable()->item(r, ui::StemsPanel::ColPrediction)->data(Qt::UserRole).toDouble(),
                     ex.explanation.predictions[std::size_t(r)][std::size_t(t)]);

        // Clicking a mid-level bar selects that feature in the sources panel.
        QTest::mouseClick(mid, Qt::LeftButton, {}, mid->barCenter(0, 3));
        QTRY_COMPARE(panel->selectedTarget(), QString::fromStdString(expected.features[3]));
        QCOMPARE(window.session()->selectedTarget(), QString::fromStdString(expected.features[3]));
        window.session()->setSelectedTarget("valence");
        QCOMPARE(panel->selectedTarget(), QString("valence"));
        // Clicking a panel's baseline bar selects its emotion.
        QTest::mouseClick(mid, Qt::LeftButton, {}, mid->barCenter(1, 0));
        QTRY_COMPARE(window.session()->selectedTarget(), QString::fromStdString(expected.targets[0]));
        window.session()->setSelectedTarget("valence");

        // Stem controls reach the mixer.
        auto* mixer = window.mixer();
        QVERIFY(mixer->hasStems());
        QCOMPARE(int(mixer->stemNames().size()), int(ex.stems.size()));
        const int stem0 = panel->stemOfRow(0);
        panel->muteButton(0)->click();
        QVERIFY(mixer->stemMuted(stem0));
        QVERIFY(mixer->useStems());
        panel->muteButton(0)->click();
        QVERIFY(!mixer->stemMuted(stem0));
        if (panel->stemTable()->rowCount() > 1) {
            const int stem1 = panel->stemOfRow(1);
            panel->soloButton(1)->click();
            QVERIFY(mixer->stemSolo(stem1));
            QVERIFY(panel->soloButton(1)->isChecked());
        }
        mixer->play();
        QTRY_VERIFY_WITH_TIMEOUT(mixer->position() > 0.05, 5000);
        mixer->stop();

        // Exports, read back.
        const QString out = m_dir.path() + "/export";
        QVERIFY(QDir().mkpath(out));
        QString error;
        QVERIFY2(window.exportChart(MainWindow::Chart::MidLevel, out + "/mid.png", &error), qPrintable(error));
        const QImage png(out + "/mid.png");
        QVERIFY(!png.isNull() && png.width() > 100 && png.height() > 100);
        // At a chosen size (a figure for a paper), not the window's.
        QVERIFY2(window.exportChart(MainWindow::Chart::MidLevel, out + "/mid-sized.png", &error, QSize(1600, 900)), qPrintable(error));
        QCOMPARE(QImage(out + "/mid-sized.png").size(), QSize(1600, 900));
        QVERIFY2(window.exportChart(MainWindow::Chart::Sources, out + "/sources.pdf", &error), qPrintable(error));
        QVERIFY(readText(out + "/sources.pdf").startsWith("%PDF"));
        QVERIFY2(window.exportChart(MainWindow::Chart::EmotionPlane, out + "/plane.jpg", &error), qPrintable(error));
        QVERIFY(!QImage(out + "/plane.jpg").isNull());
        QVERIFY2(window.exportChart(MainWindow::Chart::MidLevel, out + "/mid.csv", &error), qPrintable(error));
        const QStringList lines = readText(out + "/mid.csv").split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + int(expected.features.size()) + 2); // + the baseline and prediction rows
        QVERIFY(lines[0].startsWith("feature,value,mean,effect_arousal,relative_arousal"));
        const QStringList first = lines[1].split(',');
        QCOMPARE(first[0], QString::fromStdString(expected.features[0]));
        QVERIFY(std::abs(first[1].toDouble() - expected.concepts[0]) < 1e-12);
        QCOMPARE(first[2].toDouble(), 0.55); // m_bar of melodiousness
        const QStringList baselineRow = lines[lines.size() - 2].split(',');
        const QStringList predictionRow = lines.back().split(',');
        QCOMPARE(baselineRow[0], QString("baseline"));
        QCOMPARE(predictionRow[0], QString("prediction"));
        for (std::size_t k = 0; k < expected.targets.size(); ++k) {
            QCOMPARE(baselineRow[3 + 2 * int(k)].toDouble(), expected.effects.baseline[k]);
            QVERIFY(baselineRow[4 + 2 * int(k)].isEmpty()); // not a share
            QVERIFY(std::abs(predictionRow[3 + 2 * int(k)].toDouble() - expected.emotions[k]) < 1e-12);
            double sum = baselineRow[3 + 2 * int(k)].toDouble();
            for (int row = 1; row <= int(expected.features.size()); ++row) sum += lines[row].split(',')[3 + 2 * int(k)].toDouble();
            QVERIFY(std::abs(sum - expected.emotions[k]) < 1e-12);
        }
        QVERIFY2(window.exportChart(MainWindow::Chart::Perturbations, out + "/mixes.csv", &error), qPrintable(error));
        QCOMPARE(readText(out + "/mixes.csv").split('\n', Qt::SkipEmptyParts).size(), 1 + int(ex.explanation.perturbations.rows.size()));
        QVERIFY(!window.exportChart(MainWindow::Chart::Perturbations, out + "/mixes.png", &error));
        QVERIFY2(window.exportAnalysisJson(out + "/analysis.json", &error), qPrintable(error));
        const AnalysisResult back = AnalysisResult::fromJson(nlohmann::json::parse(readText(out + "/analysis.json").toStdString()), "analysis.json");
        QCOMPARE(back.concepts.size(), expected.concepts.size());
        for (std::size_t j = 0; j < back.concepts.size(); ++j) QVERIFY(std::abs(back.concepts[j] - expected.concepts[j]) < 1e-9);
        QCOMPARE(back.effects.baseline, expected.effects.baseline);
        QCOMPARE(back.effects.featureMeans, expected.effects.featureMeans);
        QVERIFY2(window.exportExplanationJson(out + "/explanation.json", &error), qPrintable(error));
        QVERIFY(nlohmann::json::parse(readText(out + "/explanation.json").toStdString()).is_object());
        // No temporary files left beside the exports.
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 8);

        // The waterfall: the baseline from 0, then each effect starts where the previous
        // ended; the last bar is the prediction, which baseline and effects add up to.
        mid->setWaterfall(true);
        for (std::size_t k = 0; k < expected.targets.size(); ++k) {
            const auto steps = mid->waterfallSteps(1 + int(k));
            QCOMPARE(steps.size(), expected.features.size() + 2);
            QCOMPARE(steps.front().first, 0.0);
            QCOMPARE(steps.front().second, expected.effects.baseline[k]);
            QCOMPARE(mid->bars(1 + int(k)).front().first, QString(ui::MidLevelChartView::kBaselineBar));
            for (std::size_t i = 1; i + 1 < steps.size(); ++i) QCOMPARE(steps[i].first, steps[i - 1].second);
            QCOMPARE(steps.back().first, 0.0);
            QVERIFY(std::abs(steps.back().second - expected.emotions[k]) < 1e-5);
            QVERIFY(std::abs(steps[steps.size() - 2].second - steps.back().second) < 1e-12);
        }
        QVERIFY2(window.exportChart(MainWindow::Chart::MidLevel, out + "/waterfall.png", &error), qPrintable(error));
        mid->setWaterfall(false);
        QVERIFY(mid->waterfallSteps(1).empty());

        // The waveform overview came from the worker thread, over the whole song.
        QCOMPARE(int(window.waveform()->envelope().size()), ui::WaveformEnvelope::kBuckets);
        QVERIFY(std::abs(window.waveform()->duration() - 12.0) < 1e-6);
        QVERIFY(window.waveform()->envelope()[100].second > 0.1f);

        // "Play explanation" plays the top positive stems for the target, "play the rest"
        // the others: the mixer mutes what the mask leaves out.
        window.session()->setSelectedTarget("arousal");
        panel->topCountBox()->setValue(1); // the panel's box edits the document's selection
        QCOMPARE(window.session()->explanationSize(), 1);
        const auto explanation = window.session()->explanationMask(false);
        const auto rest = window.session()->explanationMask(true);
        QCOMPARE(explanation.size(), ex.stems.size());
        const auto& w = ex.explanation.targets[std::size_t(t)].weights;
        const int top = ranking.front();
        const bool anyPositive = w[std::size_t(top)] > 0.0;
        for (std::size_t i = 0; i < explanation.size(); ++i) {
            QCOMPARE(int(explanation[i]), anyPositive && int(i) == top ? 1 : 0);
            QCOMPARE(int(rest[i]), 1 - int(explanation[i]));
        }
        if (anyPositive) {
            QVERIFY(panel->playExplanation(false));
            QVERIFY(mixer->isPlaying() && mixer->useStems());
            for (std::size_t i = 0; i < explanation.size(); ++i) QCOMPARE(mixer->stemMuted(int(i)), explanation[i] == 0);
            mixer->stop();
        }

        // Stems and the explanation mix as audio files: they decode to what was separated.
        QString err;
        QVERIFY2(window.exportStems(out + "/stems", AudioEncoder::Format::Flac, &err), qPrintable(err));
        std::vector<AudioBuffer> written;
        for (const auto& name : ex.stems) {
            const QString file = out + "/stems/song-" + QString::fromStdString(name) + ".flac";
            QVERIFY2(QFileInfo(file).isFile(), qPrintable(file));
            written.push_back(AudioDecoder::decode(file.toStdString()));
            QCOMPARE(written.back().sampleRate, 44100);
            QCOMPARE(written.back().channels, 2);
        }
        QVERIFY2(window.exportExplanationMix(out + "/explanation.wav", false, &err), qPrintable(err));
        QVERIFY2(window.exportExplanationMix(out + "/rest.flac", true, &err), qPrintable(err));
        const AudioBuffer e = AudioDecoder::decode((out + "/explanation.wav").toStdString());
        const AudioBuffer r = AudioDecoder::decode((out + "/rest.flac").toStdString());
        QCOMPARE(e.samples.size(), written.front().samples.size());
        // explanation + rest = all stems (= the mix for the builtin separator), to 24-bit steps.
        float mixError = 0.0f;
        for (std::size_t k = 0; k < e.samples.size(); ++k) {
            float sum = 0.0f;
            for (const auto& stem : written) sum += stem.samples[k];
            mixError = std::max(mixError, std::abs(e.samples[k] + r.samples[k] - sum));
        }
        QVERIFY2(mixError < 1e-5f, qPrintable(QString::number(double(mixError))));
        QVERIFY(!window.exportExplanationMix(out + "/bad.mp3", false, &err));
        QVERIFY2(err.contains("bad.mp3"), qPrintable(err));

        // The model card shows the model in use.
        ui::ModelCardView* card = window.showModelCard();
        QVERIFY(card->summary()->toPlainText().contains(QString::fromStdString(ModelPackage::load(m_model.toStdString()).info.name)));
        QVERIFY(card->summary()->toPlainText().contains("Untrained"));
        QVERIFY(card->summary()->toPlainText().contains("Emotion baseline"));
    }

    void chartsOfAModelWithoutABaseline()
    {
        // A model without a baseline (the paper's e = W m, e.g. emotrace-lab-v1): a baseline
        // bar of 0, the effects W m as before, and they alone add up to the prediction.
        AnalysisResult r;
        r.features = {"melodiousness", "dissonance"};
        r.targets = {"arousal", "valence"};
        r.concepts = {0.6, 0.2};
        r.weights = {{0.5, 1.0}, {-1.26, -0.4}};
        r.effects = EmotionEffects::compute(r.weights, r.concepts);
        r.emotions = {r.effects.total(0), r.effects.total(1)};
        ui::MidLevelChartView chart;
        chart.setResult(r);
        const auto bars = chart.bars(2);
        QCOMPARE(bars.size(), std::size_t(3));
        QCOMPARE(bars[0], std::make_pair(QString("baseline"), 0.0));
        QCOMPARE(bars[1], std::make_pair(QString("dissonance"), -0.4 * 0.2));
        QCOMPARE(bars[2], std::make_pair(QString("melodiousness"), -1.26 * 0.6));
        chart.setWaterfall(true);
        const auto steps = chart.waterfallSteps(2);
        QCOMPARE(steps.size(), std::size_t(4));
        QCOMPARE(steps.front(), std::make_pair(0.0, 0.0));
        QCOMPARE(steps.back().second, -0.4 * 0.2 + -1.26 * 0.6);
        const QStringList csv = ui::ChartData::midLevelCsv(r).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(csv.size(), 5);
        QCOMPARE(csv[1], QString("melodiousness,0.59999999999999998,0,0.29999999999999999,0.59999999999999998,-0.75600000000000001,-0.90430622009569372"));
        QCOMPARE(csv[3], QString("baseline,,,0,,0,"));
        QCOMPARE(csv[4].split(',')[5].toDouble(), r.emotions[1]);
    }

    void modelCardShowsHeldOutMetrics()
    {
        ModelInfo info;
        info.name = "card-test";
        info.version = "7";
        info.trained = true;
        info.metrics = {{"validation", {{"songs", 5}, {"targets", {{"arousal", {{"pearson", 0.5}, {"rmse", 0.2}}}}}}},
                        {"test", {{"songs", 40}, {"targets", {{"arousal", {{"pearson", 0.812}, {"rmse", 0.104}}},
                                                             {"minorness", {{"pearson", nullptr}, {"rmse", 0.3}}}}}}}};
        info.limitations = {"Trained on synthetic music only."};
        const QString html = ui::ModelCardView::summaryHtml(info);
        QVERIFY(html.contains("card-test"));
        QVERIFY(html.contains("Held-out test metrics (40 songs)"));
        QVERIFY(html.contains("0.812"));
        QVERIFY(!html.contains("0.500")); // the test split, not validation
        QVERIFY(html.contains("Trained on synthetic music only."));
        QVERIFY(!html.contains("Untrained"));
        ui::ModelCardView view;
        const QString folder = m_dir.path() + "/card";
        QVERIFY(QDir().mkpath(folder));
        {
            QFile md(folder + "/MODEL.md");
            QVERIFY(md.open(QIODevice::WriteOnly));
            md.write("# Card test\n\nMade for a **test**.\n");
        }
        view.setModel(info, folder);
        QVERIFY(view.card()->toPlainText().contains("Made for a test."));
        QVERIFY(view.tabs()->isTabEnabled(1));
        view.setModel(info, m_dir.path());
        QVERIFY(!view.tabs()->isTabEnabled(1));
    }

    void germanTranslationIsEmbedded()
    {
        QTranslator german;
        QVERIFY(german.load(QLocale(QLocale::German, QLocale::Germany), "emotrace", "_", ":/i18n"));
        QVERIFY(QCoreApplication::installTranslator(&german));
        {
            MainWindow window;
            QStringList menus;
            for (QAction* a : window.menuBar()->actions()) menus << a->text();
            QVERIFY2(menus.contains("&Datei") && menus.contains("&Hilfe"), qPrintable(menus.join(',')));
            QVERIFY(window.findChild<QPushButton*>() != nullptr);
            bool found = false;
            for (QPushButton* b : window.findChildren<QPushButton*>()) found |= b->text() == "&Erklärung abspielen";
            QVERIFY(found);
        }
        QCoreApplication::removeTranslator(&german);
        MainWindow english;
        QCOMPARE(english.menuBar()->actions().first()->text(), QString("&File"));
    }

    void settingsDialogWritesTheSettings()
    {
        QSettings before;
        const QVariant keepModel = before.value(keys::ModelFolder);
        {
            ui::SettingsDialog dialog;
            QCOMPARE(dialog.modelFolderEdit()->text(), m_model);
            QCOMPARE(dialog.separatorKindBox()->currentIndex(), 0);
            QCOMPARE(dialog.windowSecondsBox()->value(), 10.0);
            QVERIFY(!dialog.apply()); // nothing changed
            dialog.separatorKindBox()->setCurrentIndex(1);
            dialog.separatorArgumentEdit()->setText(" /tmp/stems ");
            dialog.limeSegmentsBox()->setValue(3);
            dialog.limeSamplesBox()->setValue(200);
            dialog.threadsBox()->setValue(1);
            QVERIFY(dialog.apply());
        }
        QSettings s;
        QCOMPARE(s.value(keys::SeparatorSpec).toString(), QString("stems:/tmp/stems"));
        QCOMPARE(s.value(keys::LimeSegments).toInt(), 3);
        QCOMPARE(s.value(keys::LimeSamples).toInt(), 200);
        QCOMPARE(MainWindow::jobSettings().separatorSpec, QString("stems:/tmp/stems"));
        QCOMPARE(MainWindow::jobSettings().limeSegments, 3);
        {
            ui::SettingsDialog dialog; // reads back what was written
            QCOMPARE(dialog.separatorKindBox()->currentIndex(), 1);
            QCOMPARE(dialog.separatorArgumentEdit()->text(), QString("/tmp/stems"));
            dialog.separatorKindBox()->setCurrentIndex(0);
            dialog.limeSegmentsBox()->setValue(1);
            dialog.limeSamplesBox()->setValue(0);
            QVERIFY(dialog.apply());
        }
        QCOMPARE(ui::SettingsDialog::separatorSpec(2, "demucs"), QString("command:demucs"));
        QCOMPARE(ui::SettingsDialog::separatorSpec(3, "/m/sep.pt"), QString("model:/m/sep.pt"));
        QCOMPARE(ui::SettingsDialog::separatorSpec(4, " "), QString("learned"));
        QCOMPARE(ui::SettingsDialog::separatorSpec(4, "/m/sep"), QString("learned:/m/sep"));
        QCOMPARE(MainWindow::jobSettings().separatorSpec, QString("builtin"));
        QCOMPARE(s.value(keys::ModelFolder), keepModel);
    }

    void reopeningCancelsTheRunningJob()
    {
        MainWindow window;
        window.show();
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        QSignalSpy cancelled(window.worker(), &ui::AnalysisWorker::cancelled);
        QVERIFY(window.openSong(m_song));
        QTRY_VERIFY_WITH_TIMEOUT(window.waveform()->duration() > 0.0, 60000); // the first job is running
        QVERIFY(window.openSong(m_song));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 300000);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(window.levelTwo().has_value());
        QVERIFY(!window.worker()->isBusy());
    }

    void missingModelIsExplainedInTheWindow()
    {
        QSettings().setValue(keys::ModelFolder, QString());
        qunsetenv("EMOTRACE_MODEL");
        if (!emotrace::ModelPackage::defaultFolder().empty()) {
            // the shipped model is the fallback when nothing is configured
            QCOMPARE(MainWindow::configuredModelFolder().toStdString(), emotrace::ModelPackage::defaultFolder().string());
            QSettings().setValue(keys::ModelFolder, m_model);
            return;
        }
        MainWindow window;
        QVERIFY(window.bannerText().contains("emotrace-cli model init"));
        QSignalSpy failed(&window, &MainWindow::analysisFailed);
        QVERIFY(window.openSong(m_song));
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 60000);
        QVERIFY(window.bannerText().contains("emotrace-cli model init"));
        QVERIFY(window.waveform()->duration() > 11.9); // the song still plays without a model
        QVERIFY(!window.openSong(m_dir.path() + "/no-such-song.wav"));
        QVERIFY(window.bannerText().contains("no such file"));
        QSettings().setValue(keys::ModelFolder, m_model);
    }
};

QTEST_MAIN(TestUiWindow)
#include "tst_ui_window.moc"
