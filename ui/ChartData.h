#pragma once

#include <QCoreApplication>
#include <QString>

#include "WaveformEnvelope.h"
#include "analysis/AnalysisResult.h"
#include "explain/SourceExplanation.h"

namespace emotrace::ui {

/// The data behind each chart as CSV, computed from the document's values (never read
/// back from a widget), so an exported table holds exactly the core's numbers. Numbers in
/// full precision ('g', 17). Stateless; thread: any.
class ChartData {
    Q_DECLARE_TR_FUNCTIONS(ChartData)
public:
    /// "window,start_s,end_s,valence,arousal" per model window plus one "song" row;
    /// only the header when the model predicts no arousal/valence pair.
    static QString emotionPlaneCsv(const emotrace::AnalysisResult& result);
    /// "feature,value,mean,effect_<t>,relative_<t>..." one row per feature (mean: the
    /// training mean m_bar the effect W (value - mean) is measured from, 0 for a model
    /// without a baseline), then a "baseline" row (effect_<t>: the target's baseline b)
    /// and a "prediction" row (effect_<t>: baseline + effects = the whole-song
    /// prediction); those two leave value, mean and relative_<t> empty.
    static QString midLevelCsv(const emotrace::AnalysisResult& result);
    /// "rank,component,stem,weight,shapley" for a target, ranked by audioLIME weight.
    static QString sourcesCsv(const emotrace::SourceExplanation& explanation, const QString& target);
    /// "row,mask,kept,prediction,kernel_weight" for a target, one row per evaluated mix.
    static QString perturbationsCsv(const emotrace::SourceExplanation& explanation, const QString& target);
    /// "bucket,start_s,min,max".
    static QString waveformCsv(const WaveformEnvelope& envelope);
    /// The components a perturbation keeps, "drums + bass", or "(silence)".
    static QString keptComponents(const emotrace::SourceExplanation& explanation, const std::vector<std::uint8_t>& mask);
};

} // namespace emotrace::ui
