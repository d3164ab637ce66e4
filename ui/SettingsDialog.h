#pragma once

#include <QDialog>
#include <QString>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace emotrace::ui {

/// Edits the analysis settings kept in QSettings (SettingsKeys): model package folder,
/// separator backend, model window length, audioLIME samples and segments, libtorch
/// threads. The separator is chosen as a kind (built in, stems folder, external command,
/// TorchScript model, learned package) plus its argument and stored as a SeparatorFactory spec. Reads the
/// settings when constructed; writes them only in apply() (OK). GUI thread.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    /// Writes the fields to QSettings. Returns true when a setting that changes the
    /// analysis changed (the caller re-analyses the open song). An empty model folder
    /// removes the setting (then $EMOTRACE_MODEL or the shipped model are used).
    bool apply();

    /// "builtin", "stems:DIR", "command:NAME", "model:FILE", "learned" (empty argument) or
    /// "learned:DIR" from a kind index (0..4) and its argument.
    static QString separatorSpec(int kind, const QString& argument);

    QLineEdit* modelFolderEdit() const { return m_model; }
    QComboBox* separatorKindBox() const { return m_separatorKind; }
    QLineEdit* separatorArgumentEdit() const { return m_separatorArgument; }
    QDoubleSpinBox* windowSecondsBox() const { return m_window; }
    QSpinBox* limeSamplesBox() const { return m_samples; }
    QSpinBox* limeSegmentsBox() const { return m_segments; }
    QSpinBox* threadsBox() const { return m_threads; }

private:
    void browseModel();
    void browseSeparatorArgument();
    void updateSeparatorArgument();

    QLineEdit* m_model = nullptr;
    QComboBox* m_separatorKind = nullptr;
    QLineEdit* m_separatorArgument = nullptr;
    QLabel* m_separatorHint = nullptr;
    QDoubleSpinBox* m_window = nullptr;
    QSpinBox* m_samples = nullptr;
    QSpinBox* m_segments = nullptr;
    QSpinBox* m_threads = nullptr;
};

} // namespace emotrace::ui
