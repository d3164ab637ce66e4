#include "MainWindow.h"

#include "model/ModelPackage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include "ColorScheme.h"
#include "EmotionPlaneView.h"
#include "FigureSizeDialog.h"
#include "MidLevelChartView.h"
#include "ModelCardDialog.h"
#include "PlaybackController.h"
#include "RecentFilesMenu.h"
#include "SettingsDialog.h"
#include "SettingsKeys.h"
#include "SongSession.h"
#include "StemMixer.h"
#include "StemsPanel.h"
#include "WaveformView.h"

namespace emotrace::ui {

namespace {

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
    m_session = new SongSession(this);
    m_worker = new AnalysisWorker(this);
    m_mixer = new StemMixer(this);
    m_playback = new PlaybackController(m_session, m_mixer, this);

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
    m_stems = new StemsPanel(m_session, m_playback, split);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    m_exports = new ExportController(m_session, {m_plane, m_midLevel, m_stems->chart(), m_waveform}, this);

    buildPlayer();
    buildMenus();
    buildStatusBar();

    connect(m_waveform, &WaveformView::seekRequested, m_mixer, &StemMixer::seek);
    connect(m_mixer, &StemMixer::positionChanged, this, &MainWindow::updateTime);
    connect(m_mixer, &StemMixer::playingChanged, this, [this](bool playing) {
        m_playAction->setText(playing ? tr("Pause") : tr("Play"));
    });
    connect(m_mixer, &StemMixer::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_playback, &PlaybackController::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_exports, &ExportController::written, this, [this](const QString& what) { statusBar()->showMessage(tr("Saved %1").arg(what), 6000); });
    connect(m_exports, &ExportController::failed, this, [this](const QString& message) { showBanner(message, true); });
    connectDocument();

