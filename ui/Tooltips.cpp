#include "Tooltips.h"

#include <QCoreApplication>

namespace emotrace::ui {

QString Tooltips::describe(const QString& name)
{
    if (name == "melodiousness") return QCoreApplication::translate("Tooltips", "Melodiousness — how singable and tuneful the music is.");
    if (name == "articulation") return QCoreApplication::translate("Tooltips", "Articulation — how short and detached (staccato) rather than smooth (legato) the notes are.");
    if (name == "rhythm_complexity") return QCoreApplication::translate("Tooltips", "Rhythm complexity — how hard it is to tap along with the rhythm.");
    if (name == "rhythm_stability") return QCoreApplication::translate("Tooltips", "Rhythm stability — how easy it is to march along.");
    if (name == "dissonance") return QCoreApplication::translate("Tooltips", "Dissonance — how harsh and clashing the harmonies sound.");
    if (name == "tonal_stability") return QCoreApplication::translate("Tooltips", "Tonal stability — how clearly the music stays in one key.");
    if (name == "minorness") return QCoreApplication::translate("Tooltips", "Minorness — how much the music sounds in a minor mode.");
    if (name == "arousal") return QCoreApplication::translate("Tooltips", "Arousal — how energetic and exciting rather than calm the music feels.");
    if (name == "valence") return QCoreApplication::translate("Tooltips", "Valence — how pleasant and positive rather than sad or tense the music feels.");
    return name;
}

QString Tooltips::label(const QString& name)
{
    QString s = name;
    s.replace('_', ' ');
    return s;
}

QString Tooltips::effect(const QString& feature, const QString& target, double value, bool relative)
{
    const QString amount = relative ? QStringLiteral("%1 %").arg(value * 100.0, 0, 'f', 1) : QString::number(value, 'f', 4);
    return QCoreApplication::translate("Tooltips", "How much %1 moves the predicted %2 up (positive) or down (negative) from the baseline: %3.")
        .arg(label(feature), target, amount);
}

QString Tooltips::baseline(const QString& target, double value, bool present)
{
    if (!present)
        return QCoreApplication::translate("Tooltips", "Baseline of %1: 0. This model has none, so each effect is weight × value, "
                                                       "measured from 0, and the effects also carry the labels' average.")
            .arg(target);
    return QCoreApplication::translate("Tooltips", "Baseline of %1: %2 — the average %1 of the training songs, what the model "
                                                   "predicts when every mid-level feature sits at its training average. The "
                                                   "effects move the prediction up or down from here.")
        .arg(target, QString::number(value, 'f', 4));
}

QString Tooltips::limeWeight(const QString& component, const QString& target, double weight)
{
    return QCoreApplication::translate("Tooltips", "audioLIME weight — how much keeping %1 in the mix raises the predicted %2: %3.")
        .arg(component, label(target), QString::number(weight, 'f', 4));
}

QString Tooltips::shapley(const QString& component, const QString& target, double value)
{
    return QCoreApplication::translate("Tooltips", "Shapley value — %1's fair share of the predicted %2, averaged over every order of adding stems: %3.")
        .arg(component, label(target), QString::number(value, 'f', 4));
}

} // namespace emotrace::ui
