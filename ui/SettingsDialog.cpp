#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "AnalysisWorker.h"
#include "SettingsKeys.h"

namespace emotrace::ui {

namespace {

enum SeparatorKind { Builtin, StemsFolder, Command, TorchScriptModel, Learned };
constexpr const char* kPrefixes[] = {"builtin", "stems:", "command:", "model:", "learned:"};

} // namespace

QString SettingsDialog::separatorSpec(int kind, const QString& argument)
{
    if (kind <= Builtin || kind > Learned) return QStringLiteral("builtin");
    // The learned separator without a folder is the shipped package.
    if (kind == Learned && argument.trimmed().isEmpty()) return QStringLiteral("learned");
    return QString::fromLatin1(kPrefixes[kind]) + argument.trimmed();
}

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    QSettings settings;
    const AnalysisJobSettings defaults;
    auto* form = new QFormLayout;

    m_model = new QLineEdit(settings.value(SettingsKeys::ModelFolder).toString(), this);
    m_model->setPlaceholderText(tr("$EMOTRACE_MODEL, else the shipped default model"));
    m_model->setToolTip(tr("The model package folder (weights.pt and model.json) that makes the predictions."));
    auto* browseModelButton = new QPushButton(tr("Browse…"), this);
    connect(browseModelButton, &QPushButton::clicked, this, &SettingsDialog::browseModel);
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(browseModelButton);
    form->addRow(tr("&Model package:"), modelRow);

    m_separatorKind = new QComboBox(this);
    m_separatorKind->addItems({tr("Built in (no weights)"), tr("Stems folder (Demucs, Spleeter, Open-Unmix)"),
                               tr("External command (demucs, spleeter, umx)"), tr("TorchScript separator model"),
                               tr("Learned separator (five stems)")});
    m_separatorKind->setToolTip(tr("How the song is split into sound sources for the explanation."));
    m_separatorArgument = new QLineEdit(this);
    auto* browseSeparator = new QPushButton(tr("Browse…"), this);
    connect(browseSeparator, &QPushButton::clicked, this, &SettingsDialog::browseSeparatorArgument);
    auto* separatorRow = new QHBoxLayout;
    separatorRow->addWidget(m_separatorArgument, 1);
    separatorRow->addWidget(browseSeparator);
    m_separatorHint = new QLabel(this);
    m_separatorHint->setWordWrap(true);
    form->addRow(tr("S&eparator:"), m_separatorKind);
    form->addRow(QString(), separatorRow);
    form->addRow(QString(), m_separatorHint);
    const QString spec = settings.value(SettingsKeys::SeparatorSpec, defaults.separatorSpec).toString();
    int kind = Builtin;
    for (int k = StemsFolder; k <= Learned; ++k)
        if (spec.startsWith(QLatin1String(kPrefixes[k]))) kind = k;
    if (spec == QLatin1String("learned")) kind = Learned;
    m_separatorKind->setCurrentIndex(kind);
    if (kind != Builtin && spec.startsWith(QLatin1String(kPrefixes[kind])))
        m_separatorArgument->setText(spec.mid(int(qstrlen(kPrefixes[kind]))));
    connect(m_separatorKind, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateSeparatorArgument);
    updateSeparatorArgument();

    m_window = new QDoubleSpinBox(this);
    m_window->setRange(5.0, 120.0);
    m_window->setDecimals(1);
    m_window->setSuffix(tr(" s"));
    m_window->setValue(settings.value(SettingsKeys::WindowSeconds, defaults.windowSeconds).toDouble());
    m_window->setToolTip(tr("Length of the excerpts the model hears (the paper: 40 s); windows overlap by half."));
    form->addRow(tr("&Window length:"), m_window);

    m_samples = new QSpinBox(this);
    m_samples->setRange(0, 20000);
    m_samples->setSpecialValueText(tr("exhaustive (when at most 1024 mixes)"));
    m_samples->setValue(settings.value(SettingsKeys::LimeSamples, defaults.limeSamples).toInt());
    m_samples->setToolTip(tr("How many stem mixes audioLIME lets the model hear; exhaustive runs also give exact Shapley values."));
    form->addRow(tr("audioLIME &samples:"), m_samples);

