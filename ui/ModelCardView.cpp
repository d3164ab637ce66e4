#include "ModelCardView.h"

#include <QFile>
#include <QStringList>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace emotrace::ui {

namespace {

QString esc(const std::string& s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString number(const nlohmann::json& v, int decimals)
{
    return v.is_number() && std::isfinite(v.get<double>()) ? QString::number(v.get<double>(), 'f', decimals) : QStringLiteral("–");
}

} // namespace

ModelCardView::ModelCardView(QWidget* parent) : QWidget(parent)
{
    m_tabs = new QTabWidget(this);
    m_summary = new QTextBrowser(m_tabs);
    m_summary->setOpenExternalLinks(false);
    m_card = new QTextBrowser(m_tabs);
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(m_card, tr("Model card (MODEL.md)"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

QString ModelCardView::summaryHtml(const ModelInfo& info)
{
    QString html = QStringLiteral("<h2>%1 <small>version %2</small></h2>").arg(esc(info.name), esc(info.version));
    if (!info.trained)
        html += tr("<p><b>Untrained:</b> seeded random weights. The pipeline runs, but the predictions carry no meaning.</p>");
    if (!info.description.empty()) html += QStringLiteral("<p>%1</p>").arg(esc(info.description));
    html += tr("<p>Architecture: receptive-field regularised ResNet with a linear emotion layer on the seven mid-level "
               "features; base width %1; trained on windows of %2 frames.</p>")
                .arg(info.architecture.baseChannels)
                .arg(info.inputFrames);
    if (info.emotionBaseline.empty()) {
        html += tr("<p>No emotion baseline: each effect is weight × value, measured from 0 (the paper's form), so single "
                   "effects also carry the labels' averages.</p>");
    } else {
        QStringList means;
        for (std::size_t k = 0; k < info.targets.size(); ++k)
            means << QStringLiteral("%1 %2").arg(esc(info.targets[k])).arg(info.emotionBaseline.emotionMean(k), 0, 'f', 3);
        html += tr("<p>Emotion baseline (the training labels' averages): %1. Each effect is weight × (value − the "
                   "feature's training average), so baseline + effects = prediction.</p>")
                    .arg(means.join(QStringLiteral(", ")));
    }

    if (info.trainingData.contains("sources") && info.trainingData["sources"].is_array()) {
        html += tr("<h3>Training data</h3><ul>");
        for (const auto& s : info.trainingData["sources"]) {
            html += QStringLiteral("<li>%1 (%2): %3 — %4 training, %5 validation, %6 test items</li>")
                        .arg(esc(s.value("name", std::string("?"))), esc(s.value("type", std::string("?"))), esc(s.value("labels", std::string())))
                        .arg(s.value("training_items", 0))
                        .arg(s.value("validation_items", 0))
                        .arg(s.value("test_items", 0));
        }
        html += QStringLiteral("</ul>");
    }

    const char* split = info.metrics.contains("test") && info.metrics["test"].is_object() ? "test"
                      : info.metrics.contains("validation") && info.metrics["validation"].is_object() ? "validation"
                                                                                                      : nullptr;
    if (split) {
        const nlohmann::json& report = info.metrics[split];
        html += (std::string(split) == "test" ? tr("<h3>Held-out test metrics (%1 songs)</h3>")
                                              : tr("<h3>Validation metrics (%1 songs)</h3>"))
                    .arg(report.value("songs", 0));
        html += tr("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr><th>target</th><th>Pearson r</th><th>RMSE</th></tr>");
        if (report.contains("targets") && report["targets"].is_object())
            for (const auto& [name, t] : report["targets"].items())
                html += QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td></tr>")
                            .arg(esc(name), number(t.value("pearson", nlohmann::json()), 3), number(t.value("rmse", nlohmann::json()), 3));
        html += QStringLiteral("</table>");
    } else {
        html += tr("<p>No held-out metrics recorded in model.json.</p>");
    }

    if (!info.limitations.empty()) {
        html += tr("<h3>Limits</h3><ul>");
        for (const auto& l : info.limitations) html += QStringLiteral("<li>%1</li>").arg(esc(l));
        html += QStringLiteral("</ul>");
    }
    return html;
}

void ModelCardView::setModel(const ModelInfo& info, const QString& folder)
{
    m_summary->setHtml(summaryHtml(info));
    QFile card(folder + QStringLiteral("/MODEL.md"));
    const bool hasCard = !folder.isEmpty() && card.open(QIODevice::ReadOnly);
    if (hasCard) m_card->setMarkdown(QString::fromUtf8(card.readAll()));
    else m_card->setPlainText(tr("This model package has no MODEL.md."));
    m_tabs->setTabEnabled(1, hasCard);
}

void ModelCardView::setMessage(const QString& text)
{
    m_summary->setPlainText(text);
    m_card->clear();
    m_tabs->setTabEnabled(1, false);
}

} // namespace emotrace::ui
