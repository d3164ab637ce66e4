#pragma once

#include <QWidget>

#include "WaveformEnvelope.h"

#include <utility>
#include <vector>

#include "audio/AudioBuffer.h"

namespace emotrace::ui {

/// Overview of a song: the min/max envelope of the mix (a WaveformEnvelope
/// buckets when the audio is set, then folded to the widget's width when painting), the
/// analysed model windows as bands, the explained excerpt highlighted, and a moving
/// playhead. A click seeks. GUI thread.
class WaveformView : public QWidget {
    Q_OBJECT
public:

    explicit WaveformView(QWidget* parent = nullptr);

    /// Shows a song's overview (computed elsewhere, e.g. on the worker thread); clears the
    /// windows, excerpt and playhead.
    void setEnvelope(const WaveformEnvelope& envelope);
    /// setEnvelope(WaveformEnvelope::of(audio)), on this thread: for small clips and tests.
    void setAudio(const emotrace::AudioBuffer& audio);
    void clear();
    /// Model windows, [start, end] in seconds.
    void setWindows(const std::vector<std::pair<double, double>>& windows);
    /// The excerpt that level two explained, seconds (empty range: none).
    void setExcerpt(double startSeconds, double endSeconds);
    /// Playhead, seconds.
    void setPlayhead(double seconds);
    double duration() const { return m_duration; }
    double playhead() const { return m_playhead; }
    /// The envelope, for tests and CSV: [buckets] of (min, max).
    const std::vector<std::pair<float, float>>& envelope() const { return m_envelope; }

    QSize sizeHint() const override { return {800, 110}; }

Q_SIGNALS:
    /// The user clicked at a time (seconds).
    void seekRequested(double seconds);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    double xToSeconds(double x) const;
    double secondsToX(double seconds) const;

    std::vector<std::pair<float, float>> m_envelope;
    std::vector<std::pair<double, double>> m_windows;
    double m_excerptStart = 0.0;
    double m_excerptEnd = 0.0;
    double m_duration = 0.0;
    double m_playhead = 0.0;
};

} // namespace emotrace::ui