    m_segments = new QSpinBox(this);
    m_segments->setRange(1, 16);
    m_segments->setValue(settings.value(SettingsKeys::LimeSegments, defaults.limeSegments).toInt());
    m_segments->setToolTip(tr("Split each stem into this many time segments, so the explanation says when as well as what."));
    form->addRow(tr("Time se&gments per stem:"), m_segments);

    m_threads = new QSpinBox(this);
    m_threads->setRange(0, std::max(1, QThread::idealThreadCount()));
    m_threads->setSpecialValueText(tr("all cores"));
    m_threads->setValue(settings.value(SettingsKeys::Threads, defaults.threads).toInt());
    m_threads->setToolTip(tr("CPU threads for the model. Takes effect when EmoTrace starts next."));
    form->addRow(tr("&Threads:"), m_threads);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void SettingsDialog::updateSeparatorArgument()
{
    const int kind = m_separatorKind->currentIndex();
    m_separatorArgument->setEnabled(kind != Builtin);
    const QString hints[] = {tr("Classical masks: vocals, drums, bass, other; they sum to the mix."),
                             tr("A folder that holds the song's stems as WAV files (e.g. separated/htdemucs/<track>)."),
                             tr("demucs, spleeter, umx, or a command template with {input} and {output}; run once per song, cached."),
                             tr("A TorchScript file mapping a waveform [C,T] to stems [S,C,T]."),
                             tr("Vocals, drums, bass, piano, other from a network trained on the music lab's stems; they sum to "
                                "the mix. Leave the folder empty for the shipped separator.")};
    m_separatorHint->setText(hints[std::clamp(kind, 0, 4)]);
}

void SettingsDialog::browseModel()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model package folder"), m_model->text());
    if (!dir.isEmpty()) m_model->setText(dir);
}

void SettingsDialog::browseSeparatorArgument()
{
    const int kind = m_separatorKind->currentIndex();
    QString chosen;
    if (kind == StemsFolder) chosen = QFileDialog::getExistingDirectory(this, tr("Stems folder"), m_separatorArgument->text());
    else if (kind == Learned)
        chosen = QFileDialog::getExistingDirectory(this, tr("Separator package folder"), m_separatorArgument->text());
    else if (kind == TorchScriptModel)
        chosen = QFileDialog::getOpenFileName(this, tr("TorchScript separator"), m_separatorArgument->text(), tr("TorchScript (*.pt *.pth);;All files (*)"));
    if (!chosen.isEmpty()) m_separatorArgument->setText(chosen);
}

bool SettingsDialog::apply()
{
    QSettings settings;
    const AnalysisJobSettings before;
    auto changed = [&settings](const char* key, const QVariant& value, const QVariant& fallback) {
        // Compared as text: values read back from the settings file are strings.
        const bool differs = settings.value(key, fallback).toString() != value.toString();
        settings.setValue(key, value);
        return differs;
    };
    bool reanalyse = false;
    const QString model = m_model->text().trimmed();
    if (model != settings.value(SettingsKeys::ModelFolder).toString()) reanalyse = true;
    if (model.isEmpty()) settings.remove(SettingsKeys::ModelFolder);
    else settings.setValue(SettingsKeys::ModelFolder, model);
    reanalyse |= changed(SettingsKeys::SeparatorSpec, separatorSpec(m_separatorKind->currentIndex(), m_separatorArgument->text()),
                         before.separatorSpec);
    reanalyse |= changed(SettingsKeys::WindowSeconds, m_window->value(), before.windowSeconds);
    reanalyse |= changed(SettingsKeys::LimeSamples, m_samples->value(), before.limeSamples);
    reanalyse |= changed(SettingsKeys::LimeSegments, m_segments->value(), before.limeSegments);
    changed(SettingsKeys::Threads, m_threads->value(), before.threads);
    return reanalyse;
}

} // namespace emotrace::ui
