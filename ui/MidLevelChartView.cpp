#include "MidLevelChartView.h"
#include "PlotTheme.h"

#include <QHelpEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "Tooltips.h"

namespace emotrace::ui {

MidLevelChartView::MidLevelChartView(QWidget* parent) : QCustomPlot(parent)
{
    setMinimumSize(420, 240);
    connect(this, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* plottable, int dataIndex, QMouseEvent*) {
        const int p = panelOf(plottable);
        if (p < 0) return;
        const auto* bars = static_cast<QCPBars*>(plottable);
        const double key = bars->data()->at(dataIndex)->key;
        const auto& list = m_panels[std::size_t(p)].bars;
        // Keys run bottom-up: the top bar has the largest key.
        const int row = int(list.size()) - 1 - int(std::lround(key));
        if (row < 0 || row >= int(list.size())) return;
        const QString& name = list[std::size_t(row)].first;
        Q_EMIT targetSelected(name == QLatin1String(kBaselineBar) ? m_panels[std::size_t(p)].target : name);
    });
    rebuild();
    PlotTheme::follow(this);
}

void MidLevelChartView::setResult(const AnalysisResult& result)
{
    m_result = result;
    m_hasResult = true;
    rebuild();
}

void MidLevelChartView::clearResult()
{
    m_result = {};
    m_hasResult = false;
    rebuild();
}

void MidLevelChartView::setRelative(bool relative)
{
    if (relative == m_relative) return;
    m_relative = relative;
    rebuild();
}

void MidLevelChartView::setWaterfall(bool waterfall)
{
    if (waterfall == m_waterfall) return;
    m_waterfall = waterfall;
    rebuild();
}

std::vector<std::pair<double, double>> MidLevelChartView::waterfallSteps(int panel) const
{
    return panel >= 0 && panel < panelCount() ? m_panels[std::size_t(panel)].steps : std::vector<std::pair<double, double>>{};
}

QString MidLevelChartView::panelTitle(int panel) const
{
    return panel >= 0 && panel < panelCount() ? m_panels[std::size_t(panel)].title : QString();
}

std::vector<std::pair<QString, double>> MidLevelChartView::bars(int panel) const
{
    return panel >= 0 && panel < panelCount() ? m_panels[std::size_t(panel)].bars : std::vector<std::pair<QString, double>>{};
}

QPoint MidLevelChartView::barCenter(int panel, int bar) const
{
    const Panel& p = m_panels.at(std::size_t(panel));
    const double key = double(p.bars.size()) - 1.0 - bar;
    const double value = p.bars.at(std::size_t(bar)).second / 2.0;
    QCPAxis* keyAxis = p.rect->axis(QCPAxis::atLeft);
    QCPAxis* valueAxis = p.rect->axis(QCPAxis::atBottom);
    return QPoint(int(valueAxis->coordToPixel(value)), int(keyAxis->coordToPixel(key)));
}

int MidLevelChartView::panelOf(const QCPAbstractPlottable* plottable) const
{
    for (std::size_t i = 0; i < m_panels.size(); ++i)
        if (m_panels[i].positive == plottable || m_panels[i].negative == plottable || m_panels[i].baseline == plottable) return int(i);
    return -1;
}

bool MidLevelChartView::hasBaseline() const
{
    const auto nonZero = [](double v) { return v != 0.0; };
    return std::any_of(m_result.effects.baseline.begin(), m_result.effects.baseline.end(), nonZero)
           || std::any_of(m_result.effects.featureMeans.begin(), m_result.effects.featureMeans.end(), nonZero);
}

