#pragma once

#include <QByteArray>
#include <QString>

class QCustomPlot;
class QWidget;

namespace emotrace::ui {

/// Writes charts and tables to files atomically: into a temporary file beside the target
/// that replaces the target only when everything was written (QSaveFile), so a failed
/// export never leaves a half-written file. GUI thread (it renders widgets).
class ChartExport {
public:
    /// Image by suffix: .png, .jpg/.jpeg, .pdf (vector). width/height in pixels (0 = the
    /// widget's size). Returns false with a one-line message in *error.
    static bool savePlot(QCustomPlot* plot, const QString& path, QString* error, int width = 0, int height = 0);
    /// A plain widget as PNG or JPG (QWidget::grab()).
    static bool saveWidget(QWidget* widget, const QString& path, QString* error);
    /// Bytes (CSV, JSON) to path.
    static bool saveBytes(const QString& path, const QByteArray& bytes, QString* error);
    /// Quotes one CSV field when needed (RFC 4180).
    static QString csvField(const QString& text);
};

} // namespace emotrace::ui
