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

class StemMixer;

/// Level two for one selected target (a mid-level feature or an emotion): the song's
/// components (stems, or stems x segments) ranked by audioLIME weight, the weights and
/// exact Shapley values as bars side by side, a table with per-stem play / solo / mute
/// controls wired to the StemMixer, and the perturbation table (every evaluated mix with
/// the model's prediction for the target; double-click a row to hear that mix).
/// "Play explanation" plays the explanation's stems (explanationMask), "Play the rest"
/// their complement.
/// GUI thread; the mixer must outlive the panel.
class StemsPanel : public QWidget {
    Q_OBJECT
public:
    enum StemColumn { ColRank, ColComponent, ColWeight, ColShapley, ColPlay, ColSolo, ColMute, StemColumnCount };
    enum PerturbationColumn { ColRow, ColKept, ColPrediction, ColKernel, PerturbationColumnCount };

    explicit StemsPanel(StemMixer* mixer, QWidget* parent = nullptr);

    void setExplanation(const emotrace::SourceExplanation& explanation);
    void clearExplanation();
    bool hasExplanation() const { return m_has; }
    /// Shows a target by name; ignored when the explanation has no such target.
    void selectTarget(const QString& target);
    QString selectedTarget() const;

    QCustomPlot* chart() const { return m_chart; }
    QTableWidget* stemTable() const { return m_stems; }
    QTableWidget* perturbationTable() const { return m_perturbations; }
    /// Stem index of a table row (component / segments).
    int stemOfRow(int row) const;
    QAbstractButton* playButton(int row) const;
    QAbstractButton* soloButton(int row) const;
    QAbstractButton* muteButton(int row) const;

    /// Per stem (the mixer's order, 1 = kept): the explanation of the selected target,
    /// i.e. the top N stems by audioLIME weight among those with a positive weight (a
    /// stem's segments summed), N = the "top" box, as audioLIME's get_sorted_components
    /// with positive_components=True; with complement, every other stem. Empty without an
    /// explanation.
    std::vector<std::uint8_t> explanationMask(bool complement) const;
    /// Plays explanationMask(complement); returns false (and says why in the summary
    /// line's tooltip) when there is nothing to play.
    bool playExplanation(bool complement);
    QSpinBox* topCountBox() const { return m_topCount; }
    QPushButton* playExplanationButton() const { return m_playExplanation; }
    QPushButton* playRestButton() const { return m_playRest; }

    /// "rank,component,stem,weight,shapley" for the selected target.
    QString chartCsv() const;
    /// "row,mask,kept,prediction,kernel_weight" for the selected target.
    QString perturbationCsv() const;

Q_SIGNALS:
    void targetChanged(const QString& target);

private:
    void refresh();
    /// Index of the selected target in the explanation, -1 without one.
    int selectedTargetIndex() const;
    void refreshControls();
    QAbstractButton* cellButton(int row, int column) const;
    QString keptText(const std::vector<std::uint8_t>& mask) const;

    StemMixer* m_mixer;
    emotrace::SourceExplanation m_explanation;
    bool m_has = false;
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
