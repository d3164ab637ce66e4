#include "PlotTheme.h"

#include <QEvent>

#include "QCustomPlotInclude.h"

namespace emotrace::ui {

void PlotTheme::follow(QCustomPlot* plot)
{
    apply(plot);
    plot->installEventFilter(new PlotTheme(plot));
}

void PlotTheme::apply(QCustomPlot* plot)
{
    const QPalette& p = plot->palette();
    const QColor text = p.color(QPalette::Text);
    QColor grid = p.color(QPalette::Mid);
    grid.setAlpha(110);
    plot->setBackground(p.brush(QPalette::Base));
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(p.brush(QPalette::Base));
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(text, 1));
            axis->setTickPen(QPen(text, 1));
            axis->setSubTickPen(QPen(text, 1));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(QPen(text, 1));
        }
    }
    if (plot->legend) { // gone with the default axis rect in multi-panel plots
        plot->legend->setBrush(p.brush(QPalette::Base));
        plot->legend->setBorderPen(QPen(grid));
        plot->legend->setTextColor(text);
    }
    for (QCPLayoutElement* e : plot->plotLayout()->elements(true))
        if (auto* title = qobject_cast<QCPTextElement*>(e)) title->setTextColor(text);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

bool PlotTheme::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        if (auto* plot = qobject_cast<QCustomPlot*>(watched)) apply(plot);
    return QObject::eventFilter(watched, event);
}

} // namespace emotrace::ui
