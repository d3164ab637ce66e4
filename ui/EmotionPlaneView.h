#pragma once

#include "QCustomPlotInclude.h"

#include <QString>

#include "analysis/AnalysisResult.h"
#include <array>

namespace emotrace::ui {

/// The arousal–valence plane (valence across, arousal up, as in Russell's circumplex):
/// the whole song as a point, the model windows as a numbered trajectory, axes over the
/// model's target ranges (ModelInfo::targetRanges, widened when a prediction falls
/// outside), quadrant labels. GUI thread.
class EmotionPlaneView : public QCustomPlot {
    Q_OBJECT
public:
    explicit EmotionPlaneView(QWidget* parent = nullptr);

    /// Ranges of the "arousal" and "valence" targets; [0, 1] when a name is missing.
    void setRanges(const std::vector<std::string>& targets, const std::vector<std::pair<double, double>>& ranges);
    /// Draws the song. Needs targets named "arousal" and "valence" (else shows a note).
    void setResult(const emotrace::AnalysisResult& result);
    void clearResult();

    /// Plotted values, for tests: the song point (valence, arousal) and the trajectory.
    QPointF songPoint() const { return m_song; }
    const QVector<QPointF>& trajectory() const { return m_trajectory; }
    bool hasResult() const { return m_hasResult; }

private:
    void applyRanges();

    QCPCurve* m_path = nullptr;
    QCPGraph* m_windowsGraph = nullptr;
    QCPGraph* m_songGraph = nullptr;
    std::array<QCPItemText*, 4> m_quadrants{};
    QCPItemText* m_note = nullptr;
    QCPTextElement* m_title = nullptr;
    std::pair<double, double> m_arousalRange{0.0, 1.0};
    std::pair<double, double> m_valenceRange{0.0, 1.0};
    QPointF m_song;
    QVector<QPointF> m_trajectory;
    bool m_hasResult = false;
};

} // namespace emotrace::ui
