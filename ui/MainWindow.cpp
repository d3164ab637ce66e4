#include "MainWindow.h"

#include "model/ModelPackage.h"
#include "separation/StemWriter.h"
#include "util/Error.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QThreadPool>
#include <QToolBar>
#include <QVBoxLayout>

#include "QCustomPlotInclude.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "ChartExport.h"
#include "ColorScheme.h"
#include "EmotionPlaneView.h"
#include "MidLevelChartView.h"
#include "ModelCardView.h"
#include "SettingsDialog.h"
#include "SettingsKeys.h"
#include "StemMixer.h"
#include "StemsPanel.h"
#include "WaveformView.h"

namespace emotrace::ui {

namespace {

constexpr int kMaxRecent = 10;
constexpr double kSeekStepSeconds = 5.0;

QString clock(double seconds)
{
    const int s = int(std::max(0.0, seconds));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("EmoTrace"));
    setAcceptDrops(true);
    resize(1280, 860);
    m_worker = new AnalysisWorker(this);
    m_mixer = new StemMixer(this);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_banner = new QLabel(central);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setVisible(false);
    layout->addWidget(m_banner);
    m_waveform = new WaveformView(central);
    layout->addWidget(m_waveform);
    auto* split = new QSplitter(Qt::Vertical, central);
    auto* levelOne = new QSplitter(Qt::Horizontal, split);
    m_plane = new EmotionPlaneView(levelOne);
    m_midLevel = new MidLevelChartView(levelOne);
    levelOne->setStretchFactor(0, 1);
    levelOne->setStretchFactor(1, 2);
    levelOne->setSizes({400, 860});
    m_stems = new StemsPanel(m_mixer, split);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setCentralWidget(central);

    buildPlayer();
    buildMenus();
    buildStatusBar();

    connect(m_waveform, &WaveformView::seekRequested, m_mixer, &StemMixer::seek);
    connect(m_mixer, &StemMixer::positionChanged, this, &MainWindow::updateTime);
    connect(m_mixer, &StemMixer::playingChanged, this, [this](bool playing) {
        m_playAction->setText(playing ? tr("Pause") : tr("Play"));
    });
    connect(m_mixer, &StemMixer::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_midLevel, &MidLevelChartView::targetSelected, m_stems, &StemsPanel::selectTarget);

    connect(m_worker, &AnalysisWorker::started, this, [this](const QString& song) {
        if (song != m_song) return;
        resetViews();
        setBusy(true);
    });
    connect(m_worker, &AnalysisWorker::progress, this, [this](const QString& stage, int percent) {
        m_stage->setText(tr("%1…").arg(stage));
        m_progress->setValue(percent);
    });
    // The shared forms: no copy of the audio on this thread.
    connect(m_worker, &AnalysisWorker::sharedAudioReady, this, [this](const std::shared_ptr<const AudioBuffer>& audio) {
        m_mixer->setMix(audio);
    });
    connect(m_worker, &AnalysisWorker::envelopeReady, m_waveform, &WaveformView::setEnvelope);
    connect(m_worker, &AnalysisWorker::modelLoaded, this, [this](const ModelInfo& info) {
        m_plane->setRanges(info.targets, info.targetRanges);
        m_modelInfo = info;
        m_modelFolder = jobSettings().modelFolder;
        refreshModelCard();
    });
    connect(m_worker, &AnalysisWorker::levelOneReady, this, [this](const AnalysisResult& result) {
        m_levelOne = result;
        m_plane->setResult(result);
        m_midLevel->setResult(result);
        std::vector<std::pair<double, double>> windows;
        for (const auto& w : result.windows) windows.emplace_back(w.startSeconds, w.endSeconds);
        m_waveform->setWindows(windows);
        if (!result.model.trained)
            showBanner(tr("This model is UNTRAINED (seeded random weights): the pipeline runs, but the numbers carry no meaning."), false);
    });
    connect(m_worker, &AnalysisWorker::sharedStemsReady, this, [this](const std::shared_ptr<const StemSet>& stems) {
        m_stemSet = stems;
        if (!m_mixer->setStems(stems)) statusBar()->showMessage(tr("The stems do not fit the song; only the original mix can be played."), 8000);
    });
    connect(m_worker, &AnalysisWorker::levelTwoReady, this, [this](const SourceExplanation& explanation) {
        m_levelTwo = explanation;
        m_stems->setExplanation(explanation);
        m_waveform->setExcerpt(explanation.excerptStartSeconds, explanation.excerptEndSeconds);
        for (const auto& w : explanation.separatorWarnings) statusBar()->showMessage(QString::fromStdString(w), 8000);
    });
    connect(m_worker, &AnalysisWorker::finished, this, [this](const QString& song) {
        if (m_worker->isBusy()) return; // a newer job is queued
        setBusy(false);
        statusBar()->showMessage(tr("Analysed %1").arg(QFileInfo(song).fileName()), 8000);
        Q_EMIT analysisFinished(song);
    });
    connect(m_worker, &AnalysisWorker::cancelled, this, [this](const QString& song) {
        if (m_worker->isBusy()) return;
        setBusy(false);
        statusBar()->showMessage(tr("Analysis of %1 cancelled").arg(QFileInfo(song).fileName()), 8000);
    });
    connect(m_worker, &AnalysisWorker::failed, this, [this](const QString& message) {
        if (m_worker->isBusy()) return;
        setBusy(false);
        QString text = message;
        if (configuredModelFolder().isEmpty()) text = noModelText();
        showBanner(text, true);
        statusBar()->showMessage(message, 10000);
        Q_EMIT analysisFailed(message);
    });

