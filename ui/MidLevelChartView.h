#pragma once

#include "QCustomPlotInclude.h"

#include <QString>
#include <utility>
#include <vector>

#include "analysis/AnalysisResult.h"

namespace emotrace::ui {

/// Level one as bar charts side by side: the seven mid-level values (in the model's
/// feature order), then for every target (arousal, valence) its baseline b (the first
/// bar, labelled "baseline", grey: the training labels' mean, 0 for a model without one)
/// and the effects of the features on it, W[k][j] (m[j] - m_bar[j]) (EmotionEffects),
/// signed and sorted from most positive to most negative. Relative mode shows the
/// effects as shares of the sum of their magnitudes (sign kept) as in the paper, without
/// the baseline bar (it is not a share). Positive bars green, negative red. Clicking a
/// feature's bar emits targetSelected(feature); clicking a panel's title or its baseline
/// bar emits targetSelected(target). Every bar has a one-sentence tooltip (in waterfall
/// mode too). Waterfall mode draws each effect panel as steps from 0: the baseline, then
/// every feature's effect from where the previous step ended, and a last bar from 0
/// shows the prediction they add up to (exactly: the emotion layer is linear). GUI thread.
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
    /// Waterfall mode: a panel's steps top to bottom as (start, end): first the baseline
    /// (0, b) (absolute mode only), then the effects, the last one the prediction
    /// (0, baseline + sum of effects). Empty otherwise.
    std::vector<std::pair<double, double>> waterfallSteps(int panel) const;

    /// Panels: 0 = mid-level values, 1 + k = effects on target k.
    int panelCount() const { return int(m_panels.size()); }
    QString panelTitle(int panel) const;
    /// Name of the baseline bar in bars() (its tick label is the translated "baseline").
    static constexpr const char* kBaselineBar = "baseline";
    /// The bars of a panel as drawn, top to bottom: (feature name, value); effect panels
    /// in absolute mode start with (kBaselineBar, b).
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
        QCPBars* baseline = nullptr;                      ///< the baseline bar (sorted mode)
        std::vector<std::pair<QString, double>> bars;     ///< top to bottom
        std::vector<std::pair<double, double>> steps;     ///< waterfall: (start, end) per bar
    };
    void rebuild();
    QString tooltipAt(const QPoint& pos) const;
    /// The tooltip of a panel's bar (top-to-bottom row).
    QString barTooltip(const Panel& panel, int row) const;
    /// True when the result's model has a baseline (any non-zero mean).
    bool hasBaseline() const;
    int panelOf(const QCPAbstractPlottable* plottable) const;

    emotrace::AnalysisResult m_result;
    bool m_hasResult = false;
    bool m_relative = false;
    bool m_waterfall = false;
    std::vector<Panel> m_panels;
};

} // namespace emotrace::ui
