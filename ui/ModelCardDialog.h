#pragma once

#include <QDialog>
#include <QString>

#include <optional>

#include "model/ModelInfo.h"

namespace emotrace::ui {

class ModelCardView;

/// Help ▸ Model card: a non-modal dialog around a ModelCardView for the model in force.
/// GUI thread.
class ModelCardDialog : public QDialog {
    Q_OBJECT
public:
    explicit ModelCardDialog(QWidget* parent = nullptr);
    ModelCardView* view() const { return m_view; }

    /// Shows the model of the configured folder: `loaded` when it came from that folder
    /// (the analysis already read it), else read from the folder's model.json (a few
    /// kilobytes, fine on this thread); a one-line reason when there is none or it is
    /// unreadable.
    void showModel(const std::optional<emotrace::ModelInfo>& loaded, const QString& loadedFolder, const QString& configuredFolder);

private:
    ModelCardView* m_view;
};

} // namespace emotrace::ui
