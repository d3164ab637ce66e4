#pragma once

#include <QMainWindow>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>

#include "AnalysisWorker.h"
#include "ExportController.h"
#include "audio/AudioEncoder.h"

class QAction;
class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;

namespace emotrace::ui {

class EmotionPlaneView;
class MidLevelChartView;
class ModelCardDialog;
class ModelCardView;
class PlaybackController;
class RecentFilesMenu;
class SongSession;
class StemMixer;
class StemsPanel;
class WaveformView;

/// The desktop explorer's window: waveform and player on top, the emotion plane and the
/// level-one charts in the middle, the sources (level two) below. It assembles the parts
/// and wires them; it holds no results of its own:
/// - the SongSession is the document (the open song, its job id, both levels, the stems,
///   the selected target and explanation size); every view observes it, none another;
/// - the AnalysisWorker computes on its own thread; its signals carry a job id and go to
///   the session, which drops stale ones;
/// - the PlaybackController plays what the user asks for through the StemMixer;
/// - the ExportController writes every export from the session (atomically; audio on a
///   pool thread).
/// Opens songs from File ▸ Open, recent files, drag and drop or the command line; shows
/// errors inline (a banner above the charts and the status bar), never as a crash or a
/// stack of dialogs. Settings (SettingsKeys) come from QSettings (File ▸ Settings…), the
/// model folder also from $EMOTRACE_MODEL, else the shipped default model. GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    using Chart = ExportController::Chart;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts analysing a song (cancelling a running analysis). Returns false (and shows
    /// why) when the file does not exist.
    bool openSong(const QString& path);
    QString currentSong() const;

    /// The model folder in force: settings, else $EMOTRACE_MODEL, else the shipped
    /// default model (ModelPackage::defaultFolder()), else empty.
    static QString configuredModelFolder();
    /// The job settings from QSettings (defaults where unset).
    static AnalysisJobSettings jobSettings();

    /// The exports (ExportController's, kept here for scripts and tests).
    bool exportChart(Chart chart, const QString& path, QString* error = nullptr, QSize size = {});
    bool exportAnalysisJson(const QString& path, QString* error = nullptr);
    bool exportExplanationJson(const QString& path, QString* error = nullptr);
    bool exportStems(const QString& folder, emotrace::AudioEncoder::Format format, QString* error = nullptr);
    bool exportExplanationMix(const QString& path, bool complement, QString* error = nullptr);

    /// Opens the settings dialog (modal); re-analyses the open song when an analysis
    /// setting changed.
    void showSettings();
    /// Shows the model card of the model in use (non-modal) and returns its view.
    ModelCardView* showModelCard();

    /// The message currently shown inline (empty when none).
    QString bannerText() const;

    SongSession* session() const { return m_session; }
    AnalysisWorker* worker() const { return m_worker; }
    StemMixer* mixer() const { return m_mixer; }
    PlaybackController* playback() const { return m_playback; }
    ExportController* exports() const { return m_exports; }
    WaveformView* waveform() const { return m_waveform; }
    EmotionPlaneView* emotionPlane() const { return m_plane; }
    MidLevelChartView* midLevelChart() const { return m_midLevel; }
    StemsPanel* stemsPanel() const { return m_stems; }
    const std::optional<emotrace::AnalysisResult>& levelOne() const;
    const std::optional<emotrace::SourceExplanation>& levelTwo() const;

Q_SIGNALS:
    /// Both levels are shown.
    void analysisFinished(const QString& song);
    /// The analysis stopped with an error (already shown in the window).
    void analysisFailed(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildPlayer();
    void buildStatusBar();
    /// Worker → session (job-tagged), session → views.
    void connectDocument();
    void showSessionState();
    void showBanner(const QString& text, bool error);
    /// What to do when no model is configured (banner text).
    static QString noModelText();
    void hideBanner();
    void exportStemsWithDialog();
    void exportMixWithDialog(bool complement);
    void refreshModelCard();
    void exportWithDialog(Chart chart);
    void exportJsonWithDialog(bool explanation);
    void setBusy(bool busy);
    void updateTime(double seconds);

    SongSession* m_session = nullptr;
    AnalysisWorker* m_worker = nullptr;
    StemMixer* m_mixer = nullptr;
    PlaybackController* m_playback = nullptr;
    ExportController* m_exports = nullptr;
    RecentFilesMenu* m_recent = nullptr;
    WaveformView* m_waveform = nullptr;
    EmotionPlaneView* m_plane = nullptr;
    MidLevelChartView* m_midLevel = nullptr;
    StemsPanel* m_stems = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_stage = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QAction* m_playAction = nullptr;
    QLabel* m_time = nullptr;
    QSlider* m_volume = nullptr;
    QCheckBox* m_relative = nullptr;
    ModelCardDialog* m_modelCardDialog = nullptr;
};

} // namespace emotrace::ui
