#include "FigureSizeDialog.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "SettingsKeys.h"

namespace emotrace::ui {

std::optional<QSize> FigureSizeDialog::ask(QWidget* parent, QSize shown)
{
    QDialog ask(parent);
    ask.setWindowTitle(tr("Figure size"));
    auto* form = new QFormLayout;
    auto* width = new QSpinBox(&ask);
    auto* height = new QSpinBox(&ask);
    for (QSpinBox* box : {width, height}) {
        box->setRange(100, 10000);
        box->setSuffix(tr(" px"));
    }
    QSettings settings;
    width->setValue(settings.value(SettingsKeys::ExportWidth, shown.width()).toInt());
    height->setValue(settings.value(SettingsKeys::ExportHeight, shown.height()).toInt());
    form->addRow(tr("&Width:"), width);
    form->addRow(tr("&Height:"), height);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &ask);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    auto* layout = new QVBoxLayout(&ask);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (ask.exec() != QDialog::Accepted) return std::nullopt;
    const QSize size(width->value(), height->value());
    settings.setValue(SettingsKeys::ExportWidth, size.width());
    settings.setValue(SettingsKeys::ExportHeight, size.height());
    return size;
}

} // namespace emotrace::ui