void MidLevelChartView::rebuild()
{
    clearItems();
    clearPlottables();
    plotLayout()->clear();
    m_panels.clear();

    std::vector<QString> features;
    for (const auto& f : m_result.features) features.push_back(QString::fromStdString(f));
    const std::size_t targetCount = m_hasResult ? m_result.targets.size() : 0;

    for (std::size_t p = 0; p < 1 + targetCount; ++p) {
        Panel panel;
        if (p == 0) {
            panel.title = tr("Mid-level features");
            for (std::size_t j = 0; j < features.size(); ++j) panel.bars.emplace_back(features[j], m_result.concepts[j]);
        } else {
            const std::size_t k = p - 1;
            panel.target = QString::fromStdString(m_result.targets[k]);
            panel.title = m_relative ? tr("Relative effect on %1").arg(panel.target) : tr("Effect on %1").arg(panel.target);
            const auto& row = m_relative ? m_result.effects.relative[k] : m_result.effects.effects[k];
            for (std::size_t j = 0; j < features.size(); ++j) panel.bars.emplace_back(features[j], row[j]);
            std::stable_sort(panel.bars.begin(), panel.bars.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
            // The baseline first: the prediction for a song at the training means, which the
            // effects move up or down. Shares (relative mode) leave it out: it is not a feature's.
            if (!m_relative)
                panel.bars.insert(panel.bars.begin(),
                                  {QString::fromLatin1(kBaselineBar), k < m_result.effects.baseline.size() ? m_result.effects.baseline[k] : 0.0});
            if (m_waterfall) {
                double running = 0.0;
                for (const auto& [name, v] : panel.bars) {
                    panel.steps.emplace_back(running, running + v);
                    running += v;
                }
                panel.bars.emplace_back(panel.target, running);
                panel.steps.emplace_back(0.0, running);
                panel.title = m_relative ? tr("Relative effects on %1, adding up").arg(panel.target)
                                         : tr("Baseline and effects on %1, adding up to %2").arg(panel.target).arg(running, 0, 'f', 3);
            }
        }
        auto* title = new QCPTextElement(this, panel.title, QFont(font().family(), 9, QFont::Bold));
        if (!panel.target.isEmpty()) {
            const QString target = panel.target;
            connect(title, &QCPTextElement::clicked, this, [this, target] { Q_EMIT targetSelected(target); });
        }
        plotLayout()->addElement(0, int(p), title);
        panel.rect = new QCPAxisRect(this);
        plotLayout()->addElement(1, int(p), panel.rect);
        QCPAxis* keyAxis = panel.rect->axis(QCPAxis::atLeft);
        QCPAxis* valueAxis = panel.rect->axis(QCPAxis::atBottom);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        const int n = int(panel.bars.size());
        for (int i = 0; i < n; ++i) {
            const QString& name = panel.bars[std::size_t(i)].first;
            ticker->addTick(n - 1 - i, name == QLatin1String(kBaselineBar) ? tr("baseline") : Tooltips::label(name));
        }
        keyAxis->setTicker(ticker);
        keyAxis->setRange(-0.6, std::max(0, n - 1) + 0.6);
        keyAxis->grid()->setVisible(false);
        valueAxis->ticker()->setTickCount(4); // narrow panels: fewer, readable tick labels
        panel.positive = new QCPBars(keyAxis, valueAxis);
        panel.negative = new QCPBars(keyAxis, valueAxis);
        panel.positive->setBrush(QColor(46, 139, 87));
        panel.positive->setPen(Qt::NoPen);
        panel.negative->setBrush(QColor(205, 92, 92));
        panel.negative->setPen(Qt::NoPen);
        panel.positive->setWidth(0.7);
        panel.negative->setWidth(0.7);
        const QColor baselineColour(128, 128, 128);
        if (!panel.target.isEmpty() && !m_relative) {
            panel.baseline = new QCPBars(keyAxis, valueAxis);
            panel.baseline->setBrush(baselineColour);
            panel.baseline->setPen(Qt::NoPen);
            panel.baseline->setWidth(0.7);
        }
        double lo = 0.0, hi = 0.0;
        if (!panel.steps.empty()) {
            // Floating bars: one rectangle per step, the total in the axis' colour.
            for (int i = 0; i < n; ++i) {
                const auto [a, b] = panel.steps[std::size_t(i)];
                auto* r = new QCPItemRect(this);
                r->setClipAxisRect(panel.rect);
                for (QCPItemPosition* pos : {r->topLeft, r->bottomRight}) {
                    pos->setType(QCPItemPosition::ptPlotCoords);
                    pos->setAxes(valueAxis, keyAxis);
                }
                const double key = n - 1 - i;
                r->topLeft->setCoords(std::min(a, b), key + 0.35);
                r->bottomRight->setCoords(std::max(a, b), key - 0.35);
                r->setPen(Qt::NoPen);
                const bool isBaseline = panel.bars[std::size_t(i)].first == QLatin1String(kBaselineBar);
                r->setBrush(i == n - 1 ? QColor(70, 130, 180) : isBaseline ? baselineColour : b >= a ? QColor(46, 139, 87) : QColor(205, 92, 92));
                lo = std::min({lo, a, b});
                hi = std::max({hi, a, b});
            }
        } else {
            for (int i = 0; i < n; ++i) {
                const double v = panel.bars[std::size_t(i)].second;
                QCPBars* bars = panel.bars[std::size_t(i)].first == QLatin1String(kBaselineBar) ? panel.baseline
                              : v >= 0                                                        ? panel.positive
                                                                                              : panel.negative;
                bars->addData(n - 1 - i, v);
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        if (p == 0) hi = std::max(hi, 1.0); // the labels' scale
        const double pad = (hi - lo) * 0.05 + 1e-9;
        valueAxis->setRange(lo - (lo < 0 ? pad : 0.0), hi + pad);
        m_panels.push_back(std::move(panel));
    }
    if (!m_hasResult) {
        auto* empty = new QCPTextElement(this, tr("No analysis yet"));
        plotLayout()->addElement(0, 1, empty);
    }
    PlotTheme::apply(this); // the panels are new: give them the palette's colours
    // Feature names are long: give the first panel its labels' room, share the rest.
    replot();
}

QString MidLevelChartView::tooltipAt(const QPoint& pos) const
{
    if (auto* title = qobject_cast<QCPTextElement*>(layoutElementAt(pos))) {
        for (const Panel& panel : m_panels)
            if (panel.title == title->text() && !panel.target.isEmpty())
                return Tooltips::describe(panel.target) + "\n" + tr("Click to explain %1 by its sound sources.").arg(panel.target);
    }
    // Waterfall steps are items, not plottables: find the step under the pointer.
    for (const Panel& panel : m_panels) {
        if (panel.steps.empty() || !panel.rect->rect().contains(pos)) continue;
        const double key = panel.rect->axis(QCPAxis::atLeft)->pixelToCoord(pos.y());
        const double value = panel.rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
        const double slack = std::fabs(panel.rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x() + 2) - value);
        const int row = int(panel.bars.size()) - 1 - int(std::lround(key));
        if (row < 0 || row >= int(panel.steps.size()) || std::fabs(key - std::round(key)) > 0.35) return {};
        const auto [a, b] = panel.steps[std::size_t(row)];
        if (value < std::min(a, b) - slack || value > std::max(a, b) + slack) return {};
        return barTooltip(panel, row);
    }
    int dataIndex = -1;
    QCPAbstractPlottable* plottable = plottableAt(pos, true, &dataIndex);
    const int p = panelOf(plottable);
    if (p < 0 || dataIndex < 0) return {};
    const Panel& panel = m_panels[std::size_t(p)];
    const double key = static_cast<QCPBars*>(plottable)->data()->at(dataIndex)->key;
    return barTooltip(panel, int(panel.bars.size()) - 1 - int(std::lround(key)));
}

QString MidLevelChartView::barTooltip(const Panel& panel, int row) const
{
    if (row < 0 || row >= int(panel.bars.size())) return {};
    const auto& [name, value] = panel.bars[std::size_t(row)];
    if (panel.target.isEmpty()) return Tooltips::describe(name) + "\n" + tr("Value: %1").arg(value, 0, 'f', 4);
    if (name == QLatin1String(kBaselineBar)) return Tooltips::baseline(panel.target, value, hasBaseline());
    if (name == panel.target) // the waterfall's last bar
        return Tooltips::describe(name) + "\n"
               + (m_relative ? tr("Sum of the signed shares: %1 %.").arg(value * 100.0, 0, 'f', 1)
                             : tr("Prediction: %1 = baseline + effects.").arg(value, 0, 'f', 4));
    QString text = Tooltips::describe(name) + "\n" + Tooltips::effect(name, panel.target, value, m_relative);
    const auto it = std::find(m_result.features.begin(), m_result.features.end(), name.toStdString());
    const auto j = std::size_t(it - m_result.features.begin());
    if (hasBaseline() && it != m_result.features.end() && j < m_result.concepts.size() && j < m_result.effects.featureMeans.size())
        text += "\n" + tr("Value %1 against the training mean %2.").arg(m_result.concepts[j], 0, 'f', 3).arg(m_result.effects.featureMeans[j], 0, 'f', 3);
    return text;
}

bool MidLevelChartView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QCustomPlot::event(event);
}

} // namespace emotrace::ui
