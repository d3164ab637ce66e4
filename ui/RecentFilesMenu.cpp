#include "RecentFilesMenu.h"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStringList>

#include "SettingsKeys.h"

namespace emotrace::ui {

RecentFilesMenu::RecentFilesMenu(QMenu* menu, QObject* parent) : QObject(parent), m_menu(menu)
{
    rebuild();
}

void RecentFilesMenu::remember(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(SettingsKeys::RecentFiles).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(SettingsKeys::RecentFiles, recent);
    rebuild();
}

void RecentFilesMenu::rebuild()
{
    m_menu->clear();
    const QStringList recent = QSettings().value(SettingsKeys::RecentFiles).toStringList();
    for (const QString& path : recent)
        connect(m_menu->addAction(QFileInfo(path).fileName()), &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    m_menu->setEnabled(!recent.isEmpty());
}

} // namespace emotrace::ui
