#pragma once

namespace emotrace::ui {

/// QSettings keys of the desktop explorer, in one place so that the window, the worker
/// and the tests agree. Values: strings unless noted.
namespace SettingsKeys {
inline constexpr char ModelFolder[] = "analysis/modelFolder";        ///< model package folder
inline constexpr char SeparatorSpec[] = "analysis/separator";        ///< SeparatorFactory spec ("builtin", ...)
inline constexpr char WindowSeconds[] = "analysis/windowSeconds";    ///< double, s (model window and hop x2)
inline constexpr char LimeSamples[] = "analysis/limeSamples";        ///< int, 0 = exhaustive when small
inline constexpr char LimeSegments[] = "analysis/limeSegments";      ///< int, temporal segments per stem 1..16
inline constexpr char Threads[] = "analysis/threads";                ///< int, libtorch threads, 0 = all cores
inline constexpr char RecentFiles[] = "ui/recentFiles";              ///< QStringList, newest first
inline constexpr char Volume[] = "ui/volume";                        ///< int, 0..100 percent
inline constexpr char LastFolder[] = "ui/lastFolder";                ///< folder of the last open dialog
inline constexpr char ExportWidth[] = "ui/exportWidth";              ///< int, px, last chart export size
inline constexpr char ExportHeight[] = "ui/exportHeight";            ///< int, px
inline constexpr char ColorScheme[] = "ui/colorScheme";              ///< "system", "light" or "dark"
} // namespace SettingsKeys


} // namespace emotrace::ui
