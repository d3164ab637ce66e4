#include "EmotionPlaneView.h"
#include "PlotTheme.h"

#include <algorithm>

#include "Tooltips.h"

namespace emotrace::ui {

namespace {

int indexOf(const std::vector<std::string>& names, const char* name)
{
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : int(it - names.begin());
}

} // namespace

EmotionPlaneView::EmotionPlaneView(QWidget* parent) : QCustomPlot(parent)
{
    setMinimumSize(300, 240);
    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, tr("Emotion plane"), QFont(font().family(), 10, QFont::Bold));
    plotLayout()->addElement(0, 0, m_title);
    xAxis->setLabel(tr("valence"));
    yAxis->setLabel(tr("arousal"));
    xAxis->setTickLabels(true);

    m_path = new QCPCurve(xAxis, yAxis);
    m_path->setPen(QPen(QColor(100, 100, 100, 160), 1.2, Qt::DashLine));
    m_path->setName(tr("windows"));
    m_windowsGraph = addGraph();
    m_windowsGraph->setLineStyle(QCPGraph::lsNone);
    m_windowsGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(70, 130, 180), QColor(70, 130, 180, 80), 6));
    m_songGraph = addGraph();
    m_songGraph->setLineStyle(QCPGraph::lsNone);
    m_songGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(220, 20, 60), 12));

    const QStringList labels{tr("tense · angry"), tr("happy · excited"), tr("sad · gloomy"), tr("calm · relaxed")};
    for (int i = 0; i < 4; ++i) {
        auto* t = new QCPItemText(this);
        t->setText(labels[i]);
        t->setColor(QColor(120, 120, 120));
        t->setPositionAlignment((i % 2 ? Qt::AlignRight : Qt::AlignLeft) | (i < 2 ? Qt::AlignTop : Qt::AlignBottom));
        // Corners of the plot area whatever the axis ranges, clear of the axes.
        t->position->setType(QCPItemPosition::ptAxisRectRatio);
        t->position->setCoords(i % 2 ? 0.98 : 0.02, i < 2 ? 0.02 : 0.98);
        m_quadrants[std::size_t(i)] = t;
    }
    m_note = new QCPItemText(this);
    m_note->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_note->position->setCoords(0.5, 0.5);
    m_note->setText(tr("No analysis yet"));
    setToolTip(Tooltips::describe("valence") + "\n" + Tooltips::describe("arousal"));
    applyRanges();
    PlotTheme::follow(this);
}

void EmotionPlaneView::setRanges(const std::vector<std::string>& targets, const std::vector<std::pair<double, double>>& ranges)
{
    const int a = indexOf(targets, "arousal"), v = indexOf(targets, "valence");
    m_arousalRange = a >= 0 && std::size_t(a) < ranges.size() ? ranges[std::size_t(a)] : std::pair{0.0, 1.0};
    m_valenceRange = v >= 0 && std::size_t(v) < ranges.size() ? ranges[std::size_t(v)] : std::pair{0.0, 1.0};
    applyRanges();
}

void EmotionPlaneView::applyRanges()
{
    double vLo = m_valenceRange.first, vHi = m_valenceRange.second;
    double aLo = m_arousalRange.first, aHi = m_arousalRange.second;
    // An untrained model may predict outside the label scale: widen rather than hide.
    auto widen = [](double& lo, double& hi, double x) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    };
    if (m_hasResult) {
        widen(vLo, vHi, m_song.x());
        widen(aLo, aHi, m_song.y());
        for (const QPointF& p : m_trajectory) {
            widen(vLo, vHi, p.x());
            widen(aLo, aHi, p.y());
        }
    }
    const double vPad = (vHi - vLo) * 0.03, aPad = (aHi - aLo) * 0.03;
    xAxis->setRange(vLo - vPad, vHi + vPad);
    yAxis->setRange(aLo - aPad, aHi + aPad);
}

void EmotionPlaneView::setResult(const AnalysisResult& result)
{
    const int a = indexOf(result.targets, "arousal"), v = indexOf(result.targets, "valence");
    clearResult();
    if (a < 0 || v < 0 || result.emotions.size() != result.targets.size()) {
        m_note->setText(tr("This model predicts no arousal/valence pair"));
        replot();
        return;
    }
    m_song = QPointF(result.emotions[std::size_t(v)], result.emotions[std::size_t(a)]);
    QVector<double> keys, xs, ys;
    for (std::size_t w = 0; w < result.windows.size(); ++w) {
        const auto& e = result.windows[w].emotions;
        const QPointF p(e[std::size_t(v)], e[std::size_t(a)]);
        m_trajectory.push_back(p);
        keys.push_back(double(w));
        xs.push_back(p.x());
        ys.push_back(p.y());
    }
    m_path->setData(keys, xs, ys, true);
    m_windowsGraph->setData(xs, ys);
    m_songGraph->setData({m_song.x()}, {m_song.y()});
    m_hasResult = true;
    m_note->setText(QString());
    m_title->setText(result.model.trained ? tr("Emotion plane") : tr("Emotion plane (untrained model)"));
    setToolTip(tr("Whole song: valence %1, arousal %2 (red dot); blue dots: the %3 windows in time order.")
                   .arg(m_song.x(), 0, 'f', 3)
                   .arg(m_song.y(), 0, 'f', 3)
                   .arg(m_trajectory.size()));
    applyRanges();
    replot();
}

void EmotionPlaneView::clearResult()
{
    m_hasResult = false;
    m_trajectory.clear();
    m_path->data()->clear();
    m_windowsGraph->data()->clear();
    m_songGraph->data()->clear();
    m_note->setText(tr("No analysis yet"));
    m_title->setText(tr("Emotion plane"));
    applyRanges();
    replot();
}

} // namespace emotrace::ui
