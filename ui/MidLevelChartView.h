#pragma once

#include "QCustomPlotInclude.h"

#include <QString>
#include <utility>
#include <vector>

#include "analysis/AnalysisResult.h"

namespace emotrace::ui {

/// Level one as bar charts side by side: the seven mid-level values (in the model's
/// feature order), then for every target (arousal, valence) the effects of the features
/// on it, signed and sorted from most positive to most negative, absolute (W[k][j] m[j])
/// or relative (|share| of the sum of magnitudes, sign kept) as in the paper. Positive
/// bars green, negative red. Clicking a bar emits targetSelected(feature); clicking a
/// panel's title emits targetSelected(target). Every bar has a one-sentence tooltip.
/// Waterfall mode draws each effect panel as steps from 0: every feature's effect starts
/// where the previous one ended, and a last bar from 0 shows the prediction they add up
/// to (exactly: the emotion layer is linear). GUI thread.
class MidLevelChartView : public QCustomPlot {
    Q_OBJECT
public:
    explicit MidLevelChartView(QWidget* parent = nullptr);

    void setResult(const emotrace::AnalysisResult& result);
    void clearResult();
    /// Effects as shares (true) or in the target's units (false). Default: absolute.
    void setRelative(bool relative);
    bool relative() const { return m_relative; }
    /// Effects as a waterfall that adds up to the prediction (true) or as sorted bars.
    void setWaterfall(bool waterfall);
    bool waterfall() const { return m_waterfall; }
    /// Waterfall mode: a panel's steps top to bottom as (start, end), the last one the
    /// prediction (0, sum of effects). Empty otherwise.
    std::vector<std::pair<double, double>> waterfallSteps(int panel) const;

    /// Panels: 0 = mid-level values, 1 + k = effects on target k.
    int panelCount() const { return int(m_panels.size()); }
    QString panelTitle(int panel) const;
    /// The bars of a panel as drawn, top to bottom: (feature name, value).
    std::vector<std::pair<QString, double>> bars(int panel) const;
    /// Pixel centre of a panel's bar, for tests that click it.
    QPoint barCenter(int panel, int bar) const;

Q_SIGNALS:
    /// A feature ("rhythm_stability") or target ("arousal") was chosen.
    void targetSelected(const QString& name);

protected:
    bool event(QEvent* event) override;

private:
    struct Panel {
        QString title;
        QString target;                                   ///< empty for the mid-level panel
        QCPAxisRect* rect = nullptr;
        QCPBars* positive = nullptr;
        QCPBars* negative = nullptr;
        std::vector<std::pair<QString, double>> bars;     ///< top to bottom
        std::vector<std::pair<double, double>> steps;     ///< waterfall: (start, end) per bar
    };
    void rebuild();
    QString tooltipAt(const QPoint& pos) const;
    int panelOf(const QCPAbstractPlottable* plottable) const;

    emotrace::AnalysisResult m_result;
    bool m_hasResult = false;
    bool m_relative = false;
    bool m_waterfall = false;
    std::vector<Panel> m_panels;
};

} // namespace emotrace::ui
