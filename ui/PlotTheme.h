#pragma once

#include <QObject>

class QCustomPlot;

namespace emotrace::ui {

/// Keeps a QCustomPlot in the colours of its widget palette (QCustomPlot paints white
/// with black axes whatever the palette): background from Base, axes, ticks, labels,
/// legend and title text from Text, grid lines from Mid. follow() applies it now and
/// again on every palette change (a dark/light switch), then replots. The data colours
/// (bars, points) are mid-tone and stay. GUI thread.
class PlotTheme : public QObject {
    Q_OBJECT
public:
    /// Applies the palette now and installs the follower (owned by the plot).
    static void follow(QCustomPlot* plot);
    /// Applies plot->palette() to the plot's axes, grids, legend and text elements.
    static void apply(QCustomPlot* plot);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit PlotTheme(QObject* parent) : QObject(parent) {}
};

} // namespace emotrace::ui
