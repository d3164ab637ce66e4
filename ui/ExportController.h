#pragma once

#include <QObject>
#include <QSize>
#include <QString>

#include <functional>

#include "audio/AudioEncoder.h"

class QCustomPlot;
class QWidget;

namespace emotrace::ui {

class SongSession;

/// Every export of the window, in one place, reading the document: the analysis and
/// explanation as JSON, each chart's data as CSV (ChartData, from the document's values)
/// or as an image (rendered from the chart widget that draws it: the one thing a widget
/// is needed for), the stems and the explanation's mix (or the rest) as WAV/FLAC.
/// Every file is written atomically; audio can be written on a pool thread. GUI thread.
class ExportController : public QObject {
    Q_OBJECT
public:
    enum class Chart { EmotionPlane, MidLevel, Sources, Perturbations, Waveform };

    /// The widgets that draw each chart, for image exports only.
    struct ChartWidgets {
        QCustomPlot* emotionPlane = nullptr;
        QCustomPlot* midLevel = nullptr;
        QCustomPlot* sources = nullptr;
        QWidget* waveform = nullptr;
    };

    ExportController(const SongSession* session, ChartWidgets widgets, QObject* parent = nullptr);

    /// The widget that draws a chart (its size is the default figure size).
    QWidget* chartWidget(Chart chart) const;
    /// .png/.jpg/.pdf image or .csv data (Perturbations: CSV only; Waveform: PNG/JPG/CSV).
    /// size: the image's size in pixels (PDF: points); invalid = as shown. Returns false
    /// with a one-line message in *error.
    bool exportChart(Chart chart, const QString& path, QString* error = nullptr, QSize size = {}) const;
    /// AnalysisResult::toJson of level one.
    bool exportAnalysisJson(const QString& path, QString* error = nullptr) const;
    /// SourceExplanation::toJson of level two.
    bool exportExplanationJson(const QString& path, QString* error = nullptr) const;
    /// Every stem to <folder>/<song>-<stem>.<wav|flac> (24-bit, each file atomic), on the
    /// calling thread.
    bool exportStems(const QString& folder, emotrace::AudioEncoder::Format format, QString* error = nullptr) const;
    /// The mix of the explanation's stems for the selected target (complement: of every
    /// other stem); format by extension (.wav, .flac), on the calling thread.
    bool exportExplanationMix(const QString& path, bool complement, QString* error = nullptr) const;

    /// The same two on a pool thread (the stems are shared and immutable); the outcome
    /// comes back on this thread as written() or failed(). False (and *error) when there
    /// is nothing to write.
    bool startStemsExport(const QString& folder, emotrace::AudioEncoder::Format format, QString* error = nullptr);
    bool startExplanationMixExport(const QString& path, bool complement, QString* error = nullptr);

Q_SIGNALS:
    /// A pool-thread export finished; what: a short description of what was written.
    void written(const QString& what);
    void failed(const QString& message);

private:
    QString songBaseName() const;
    void runInPool(std::function<QString()> job, const QString& what);

    const SongSession* m_session;
    ChartWidgets m_widgets;
};

} // namespace emotrace::ui
