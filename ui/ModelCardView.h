#pragma once

#include <QString>
#include <QWidget>

#include "model/ModelInfo.h"

class QTabWidget;
class QTextBrowser;

namespace emotrace::ui {

/// The model card of a model package, for users deciding how far to trust the numbers:
/// a summary tab from model.json (name, version, trained or not, architecture, training
/// data, held-out metrics per target, limits) and, when the package has one, its MODEL.md
/// rendered as written. GUI thread.
class ModelCardView : public QWidget {
    Q_OBJECT
public:
    explicit ModelCardView(QWidget* parent = nullptr);

    /// Shows a model; folder locates MODEL.md (may be empty).
    void setModel(const emotrace::ModelInfo& info, const QString& folder);
    /// Shows a one-line reason instead (no model configured, unreadable model.json).
    void setMessage(const QString& text);

    /// The summary as HTML: what the summary tab shows. Metrics come from model.json's
    /// "metrics": the "test" report, else "validation"; each target's Pearson r and RMSE.
    static QString summaryHtml(const emotrace::ModelInfo& info);

    QTextBrowser* summary() const { return m_summary; }
    QTextBrowser* card() const { return m_card; }
    QTabWidget* tabs() const { return m_tabs; }

private:
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_summary = nullptr;
    QTextBrowser* m_card = nullptr;
};

} // namespace emotrace::ui
