#pragma once

#include <QCoreApplication>
#include <QSize>

#include <optional>

class QWidget;

namespace emotrace::ui {

/// Asks for the size of an exported figure (a paper's column or page, not the window's),
/// starting from the last size used (QSettings) or the chart's size on screen, and
/// remembers the answer. GUI thread.
class FigureSizeDialog {
    Q_DECLARE_TR_FUNCTIONS(FigureSizeDialog)
public:
    /// Modal; nullopt when cancelled. Pixels (PDF: points), each 100..10000.
    static std::optional<QSize> ask(QWidget* parent, QSize shown);
};

} // namespace emotrace::ui
