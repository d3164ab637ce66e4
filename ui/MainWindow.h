#pragma once

#include <QMainWindow>
#include <QSize>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "AnalysisWorker.h"
#include "audio/AudioEncoder.h"

class QAction;
class QCheckBox;
class QDialog;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSlider;

namespace emotrace::ui {

class EmotionPlaneView;
class MidLevelChartView;
class ModelCardView;
class StemMixer;
class StemsPanel;
class WaveformView;

/// The desktop explorer's window: waveform and player on top, the emotion plane and the
/// level-one charts in the middle, the sources (level two) below. Opens songs from
/// File ▸ Open, recent files, drag and drop or the command line; runs the analysis on an
/// AnalysisWorker (never on this thread) with a per-stage progress bar and Cancel; shows
/// errors inline (a banner above the charts and the status bar), never as a crash or a
/// stack of dialogs. Settings (SettingsKeys) come from QSettings (File ▸ Settings…), the
/// model folder also from $EMOTRACE_MODEL, else the shipped default model; Help ▸ Model
/// card shows what the model in use learned from and how well. Audio exports (stems, the
/// explanation's mix and its complement) are written on a pool thread. GUI thread.
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
    /// Waveform: PNG/JPG/CSV). size: the image's size in pixels (PDF: points); invalid =
    /// as shown. Atomic. Returns false with a message in *error.
    bool exportChart(Chart chart, const QString& path, QString* error = nullptr, QSize size = {});
    /// AnalysisResult::toJson of level one. Atomic.
    bool exportAnalysisJson(const QString& path, QString* error = nullptr);
    /// SourceExplanation::toJson of level two. Atomic.
    bool exportExplanationJson(const QString& path, QString* error = nullptr);

    /// Writes every separated stem to <folder>/<song>-<stem>.<wav|flac> (24-bit, each file
    /// atomic). Returns false with a message in *error (no stems yet, unwritable folder).
    /// Runs on the calling thread.
    bool exportStems(const QString& folder, emotrace::AudioEncoder::Format format, QString* error = nullptr);
    /// Writes the mix of the explanation's stems for the selected target (complement: of
    /// every other stem), see StemsPanel::explanationMask; format by extension (.wav,
    /// .flac). Atomic. Runs on the calling thread.
    bool exportExplanationMix(const QString& path, bool complement, QString* error = nullptr);

    /// Opens the settings dialog (modal); re-analyses the open song when an analysis
    /// setting changed.
    void showSettings();
    /// Shows the model card of the model in use (non-modal) and returns its view.
    ModelCardView* showModelCard();

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
    /// What to do when no model is configured (banner text).
    static QString noModelText();
    void hideBanner();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void exportStemsWithDialog();
    void exportMixWithDialog(bool complement);
    /// Runs `job` (returns an error message or empty) on a pool thread, then reports on this
    /// thread in the status bar or the banner.
    void runExport(std::function<QString()> job, const QString& done);
    void refreshModelCard();
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
    QDialog* m_modelCardDialog = nullptr;
    ModelCardView* m_modelCard = nullptr;

    QString m_song;
    std::optional<emotrace::AnalysisResult> m_levelOne;
    std::optional<emotrace::SourceExplanation> m_levelTwo;
    std::shared_ptr<const emotrace::StemSet> m_stemSet;
    std::optional<emotrace::ModelInfo> m_modelInfo; ///< of the last job's model
    QString m_modelFolder;                          ///< where m_modelInfo came from
};

} // namespace emotrace::ui