    QSettings settings;
    m_volume->setValue(settings.value(SettingsKeys::Volume, 80).toInt());
    setBusy(false);
    if (configuredModelFolder().isEmpty()) showBanner(noModelText(), true);
}

MainWindow::~MainWindow() = default;

void MainWindow::connectDocument()
{
    // The worker's results go to the document, which keeps only the current job's.
    connect(m_worker, &AnalysisWorker::progress, m_session, &SongSession::setProgress);
    // The shared forms: no copy of the audio on this thread.
    connect(m_worker, &AnalysisWorker::sharedAudioReady, m_session, &SongSession::setAudio);
    connect(m_worker, &AnalysisWorker::envelopeReady, m_session, &SongSession::setEnvelope);
    connect(m_worker, &AnalysisWorker::modelLoaded, m_session, &SongSession::setModel);
    connect(m_worker, &AnalysisWorker::levelOneReady, m_session, &SongSession::setLevelOne);
    connect(m_worker, &AnalysisWorker::sharedStemsReady, m_session, &SongSession::setStems);
    connect(m_worker, &AnalysisWorker::levelTwoReady, m_session, &SongSession::setLevelTwo);
    connect(m_worker, &AnalysisWorker::finished, m_session, &SongSession::finish);
    connect(m_worker, &AnalysisWorker::cancelled, m_session, &SongSession::cancel);
    connect(m_worker, &AnalysisWorker::failed, m_session, &SongSession::fail);

    // The views observe the document; a view's selection goes back to the document.
    connect(m_midLevel, &MidLevelChartView::targetSelected, m_session, &SongSession::setSelectedTarget);
    connect(m_session, &SongSession::songChanged, this, [this](const QString& song) {
        setWindowTitle(tr("%1 — EmoTrace").arg(QFileInfo(song).fileName()));
        if (!configuredModelFolder().isEmpty()) hideBanner();
    });
    connect(m_session, &SongSession::progressChanged, this, [this](const QString& stage, int percent) {
        m_stage->setText(tr("%1…").arg(stage));
        m_progress->setValue(percent);
    });
    connect(m_session, &SongSession::envelopeChanged, this, [this] {
        if (m_session->envelope().minMax.empty()) m_waveform->clear();
        else m_waveform->setEnvelope(m_session->envelope());
    });
    connect(m_session, &SongSession::modelChanged, this, [this] {
        const auto& model = m_session->model();
        if (model) m_plane->setRanges(model->targets, model->targetRanges);
        refreshModelCard();
    });
    connect(m_session, &SongSession::levelOneChanged, this, [this] {
        const auto& result = m_session->levelOne();
        if (!result) {
            m_plane->clearResult();
            m_midLevel->clearResult();
            m_waveform->setWindows({});
            return;
        }
        m_plane->setResult(*result);
        m_midLevel->setResult(*result);
        std::vector<std::pair<double, double>> windows;
        for (const auto& w : result->windows) windows.emplace_back(w.startSeconds, w.endSeconds);
        m_waveform->setWindows(windows);
        if (!result->model.trained)
            showBanner(tr("This model is UNTRAINED (seeded random weights): the pipeline runs, but the numbers carry no meaning."), false);
    });
    connect(m_session, &SongSession::levelTwoChanged, this, [this] {
        const auto& explanation = m_session->levelTwo();
        if (!explanation) {
            m_waveform->setExcerpt(0.0, 0.0);
            return;
        }
        m_waveform->setExcerpt(explanation->excerptStartSeconds, explanation->excerptEndSeconds);
        for (const auto& w : explanation->separatorWarnings) statusBar()->showMessage(QString::fromStdString(w), 8000);
    });
    connect(m_session, &SongSession::stateChanged, this, &MainWindow::showSessionState);
}

void MainWindow::showSessionState()
{
    const QString name = QFileInfo(m_session->song()).fileName();
    setBusy(m_session->isRunning());
    switch (m_session->state()) {
    case SongSession::State::Empty:
    case SongSession::State::Running: break;
    case SongSession::State::Finished:
        statusBar()->showMessage(tr("Analysed %1").arg(name), 8000);
        Q_EMIT analysisFinished(m_session->song());
        break;
    case SongSession::State::Cancelled: statusBar()->showMessage(tr("Analysis of %1 cancelled").arg(name), 8000); break;
    case SongSession::State::Failed: {
        const QString message = m_session->errorMessage();
        showBanner(configuredModelFolder().isEmpty() ? noModelText() : message, true);
        statusBar()->showMessage(message, 10000);
        Q_EMIT analysisFailed(message);
        break;
    }
    }
}

QString MainWindow::currentSong() const
{
    return m_session->song();
}

const std::optional<AnalysisResult>& MainWindow::levelOne() const
{
    return m_session->levelOne();
}

const std::optional<SourceExplanation>& MainWindow::levelTwo() const
{
    return m_session->levelTwo();
}

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
    m_relative->setToolTip(tr("Show each feature's effect as its share of all effects on the emotion (signed), as in the paper. The baseline is not a share and is left out."));
    connect(m_relative, &QCheckBox::toggled, m_midLevel, &MidLevelChartView::setRelative);
    bar->addWidget(m_relative);
    auto* waterfall = new QCheckBox(tr("Waterfall"), bar);
    waterfall->setFocusPolicy(Qt::NoFocus);
    waterfall->setShortcut(QKeySequence(tr("W")));
    waterfall->setToolTip(tr("Show the baseline and the effects as steps that add up, feature by feature, to the predicted emotion (W)."));
    connect(waterfall, &QCheckBox::toggled, m_midLevel, &MidLevelChartView::setWaterfall);
    bar->addWidget(waterfall);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(findChild<QToolBar*>("player")->actions().first());
    m_recent = new RecentFilesMenu(file->addMenu(tr("Open &Recent")), this);
    connect(m_recent, &RecentFilesMenu::openRequested, this, &MainWindow::openSong);
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
    connect(original, &QAction::triggered, m_playback, &PlaybackController::playOriginal);

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

bool MainWindow::openSong(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        showBanner(tr("%1: no such file").arg(path), true);
        return false;
    }
    const QString song = info.absoluteFilePath();
    m_recent->remember(song);
    m_session->begin(song, m_worker->open(song, jobSettings()));
    return true;
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    const bool reanalyse = dialog.apply();
    if (!configuredModelFolder().isEmpty()) hideBanner();
    refreshModelCard();
    if (reanalyse && !m_session->song().isEmpty()) openSong(m_session->song());
}

