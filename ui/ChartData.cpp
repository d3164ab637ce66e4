#include "ChartData.h"

#include <QStringList>

#include "ChartExport.h"

namespace emotrace::ui {

namespace {

int indexOf(const std::vector<std::string>& names, const char* name)
{
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return int(i);
    return -1;
}

QString number(double value) { return QString::number(value, 'g', 17); }

} // namespace

QString ChartData::emotionPlaneCsv(const AnalysisResult& result)
{
    QString csv = QStringLiteral("window,start_s,end_s,valence,arousal\n");
    const int a = indexOf(result.targets, "arousal"), v = indexOf(result.targets, "valence");
    if (a < 0 || v < 0 || result.emotions.size() != result.targets.size()) return csv;
    for (std::size_t w = 0; w < result.windows.size(); ++w) {
        const auto& e = result.windows[w].emotions;
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(w)
                   .arg(result.windows[w].startSeconds, 0, 'g', 10)
                   .arg(result.windows[w].endSeconds, 0, 'g', 10)
                   .arg(number(e[std::size_t(v)]), number(e[std::size_t(a)]));
    }
    csv += QStringLiteral("song,,,%1,%2\n").arg(number(result.emotions[std::size_t(v)]), number(result.emotions[std::size_t(a)]));
    return csv;
}

QString ChartData::midLevelCsv(const AnalysisResult& result)
{
    QString csv = QStringLiteral("feature,value,mean");
    for (const auto& t : result.targets) csv += QStringLiteral(",effect_%1,relative_%1").arg(QString::fromStdString(t));
    csv += '\n';
    const EmotionEffects& fx = result.effects;
    for (std::size_t j = 0; j < result.features.size(); ++j) {
        csv += ChartExport::csvField(QString::fromStdString(result.features[j])) + ',' + number(result.concepts[j]) + ','
               + number(j < fx.featureMeans.size() ? fx.featureMeans[j] : 0.0);
        for (std::size_t k = 0; k < result.targets.size(); ++k) csv += ',' + number(fx.effects[k][j]) + ',' + number(fx.relative[k][j]);
        csv += '\n';
    }
    // The emotion layer's baseline b, then what it and the effects add up to (no share: empty).
    if (result.targets.empty()) return csv;
    csv += QStringLiteral("baseline,,");
    for (std::size_t k = 0; k < result.targets.size(); ++k) csv += ',' + number(k < fx.baseline.size() ? fx.baseline[k] : 0.0) + ',';
    csv += QStringLiteral("\nprediction,,");
    for (std::size_t k = 0; k < result.targets.size(); ++k) csv += ',' + number(fx.total(k)) + ',';
    csv += '\n';
    return csv;
}

QString ChartData::sourcesCsv(const SourceExplanation& explanation, const QString& target)
{
    QString csv = QStringLiteral("rank,component,stem,weight,shapley\n");
    const int t = explanation.targetIndex(target.toStdString());
    if (t < 0) return csv;
    const ComponentExplanation& ce = explanation.explanation.targets[std::size_t(t)];
    const auto ranking = explanation.ranking(target.toStdString());
    const int segments = std::max(1, explanation.segments);
    for (std::size_t row = 0; row < ranking.size(); ++row) {
        const auto c = std::size_t(ranking[row]);
        const std::size_t stem = c / std::size_t(segments);
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(row + 1)
                   .arg(ChartExport::csvField(QString::fromStdString(explanation.components[c])))
                   .arg(ChartExport::csvField(stem < explanation.stems.size() ? QString::fromStdString(explanation.stems[stem]) : QString()))
                   .arg(number(ce.weights[c]))
                   .arg(c < ce.shapley.size() ? number(ce.shapley[c]) : QString());
    }
    return csv;
}

QString ChartData::perturbationsCsv(const SourceExplanation& explanation, const QString& target)
{
    QString csv = QStringLiteral("row,mask,kept,prediction,kernel_weight\n");
    const int t = explanation.targetIndex(target.toStdString());
    if (t < 0) return csv;
    const auto& ex = explanation.explanation;
    for (std::size_t r = 0; r < ex.perturbations.rows.size(); ++r)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(r)
                   .arg(QString::fromStdString(PerturbationSet::format(ex.perturbations.rows[r])))
                   .arg(ChartExport::csvField(keptComponents(explanation, ex.perturbations.rows[r])))
                   .arg(number(ex.predictions[r][std::size_t(t)]))
                   .arg(r < ex.sampleWeights.size() ? number(ex.sampleWeights[r]) : QString());
    return csv;
}

QString ChartData::waveformCsv(const WaveformEnvelope& envelope)
{
    QString text = QStringLiteral("bucket,start_s,min,max\n");
    const auto& env = envelope.minMax;
    for (std::size_t b = 0; b < env.size(); ++b)
        text += QStringLiteral("%1,%2,%3,%4\n")
                    .arg(b)
                    .arg(envelope.durationSeconds * double(b) / double(env.size()), 0, 'g', 10)
                    .arg(env[b].first, 0, 'g', 9)
                    .arg(env[b].second, 0, 'g', 9);
    return text;
}

QString ChartData::keptComponents(const SourceExplanation& explanation, const std::vector<std::uint8_t>& mask)
{
    QStringList kept;
    for (std::size_t c = 0; c < mask.size() && c < explanation.components.size(); ++c)
        if (mask[c]) kept << QString::fromStdString(explanation.components[c]);
    return kept.isEmpty() ? tr("(silence)") : kept.join(QStringLiteral(" + "));
}

} // namespace emotrace::ui
