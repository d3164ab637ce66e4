#pragma once

#include <QMainWindow>
#include <QString>

#include <optional>

#include "AnalysisWorker.h"

class QAction;
class QCheckBox;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSlider;

namespace emotrace::ui {

class EmotionPlaneView;
class MidLevelChartView;
class StemMixer;
class StemsPanel;
class WaveformView;

/// The desktop explorer's window: waveform and player on top, the emotion plane and the
/// level-one charts in the middle, the sources (level two) below. Opens songs from
/// File ▸ Open, recent files, drag and drop or the command line; runs the analysis on an
/// AnalysisWorker (never on this thread) with a per-stage progress bar and Cancel; shows
/// errors inline (a banner above the charts and the status bar), never as a crash or a
/// stack of dialogs. Settings (SettingsKeys) come from QSettings, the model folder also
/// from $EMOTRACE_MODEL. GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Chart { EmotionPlane, MidLevel, Sources, Perturbations, Waveform };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts analysing a song (cancelling a running analysis). Returns false (and shows
    /// why) when the file does not exist.
    bool openSong(const QString& path);
    QString currentSong() const { return m_song; }

    /// The model folder in force: settings, else $EMOTRACE_MODEL, else the shipped
    /// default model (ModelPackage::defaultFolder()), else empty.
    static QString configuredModelFolder();
    /// The job settings from QSettings (defaults where unset).
    static AnalysisJobSettings jobSettings();

    /// Writes a chart: .png/.jpg/.pdf image or .csv data (Perturbations: CSV only;
    /// Waveform: PNG/JPG/CSV). Atomic. Returns false with a message in *error.
    bool exportChart(Chart chart, const QString& path, QString* error = nullptr);
    /// AnalysisResult::toJson of level one. Atomic.
    bool exportAnalysisJson(const QString& path, QString* error = nullptr);
    /// SourceExplanation::toJson of level two. Atomic.
    bool exportExplanationJson(const QString& path, QString* error = nullptr);

    /// The message currently shown inline (empty when none).
    QString bannerText() const;

    AnalysisWorker* worker() const { return m_worker; }
    StemMixer* mixer() const { return m_mixer; }
    WaveformView* waveform() const { return m_waveform; }
    EmotionPlaneView* emotionPlane() const { return m_plane; }
    MidLevelChartView* midLevelChart() const { return m_midLevel; }
    StemsPanel* stemsPanel() const { return m_stems; }
    const std::optional<emotrace::AnalysisResult>& levelOne() const { return m_levelOne; }
    const std::optional<emotrace::SourceExplanation>& levelTwo() const { return m_levelTwo; }

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
    void showBanner(const QString& text, bool error);
    void hideBanner();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseModelFolder();
    void chooseSeparator();
    void exportWithDialog(Chart chart);
    void exportJsonWithDialog(bool explanation);
    void setBusy(bool busy);
    void updateTime(double seconds);
    void resetViews();

    AnalysisWorker* m_worker = nullptr;
    StemMixer* m_mixer = nullptr;
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
    QMenu* m_recentMenu = nullptr;

    QString m_song;
    std::optional<emotrace::AnalysisResult> m_levelOne;
    std::optional<emotrace::SourceExplanation> m_levelTwo;
};

} // namespace emotrace::ui
