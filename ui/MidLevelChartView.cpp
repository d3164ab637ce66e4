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
        if (row >= 0 && row < int(list.size())) Q_EMIT targetSelected(list[std::size_t(row)].first);
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
        if (m_panels[i].positive == plottable || m_panels[i].negative == plottable) return int(i);
    return -1;
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
            if (m_waterfall) {
                double running = 0.0;
                for (const auto& [name, v] : panel.bars) {
                    panel.steps.emplace_back(running, running + v);
                    running += v;
                }
                panel.bars.emplace_back(panel.target, running);
                panel.steps.emplace_back(0.0, running);
                panel.title = m_relative ? tr("Relative effects on %1, adding up").arg(panel.target)
                                         : tr("Effects on %1, adding up to %2").arg(panel.target).arg(running, 0, 'f', 3);
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
        for (int i = 0; i < n; ++i) ticker->addTick(n - 1 - i, Tooltips::label(panel.bars[std::size_t(i)].first));
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
                r->setBrush(i == n - 1 ? QColor(70, 130, 180) : b >= a ? QColor(46, 139, 87) : QColor(205, 92, 92));
                lo = std::min({lo, a, b});
                hi = std::max({hi, a, b});
            }
        } else {
            for (int i = 0; i < n; ++i) {
                const double v = panel.bars[std::size_t(i)].second;
                (v >= 0 ? panel.positive : panel.negative)->addData(n - 1 - i, v);
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
    int dataIndex = -1;
    QCPAbstractPlottable* plottable = plottableAt(pos, true, &dataIndex);
    const int p = panelOf(plottable);
    if (p < 0 || dataIndex < 0) return {};
    const Panel& panel = m_panels[std::size_t(p)];
    const double key = static_cast<QCPBars*>(plottable)->data()->at(dataIndex)->key;
    const int row = int(panel.bars.size()) - 1 - int(std::lround(key));
    if (row < 0 || row >= int(panel.bars.size())) return {};
    const auto& [name, value] = panel.bars[std::size_t(row)];
    if (panel.target.isEmpty()) return Tooltips::describe(name) + "\n" + tr("Value: %1").arg(value, 0, 'f', 4);
    return Tooltips::describe(name) + "\n" + Tooltips::effect(name, panel.target, value, m_relative);
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
