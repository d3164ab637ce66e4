#pragma once

#include <QPalette>
#include <QString>

namespace emotrace::ui {

/// The application's colour scheme: the platform's palette, or EmoTrace's light or dark
/// palette on the Fusion style (so a dark scheme is available on any desktop). Applied
/// to the whole application; widgets and plots (PlotTheme) follow the palette change.
/// GUI thread.
class ColorScheme {
public:
    enum class Mode { System, Light, Dark };

    /// "system", "light" or "dark" (anything else: System).
    static Mode fromName(const QString& name);
    static QString name(Mode mode);
    static QPalette lightPalette();
    static QPalette darkPalette();
    /// Sets the application's style and palette. Needs a QApplication.
    static void apply(Mode mode);
};

} // namespace emotrace::ui