ModelCardView* MainWindow::showModelCard()
{
    if (!m_modelCardDialog) m_modelCardDialog = new ModelCardDialog(this);
    refreshModelCard();
    m_modelCardDialog->show();
    m_modelCardDialog->raise();
    return m_modelCardDialog->view();
}

void MainWindow::refreshModelCard()
{
    if (m_modelCardDialog) m_modelCardDialog->showModel(m_session->model(), m_session->modelFolder(), configuredModelFolder());
}

void MainWindow::updateTime(double seconds)
{
    m_waveform->setPlayhead(seconds);
    m_time->setText(clock(seconds) + " / " + clock(m_mixer->duration()));
}

bool MainWindow::exportChart(Chart chart, const QString& path, QString* error, QSize size)
{
    return m_exports->exportChart(chart, path, error, size);
}

bool MainWindow::exportAnalysisJson(const QString& path, QString* error)
{
    return m_exports->exportAnalysisJson(path, error);
}

bool MainWindow::exportExplanationJson(const QString& path, QString* error)
{
    return m_exports->exportExplanationJson(path, error);
}

bool MainWindow::exportStems(const QString& folder, AudioEncoder::Format format, QString* error)
{
    return m_exports->exportStems(folder, format, error);
}

bool MainWindow::exportExplanationMix(const QString& path, bool complement, QString* error)
{
    return m_exports->exportExplanationMix(path, complement, error);
}

void MainWindow::exportStemsWithDialog()
{
    if (!m_session->stems()) {
        showBanner(tr("nothing to export: the song has not been separated yet"), true);
        return;
    }
    QString filter;
    const QString base = QFileInfo(m_session->song()).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export stems — choose the folder and format"),
                                                      QSettings().value(SettingsKeys::LastFolder).toString() + "/" + base + "-stems.flac",
                                                      tr("FLAC (*.flac);;WAV (*.wav)"), &filter);
    if (path.isEmpty()) return;
    const auto format = path.endsWith(QLatin1String(".wav"), Qt::CaseInsensitive) || filter.startsWith(QLatin1String("WAV"))
                            ? AudioEncoder::Format::Wav
                            : AudioEncoder::Format::Flac;
    const QString folder = QFileInfo(path).absolutePath();
    QString error;
    if (m_exports->startStemsExport(folder, format, &error)) statusBar()->showMessage(tr("Writing %1…").arg(folder));
    else showBanner(error, true);
}

void MainWindow::exportMixWithDialog(bool complement)
{
    const auto mask = m_session->explanationMask(complement);
    if (!m_session->stems() || mask.size() != m_session->stems()->size()) {
        showBanner(tr("nothing to export: the sources have not been explained yet"), true);
        return;
    }
    const QString suggested = QStringLiteral("%1/%2-%3-%4.flac")
                                  .arg(QSettings().value(SettingsKeys::LastFolder).toString(), QFileInfo(m_session->song()).completeBaseName(),
                                       complement ? QStringLiteral("rest") : QStringLiteral("explanation"), m_session->selectedTarget());
    const QString path = QFileDialog::getSaveFileName(this, tr("Export mix"), suggested, tr("FLAC (*.flac);;WAV (*.wav)"));
    if (path.isEmpty()) return;
    QString error;
    if (m_exports->startExplanationMixExport(path, complement, &error)) statusBar()->showMessage(tr("Writing %1…").arg(path));
    else showBanner(error, true);
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
        const auto asked = FigureSizeDialog::ask(this, m_exports->chartWidget(chart)->size());
        if (!asked) return;
        size = *asked;
    }
    QString error;
    if (m_exports->exportChart(chart, path, &error, size)) statusBar()->showMessage(tr("Saved %1").arg(path), 6000);
    else showBanner(error, true);
}

void MainWindow::exportJsonWithDialog(bool explanation)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QSettings().value(SettingsKeys::LastFolder).toString(), tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = explanation ? m_exports->exportExplanationJson(path, &error) : m_exports->exportAnalysisJson(path, &error);
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
