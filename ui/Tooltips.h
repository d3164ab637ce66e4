#pragma once

#include <QString>

namespace emotrace::ui {

/// One plain sentence per mid-level feature, emotion and explanation quantity, for the
/// tooltips of every chart and table. Pure functions; any thread.
class Tooltips {
public:
    /// What a feature or target ("rhythm_stability", "arousal") means to a listener; the
    /// name itself for an unknown one.
    static QString describe(const QString& name);
    /// Human label: "rhythm_stability" -> "rhythm stability".
    static QString label(const QString& name);
    /// Sentence for the effect of a feature on a target, with its value.
    static QString effect(const QString& feature, const QString& target, double value, bool relative);
    /// Sentence for an audioLIME weight of a component for a target.
    static QString limeWeight(const QString& component, const QString& target, double weight);
    /// Sentence for a Shapley value of a component for a target.
    static QString shapley(const QString& component, const QString& target, double value);
};

} // namespace emotrace::ui
