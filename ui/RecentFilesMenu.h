#pragma once

#include <QObject>
#include <QString>

class QMenu;

namespace emotrace::ui {

/// File ▸ Open Recent: the last songs opened (QSettings, newest first, at most
/// kMaxRecent), one action each. GUI thread.
class RecentFilesMenu : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRecent = 10;

    /// Fills `menu` (owned by the caller) from the settings.
    explicit RecentFilesMenu(QMenu* menu, QObject* parent = nullptr);
    /// Moves a path to the top of the list.
    void remember(const QString& path);

Q_SIGNALS:
    void openRequested(const QString& path);

private:
    void rebuild();
    QMenu* m_menu;
};

} // namespace emotrace::ui