    QSettings settings;
    m_volume->setValue(settings.value(SettingsKeys::Volume, 80).toInt());
    rebuildRecentMenu();
    setBusy(false);
    if (configuredModelFolder().isEmpty()) showBanner(noModelText(), true);
}

MainWindow::~MainWindow() = default;

QString MainWindow::noModelText()
{
    return tr("No model is configured. Choose a model package (File ▸ Settings…) or set $EMOTRACE_MODEL. "
                      "To try the pipeline without a trained model, make an untrained one with "
                      "`emotrace-cli model init --out DIR` and choose DIR.");
}

void MainWindow::buildPlayer()
{
    auto* bar = addToolBar(tr("Player"));
    bar->setObjectName("player");
    bar->setMovable(false);
    auto* open = bar->addAction(tr("Open…"));
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a song (Ctrl+O)"));
    connect(open, &QAction::triggered, this, [this] {
        QSettings settings;
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a song"), settings.value(SettingsKeys::LastFolder).toString(),
                                                          tr("Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.mp4 *.mkv);;All files (*)"));
        if (!file.isEmpty()) {
            settings.setValue(SettingsKeys::LastFolder, QFileInfo(file).absolutePath());
            openSong(file);
        }
    });
    bar->addSeparator();
    m_playAction = bar->addAction(tr("Play"));
    m_playAction->setShortcut(Qt::Key_Space);
    m_playAction->setToolTip(tr("Play or pause (Space)"));
    connect(m_playAction, &QAction::triggered, m_mixer, &StemMixer::togglePlay);
    auto* stop = bar->addAction(tr("Stop"));
    stop->setToolTip(tr("Stop and go back to the start"));
    connect(stop, &QAction::triggered, m_mixer, &StemMixer::stop);
    auto* back = new QAction(tr("Back 5 s"), this);
    back->setShortcut(Qt::Key_Left);
    connect(back, &QAction::triggered, this, [this] { m_mixer->seek(m_mixer->position() - kSeekStepSeconds); });
    auto* forward = new QAction(tr("Forward 5 s"), this);
    forward->setShortcut(Qt::Key_Right);
    connect(forward, &QAction::triggered, this, [this] { m_mixer->seek(m_mixer->position() + kSeekStepSeconds); });
    addAction(back);
    addAction(forward);
    m_time = new QLabel(clock(0) + " / " + clock(0), bar);
    m_time->setMinimumWidth(110);
    m_time->setAlignment(Qt::AlignCenter);
    bar->addWidget(m_time);
    bar->addWidget(new QLabel(tr("Volume"), bar));
    m_volume = new QSlider(Qt::Horizontal, bar);
    m_volume->setRange(0, 100);
    m_volume->setMaximumWidth(140);
    m_volume->setFocusPolicy(Qt::NoFocus);
    m_volume->setToolTip(tr("Playback volume"));
    connect(m_volume, &QSlider::valueChanged, this, [this](int v) {
        m_mixer->setVolume(v / 100.0);
        QSettings().setValue(SettingsKeys::Volume, v);
    });
    bar->addWidget(m_volume);
    bar->addSeparator();
    m_relative = new QCheckBox(tr("Relative effects"), bar);
    m_relative->setFocusPolicy(Qt::NoFocus);
    m_relative->setToolTip(tr("Show each feature's effect as its share of all effects on the emotion (signed), as in the paper."));
    connect(m_relative, &QCheckBox::toggled, m_midLevel, &MidLevelChartView::setRelative);
    bar->addWidget(m_relative);
    auto* waterfall = new QCheckBox(tr("Waterfall"), bar);
    waterfall->setFocusPolicy(Qt::NoFocus);
    waterfall->setShortcut(QKeySequence(tr("W")));
    waterfall->setToolTip(tr("Show the effects as steps that add up, feature by feature, to the predicted emotion (W)."));
    connect(waterfall, &QCheckBox::toggled, m_midLevel, &MidLevelChartView::setWaterfall);
    bar->addWidget(waterfall);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(findChild<QToolBar*>("player")->actions().first());
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    const std::pair<Chart, QString> charts[] = {{Chart::EmotionPlane, tr("Emotion plane…")},
                                                {Chart::MidLevel, tr("Mid-level features and effects…")},
                                                {Chart::Sources, tr("Sources (audioLIME and Shapley)…")},
                                                {Chart::Perturbations, tr("Perturbation table (CSV)…")},
                                                {Chart::Waveform, tr("Waveform…")}};
    int key = 1;
    for (const auto& [chart, label] : charts) {
        const Chart c = chart;
        QAction* a = exportMenu->addAction(label);
        a->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+%1").arg(key++)));
        connect(a, &QAction::triggered, this, [this, c] { exportWithDialog(c); });
    }
    exportMenu->addSeparator();
    QAction* analysisJson = exportMenu->addAction(tr("Analysis (JSON)…"));
    analysisJson->setShortcut(QKeySequence(tr("Ctrl+Shift+J")));
    connect(analysisJson, &QAction::triggered, this, [this] { exportJsonWithDialog(false); });
    QAction* explanationJson = exportMenu->addAction(tr("Source explanation (JSON)…"));
    explanationJson->setShortcut(QKeySequence(tr("Ctrl+Shift+X")));
    connect(explanationJson, &QAction::triggered, this, [this] { exportJsonWithDialog(true); });
    exportMenu->addSeparator();
    QAction* stems = exportMenu->addAction(tr("Stems (WAV or FLAC)…"));
    stems->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    connect(stems, &QAction::triggered, this, &MainWindow::exportStemsWithDialog);
    QAction* explanationMix = exportMenu->addAction(tr("Explanation mix (WAV or FLAC)…"));
    explanationMix->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    connect(explanationMix, &QAction::triggered, this, [this] { exportMixWithDialog(false); });
    QAction* restMix = exportMenu->addAction(tr("The rest without the explanation (WAV or FLAC)…"));
    restMix->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    connect(restMix, &QAction::triggered, this, [this] { exportMixWithDialog(true); });
    file->addSeparator();
    QAction* settings = file->addAction(tr("&Settings…"));
    settings->setShortcut(QKeySequence(tr("Ctrl+,")));
    settings->setToolTip(tr("Model package, separator, window length, audioLIME samples and segments, threads"));
    connect(settings, &QAction::triggered, this, &MainWindow::showSettings);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* play = menuBar()->addMenu(tr("&Playback"));
    play->addAction(m_playAction);
    for (QAction* a : actions()) play->addAction(a);
    play->addSeparator();
    QAction* explanation = play->addAction(tr("Play &explanation"));
    explanation->setShortcut(QKeySequence(tr("E")));
    connect(explanation, &QAction::triggered, this, [this] { m_stems->playExplanation(false); });
    QAction* rest = play->addAction(tr("Play the &rest"));
    rest->setShortcut(QKeySequence(tr("R")));
    connect(rest, &QAction::triggered, this, [this] { m_stems->playExplanation(true); });
    QAction* original = play->addAction(tr("Play the &original mix"));
    original->setShortcut(QKeySequence(tr("O")));
    connect(original, &QAction::triggered, this, [this] {
        m_mixer->setUseStems(false);
        m_mixer->play();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QMenu* colours = view->addMenu(tr("&Colours"));
    auto* schemes = new QActionGroup(this);
    const ColorScheme::Mode current = ColorScheme::fromName(QSettings().value(SettingsKeys::ColorScheme).toString());
    const std::pair<ColorScheme::Mode, QString> modes[] = {
        {ColorScheme::Mode::System, tr("&System")}, {ColorScheme::Mode::Light, tr("&Light")}, {ColorScheme::Mode::Dark, tr("&Dark")}};
    for (const auto& [mode, label] : modes) {
        QAction* a = colours->addAction(label);
        a->setCheckable(true);
        a->setChecked(mode == current);
        schemes->addAction(a);
        const ColorScheme::Mode m = mode;
        connect(a, &QAction::triggered, this, [m] {
            QSettings().setValue(SettingsKeys::ColorScheme, ColorScheme::name(m));
            ColorScheme::apply(m);
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* card = help->addAction(tr("&Model card…"));
    card->setShortcut(QKeySequence(tr("Ctrl+I")));
    card->setToolTip(tr("What the model in use learned from, how well it does on held-out songs, and its limits"));
    connect(card, &QAction::triggered, this, [this] { showModelCard(); });
}

void MainWindow::buildStatusBar()
{
    m_stage = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(220);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setFocusPolicy(Qt::NoFocus);
    m_cancel->setToolTip(tr("Stop the running analysis"));
    connect(m_cancel, &QPushButton::clicked, m_worker, &AnalysisWorker::cancel);
    statusBar()->addPermanentWidget(m_stage);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

void MainWindow::setBusy(bool busy)
{
    m_stage->setVisible(busy);
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (busy) {
        m_stage->setText(tr("starting…"));
        m_progress->setValue(0);
    }
}

void MainWindow::showBanner(const QString& text, bool error)
{
    m_banner->setText(text);
    m_banner->setStyleSheet(error ? "QLabel { background: #fdecea; color: #8a1c1c; padding: 6px; border: 1px solid #e0a0a0; }"
                                  : "QLabel { background: #fff8e1; color: #6d4c00; padding: 6px; border: 1px solid #e6d08a; }");
    m_banner->setVisible(true);
}

void MainWindow::hideBanner()
{
    m_banner->clear();
    m_banner->setVisible(false);
}

QString MainWindow::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

QString MainWindow::configuredModelFolder()
{
    return QString::fromStdString(ModelPackage::resolveFolder(QSettings().value(SettingsKeys::ModelFolder).toString().toStdString()).string());
}

AnalysisJobSettings MainWindow::jobSettings()
{
    QSettings s;
    AnalysisJobSettings job;
    job.modelFolder = configuredModelFolder();
    job.separatorSpec = s.value(SettingsKeys::SeparatorSpec, job.separatorSpec).toString();
    job.windowSeconds = s.value(SettingsKeys::WindowSeconds, job.windowSeconds).toDouble();
    job.limeSamples = s.value(SettingsKeys::LimeSamples, job.limeSamples).toInt();
    job.limeSegments = s.value(SettingsKeys::LimeSegments, job.limeSegments).toInt();
    job.threads = s.value(SettingsKeys::Threads, job.threads).toInt();
    return job;
}

void MainWindow::resetViews()
{
    m_levelOne.reset();
    m_levelTwo.reset();
    m_plane->clearResult();
    m_midLevel->clearResult();
    m_stems->clearExplanation();
    m_stemSet.reset();
    m_waveform->clear();
    if (!configuredModelFolder().isEmpty()) hideBanner();
}

bool MainWindow::openSong(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        showBanner(tr("%1: no such file").arg(path), true);
        return false;
    }
    m_song = info.absoluteFilePath();
    setWindowTitle(tr("%1 — EmoTrace").arg(info.fileName()));
    rememberRecent(m_song);
    m_mixer->stop();
    m_worker->open(m_song, jobSettings());
    setBusy(true);
    return true;
}

void MainWindow::rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(SettingsKeys::RecentFiles).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(SettingsKeys::RecentFiles, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(SettingsKeys::RecentFiles).toStringList();
    for (const QString& path : recent)
        connect(m_recentMenu->addAction(QFileInfo(path).fileName()), &QAction::triggered, this, [this, path] { openSong(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    const bool reanalyse = dialog.apply();
    if (!configuredModelFolder().isEmpty()) hideBanner();
    refreshModelCard();
    if (reanalyse && !m_song.isEmpty()) openSong(m_song);
}

ModelCardView* MainWindow::showModelCard()
{
    if (!m_modelCardDialog) {
        m_modelCardDialog = new QDialog(this);
        m_modelCardDialog->setWindowTitle(tr("Model card"));
        m_modelCardDialog->resize(640, 560);
        m_modelCard = new ModelCardView(m_modelCardDialog);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, m_modelCardDialog);
        connect(buttons, &QDialogButtonBox::rejected, m_modelCardDialog, &QDialog::close);
        auto* layout = new QVBoxLayout(m_modelCardDialog);
        layout->addWidget(m_modelCard, 1);
        layout->addWidget(buttons);
    }
    refreshModelCard();
    m_modelCardDialog->show();
    m_modelCardDialog->raise();
    return m_modelCard;
}

void MainWindow::refreshModelCard()
{
    if (!m_modelCard) return;
    const QString folder = configuredModelFolder();
    if (m_modelInfo && m_modelFolder == folder) {
        m_modelCard->setModel(*m_modelInfo, folder);
        return;
    }
    if (folder.isEmpty()) {
        m_modelCard->setMessage(tr("No model is configured (File ▸ Settings…)."));
        return;
    }
    // Not loaded by a job yet: model.json alone is a few kilobytes, fine to read here.
    const QString file = folder + QStringLiteral("/model.json");
    try {
        std::ifstream in(file.toStdString());
        if (!in) throw Error(file.toStdString() + ": cannot open");
        nlohmann::json j;
        try {
            in >> j;
        } catch (const nlohmann::json::exception& e) {
            throw Error(file.toStdString() + ": not valid JSON (" + e.what() + ")");
        }
        m_modelCard->setModel(ModelInfo::fromJson(j, file.toStdString()), folder);
    } catch (const Error& e) {
        m_modelCard->setMessage(QString::fromStdString(e.what()));
    }
}

void MainWindow::updateTime(double seconds)
{
    m_waveform->setPlayhead(seconds);
    m_time->setText(clock(seconds) + " / " + clock(m_mixer->duration()));
}

bool MainWindow::exportChart(Chart chart, const QString& path, QString* error, QSize size)
{
    const bool csv = QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0;
    const int w = size.isValid() ? size.width() : 0, h = size.isValid() ? size.height() : 0;
    switch (chart) {
    case Chart::EmotionPlane:
        return csv ? ChartExport::saveBytes(path, m_plane->toCsv().toUtf8(), error) : ChartExport::savePlot(m_plane, path, error, w, h);
    case Chart::MidLevel:
        return csv ? ChartExport::saveBytes(path, m_midLevel->toCsv().toUtf8(), error)
                   : ChartExport::savePlot(m_midLevel, path, error, w, h);
    case Chart::Sources:
        return csv ? ChartExport::saveBytes(path, m_stems->chartCsv().toUtf8(), error)
                   : ChartExport::savePlot(m_stems->chart(), path, error, w, h);
    case Chart::Perturbations:
        if (!csv) {
            if (error) *error = tr("%1: the perturbation table exports as CSV only").arg(path);
            return false;
        }
        return ChartExport::saveBytes(path, m_stems->perturbationCsv().toUtf8(), error);
    case Chart::Waveform:
        if (csv) {
            QString text = QStringLiteral("bucket,start_s,min,max\n");
            const auto& env = m_waveform->envelope();
            for (std::size_t b = 0; b < env.size(); ++b)
                text += QStringLiteral("%1,%2,%3,%4\n")
                            .arg(b)
                            .arg(m_waveform->duration() * double(b) / double(env.size()), 0, 'g', 10)
                            .arg(env[b].first, 0, 'g', 9)
                            .arg(env[b].second, 0, 'g', 9);
            return ChartExport::saveBytes(path, text.toUtf8(), error);
        }
        return ChartExport::saveWidget(m_waveform, path, error);
    }
    return false;
}

bool MainWindow::exportAnalysisJson(const QString& path, QString* error)
{
    if (!m_levelOne) {
        if (error) *error = tr("nothing to export: no analysis yet");
        return false;
    }
    return ChartExport::saveBytes(path, QByteArray::fromStdString(m_levelOne->toJson().dump(2) + "\n"), error);
}

bool MainWindow::exportExplanationJson(const QString& path, QString* error)
{
    if (!m_levelTwo) {
        if (error) *error = tr("nothing to export: the sources have not been explained yet");
        return false;
    }
    return ChartExport::saveBytes(path, QByteArray::fromStdString(m_levelTwo->toJson().dump(2) + "\n"), error);
}

namespace {

/// The audio exports, shared by the synchronous calls and the pool-thread jobs: an empty
/// string on success, else the one-line error. Any thread (the stems are immutable).
QString writeStemFiles(const StemSet& stems, const QString& folder, const QString& songBase, AudioEncoder::Format format)
{
    try {
        StemWriter::writeAll(stems, folder.toStdString(), songBase.toStdString() + "-", format);
        return {};
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
}

QString writeStemMix(const StemSet& stems, const std::vector<std::uint8_t>& mask, const QString& path)
{
    try {
        AudioEncoder::write(path.toStdString(), StemWriter::mix(stems, mask), AudioEncoder::formatFor(path.toStdString()), 24);
        return {};
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
}

} // namespace

bool MainWindow::exportStems(const QString& folder, AudioEncoder::Format format, QString* error)
{
    const QString message = !m_stemSet || m_stemSet->size() == 0
                                ? tr("nothing to export: the song has not been separated yet")
                                : writeStemFiles(*m_stemSet, folder, QFileInfo(m_song).completeBaseName(), format);
    if (error) *error = message;
    return message.isEmpty();
}

bool MainWindow::exportExplanationMix(const QString& path, bool complement, QString* error)
{
    const auto mask = m_stems->explanationMask(complement);
    const QString message = !m_stemSet || mask.empty() || mask.size() != m_stemSet->size()
                                ? tr("nothing to export: the sources have not been explained yet")
                                : writeStemMix(*m_stemSet, mask, path);
    if (error) *error = message;
    return message.isEmpty();
}

void MainWindow::runExport(std::function<QString()> job, const QString& done)
{
    statusBar()->showMessage(tr("Writing %1…").arg(done));
    QPointer<MainWindow> self(this);
    QThreadPool::globalInstance()->start([job = std::move(job), self, done] {
        const QString error = job();
        QMetaObject::invokeMethod(qApp, [self, error, done] {
            if (!self) return;
            if (error.isEmpty()) self->statusBar()->showMessage(tr("Saved %1").arg(done), 6000);
            else self->showBanner(error, true);
        });
    });
}

void MainWindow::exportStemsWithDialog()
{
    if (!m_stemSet) {
        showBanner(tr("nothing to export: the song has not been separated yet"), true);
        return;
    }
    QString filter;
    const QString base = QFileInfo(m_song).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export stems — choose the folder and format"),
                                                      QSettings().value(SettingsKeys::LastFolder).toString() + "/" + base + "-stems.flac",
                                                      tr("FLAC (*.flac);;WAV (*.wav)"), &filter);
    if (path.isEmpty()) return;
    const auto format = path.endsWith(QLatin1String(".wav"), Qt::CaseInsensitive) || filter.startsWith(QLatin1String("WAV"))
                            ? AudioEncoder::Format::Wav
                            : AudioEncoder::Format::Flac;
    const QString folder = QFileInfo(path).absolutePath();
    // The pool thread gets its own reference to the immutable stems.
    const auto stems = m_stemSet;
    runExport([stems, folder, base, format] { return writeStemFiles(*stems, folder, base, format); }, tr("the stems in %1").arg(folder));
}

void MainWindow::exportMixWithDialog(bool complement)
{
    const auto mask = m_stems->explanationMask(complement);
    if (!m_stemSet || mask.size() != m_stemSet->size()) {
        showBanner(tr("nothing to export: the sources have not been explained yet"), true);
        return;
    }
    const QString suggested = QStringLiteral("%1/%2-%3-%4.flac")
                                  .arg(QSettings().value(SettingsKeys::LastFolder).toString(), QFileInfo(m_song).completeBaseName(),
                                       complement ? QStringLiteral("rest") : QStringLiteral("explanation"), m_stems->selectedTarget());
    const QString path = QFileDialog::getSaveFileName(this, tr("Export mix"), suggested, tr("FLAC (*.flac);;WAV (*.wav)"));
    if (path.isEmpty()) return;
    const auto stems = m_stemSet;
    runExport([stems, mask, path] { return writeStemMix(*stems, mask, path); }, path);
}

void MainWindow::exportWithDialog(Chart chart)
{
    const QString filter = chart == Chart::Perturbations ? tr("CSV (*.csv)")
                         : chart == Chart::Waveform      ? tr("PNG image (*.png);;JPEG image (*.jpg);;CSV (*.csv)")
                                                         : tr("PNG image (*.png);;PDF document (*.pdf);;JPEG image (*.jpg);;CSV (*.csv)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QSettings().value(SettingsKeys::LastFolder).toString(), filter);
    if (path.isEmpty()) return;
    QSize size;
    const bool image = QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) != 0;
    if (image && chart != Chart::Waveform) {
        // The size of the figure (a paper's column or page), not of the window.
        QWidget* shown = chart == Chart::EmotionPlane ? static_cast<QWidget*>(m_plane)
                       : chart == Chart::MidLevel     ? static_cast<QWidget*>(m_midLevel)
                                                      : static_cast<QWidget*>(m_stems->chart());
        QDialog ask(this);
        ask.setWindowTitle(tr("Figure size"));
        auto* form = new QFormLayout;
        auto* width = new QSpinBox(&ask);
        auto* height = new QSpinBox(&ask);
        for (QSpinBox* box : {width, height}) {
            box->setRange(100, 10000);
            box->setSuffix(tr(" px"));
        }
        QSettings settings;
        width->setValue(settings.value(SettingsKeys::ExportWidth, shown->width()).toInt());
        height->setValue(settings.value(SettingsKeys::ExportHeight, shown->height()).toInt());
        form->addRow(tr("&Width:"), width);
        form->addRow(tr("&Height:"), height);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &ask);
        connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
        auto* layout = new QVBoxLayout(&ask);
        layout->addLayout(form);
        layout->addWidget(buttons);
        if (ask.exec() != QDialog::Accepted) return;
        size = QSize(width->value(), height->value());
        settings.setValue(SettingsKeys::ExportWidth, size.width());
        settings.setValue(SettingsKeys::ExportHeight, size.height());
    }
    QString error;
    if (exportChart(chart, path, &error, size)) statusBar()->showMessage(tr("Saved %1").arg(path), 6000);
    else showBanner(error, true);
}

void MainWindow::exportJsonWithDialog(bool explanation)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QSettings().value(SettingsKeys::LastFolder).toString(), tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = explanation ? exportExplanationJson(path, &error) : exportAnalysisJson(path, &error);
    if (ok) statusBar()->showMessage(tr("Saved %1").arg(path), 6000);
    else showBanner(error, true);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        openSong(urls.first().toLocalFile());
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_worker->cancel();
    m_mixer->stop();
    QMainWindow::closeEvent(event);
}

} // namespace emotrace::ui
