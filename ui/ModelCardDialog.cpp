#include "ModelCardDialog.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

#include <fstream>

#include <nlohmann/json.hpp>

#include "ModelCardView.h"
#include "util/Error.h"

namespace emotrace::ui {

ModelCardDialog::ModelCardDialog(QWidget* parent) : QDialog(parent), m_view(new ModelCardView(this))
{
    setWindowTitle(tr("Model card"));
    resize(640, 560);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
}

void ModelCardDialog::showModel(const std::optional<ModelInfo>& loaded, const QString& loadedFolder, const QString& configuredFolder)
{
    if (loaded && loadedFolder == configuredFolder) {
        m_view->setModel(*loaded, configuredFolder);
        return;
    }
    if (configuredFolder.isEmpty()) {
        m_view->setMessage(tr("No model is configured (File ▸ Settings…)."));
        return;
    }
    const QString file = configuredFolder + QStringLiteral("/model.json");
    try {
        std::ifstream in(file.toStdString());
        if (!in) throw Error(file.toStdString() + ": cannot open");
        nlohmann::json j;
        try {
            in >> j;
        } catch (const nlohmann::json::exception& e) {
            throw Error(file.toStdString() + ": not valid JSON (" + e.what() + ")");
        }
        m_view->setModel(ModelInfo::fromJson(j, file.toStdString()), configuredFolder);
    } catch (const Error& e) {
        m_view->setMessage(QString::fromStdString(e.what()));
    }
}

} // namespace emotrace::ui
