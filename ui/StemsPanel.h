#pragma once

#include <QWidget>

#include <vector>

#include "explain/SourceExplanation.h"

class QAbstractButton;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QCPBars;

namespace emotrace::ui {

class PlaybackController;
class SongSession;

/// Level two for the document's selected target (a mid-level feature or an emotion): the
/// song's components (stems, or stems x segments) ranked by audioLIME weight, the weights
/// and exact Shapley values as bars side by side, a table with per-stem play / solo / mute
/// controls, and the perturbation table (every evaluated mix with the model's prediction
/// for the target; double-click a row to hear that mix). "Play explanation" plays the
/// explanation's stems (SongSession::explanationMask), "Play the rest" their complement.
///
/// A view of the SongSession: it shows the session's level two, and the target box and
/// the "top" box edit the session's selection. What it plays goes through the
/// PlaybackController; it reads the mixer only to show the solo/mute state. GUI thread;
/// the session and the controller must outlive the panel.
class StemsPanel : public QWidget {
    Q_OBJECT
public:
    enum StemColumn { ColRank, ColComponent, ColWeight, ColShapley, ColPlay, ColSolo, ColMute, StemColumnCount };
    enum PerturbationColumn { ColRow, ColKept, ColPrediction, ColKernel, PerturbationColumnCount };

    StemsPanel(SongSession* session, PlaybackController* playback, QWidget* parent = nullptr);

    bool hasExplanation() const;
    /// The target shown (the box's; the session's selection once level two explains it).
    QString selectedTarget() const;

    QCustomPlot* chart() const { return m_chart; }
    QTableWidget* stemTable() const { return m_stems; }
    QTableWidget* perturbationTable() const { return m_perturbations; }
    /// Stem index of a table row (component / segments).
    int stemOfRow(int row) const;
    QAbstractButton* playButton(int row) const;
    QAbstractButton* soloButton(int row) const;
    QAbstractButton* muteButton(int row) const;

    /// Plays the explanation (or the rest) of the selected target; false (and says why in
    /// a tooltip at the summary line) when there is nothing to play.
    bool playExplanation(bool complement);
    QSpinBox* topCountBox() const { return m_topCount; }
    QPushButton* playExplanationButton() const { return m_playExplanation; }
    QPushButton* playRestButton() const { return m_playRest; }

private:
    /// The session's level two changed: refill the target box, then refresh.
    void showExplanation();
    void refresh();
    /// Index of the selected target in the explanation, -1 without one.
    int selectedTargetIndex() const;
    void refreshControls();
    QAbstractButton* cellButton(int row, int column) const;
    /// The session's level two (which has a value when hasExplanation()).
    const emotrace::SourceExplanation& explanation() const;

    SongSession* m_session;
    PlaybackController* m_playback;
    QComboBox* m_target = nullptr;
    QLabel* m_summary = nullptr;
    QSpinBox* m_topCount = nullptr;
    QPushButton* m_playExplanation = nullptr;
    QPushButton* m_playRest = nullptr;
    QCustomPlot* m_chart = nullptr;
    QCPBars* m_weightBars = nullptr;
    QCPBars* m_shapleyBars = nullptr;
    QTableWidget* m_stems = nullptr;
    QTableWidget* m_perturbations = nullptr;
    std::vector<int> m_ranking; ///< component per table row
};

} // namespace emotrace::ui
