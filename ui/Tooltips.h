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
    /// Sentence for the effect of a feature on a target (from the baseline), with its value.
    static QString effect(const QString& feature, const QString& target, double value, bool relative);
    /// Sentence for the baseline of a target (the emotion layer's b: the mean training
    /// label, the prediction for a song at the training means); present: false for a
    /// model without one (b = 0, effects measured from 0).
    static QString baseline(const QString& target, double value, bool present);
    /// Sentence for an audioLIME weight of a component for a target.
    static QString limeWeight(const QString& component, const QString& target, double weight);
    /// Sentence for a Shapley value of a component for a target.
    static QString shapley(const QString& component, const QString& target, double value);
};

} // namespace emotrace::ui
