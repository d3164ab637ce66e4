#include "WaveformView.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace emotrace::ui {

WaveformView::WaveformView(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(80);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("The song's waveform: shaded bands are the model's analysis windows, the framed band is the excerpt the sources were explained on. Click to jump there."));
}

void WaveformView::setAudio(const AudioBuffer& audio)
{
    setEnvelope(WaveformEnvelope::of(audio));
}

void WaveformView::setEnvelope(const WaveformEnvelope& envelope)
{
    m_envelope = envelope.minMax;
    m_duration = envelope.durationSeconds;
    m_windows.clear();
    m_excerptStart = m_excerptEnd = 0.0;
    m_playhead = 0.0;
    update();
}

void WaveformView::clear()
{
    m_envelope.clear();
    m_windows.clear();
    m_excerptStart = m_excerptEnd = m_duration = m_playhead = 0.0;
    update();
}

void WaveformView::setWindows(const std::vector<std::pair<double, double>>& windows)
{
    m_windows = windows;
    update();
}

void WaveformView::setExcerpt(double startSeconds, double endSeconds)
{
    m_excerptStart = startSeconds;
    m_excerptEnd = endSeconds;
    update();
}

void WaveformView::setPlayhead(double seconds)
{
    if (seconds == m_playhead) return;
    const int oldX = int(secondsToX(m_playhead));
    m_playhead = seconds;
    const int newX = int(secondsToX(m_playhead));
    // Repaint only the two thin strips the playhead left and entered.
    update(QRect(oldX - 2, 0, 5, height()));
    update(QRect(newX - 2, 0, 5, height()));
}

double WaveformView::xToSeconds(double x) const
{
    return width() > 0 ? std::clamp(x / width(), 0.0, 1.0) * m_duration : 0.0;
}

double WaveformView::secondsToX(double seconds) const
{
    return m_duration > 0 ? seconds / m_duration * width() : 0.0;
}

void WaveformView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const int w = width(), h = height();
    const double mid = h / 2.0;
    if (m_duration <= 0.0 || m_envelope.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Open a song to see its waveform"));
        return;
    }
    // Windows alternate in shade so that overlapping ones stay distinguishable.
    for (std::size_t i = 0; i < m_windows.size(); ++i) {
        const double x0 = secondsToX(m_windows[i].first), x1 = secondsToX(std::min(m_windows[i].second, m_duration));
        p.fillRect(QRectF(x0, i % 2 ? h * 0.5 : 0.0, x1 - x0, h * 0.5), QColor(70, 130, 180, 28));
        p.setPen(QColor(70, 130, 180, 120));
        p.drawLine(QPointF(x0, 0), QPointF(x0, h));
    }
    if (m_excerptEnd > m_excerptStart) {
        const QRectF band(secondsToX(m_excerptStart), 1, secondsToX(m_excerptEnd) - secondsToX(m_excerptStart), h - 2);
        p.fillRect(band, QColor(255, 165, 0, 40));
        p.setPen(QPen(QColor(230, 126, 34), 1.5));
        p.drawRect(band);
    }
    p.setPen(palette().color(QPalette::Text));
    const double scale = mid * 0.95;
    for (int x = 0; x < w; ++x) {
        const int buckets = int(m_envelope.size());
        const int from = int(std::int64_t(x) * buckets / w);
        const int to = std::max(from + 1, int(std::int64_t(x + 1) * buckets / w));
        float lo = 0.0f, hi = 0.0f;
        for (int b = from; b < std::min(to, buckets); ++b) {
            lo = std::min(lo, m_envelope[std::size_t(b)].first);
            hi = std::max(hi, m_envelope[std::size_t(b)].second);
        }
        p.drawLine(QPointF(x, mid - hi * scale), QPointF(x, mid - lo * scale));
    }
    p.setPen(QPen(QColor(220, 20, 60), 2));
    const double px = secondsToX(m_playhead);
    p.drawLine(QPointF(px, 0), QPointF(px, h));
}

void WaveformView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_duration > 0.0) Q_EMIT seekRequested(xToSeconds(event->position().x()));
}

} // namespace emotrace::ui
