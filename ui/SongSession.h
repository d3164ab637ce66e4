#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "WaveformEnvelope.h"
#include "analysis/AnalysisResult.h"
#include "audio/AudioBuffer.h"
#include "explain/SourceExplanation.h"
#include "model/ModelInfo.h"
#include "separation/StemSet.h"

namespace emotrace::ui {

/// The document of the open song: the song, the id of the analysis job that works on it,
/// everything that job produced (decoded audio, waveform overview, level one, the stems,
/// level two), the model the results came from, and what the user selected (the target
/// whose sources are shown, how many stems make up "the explanation"). Views and
/// controllers read it and observe its signals; they never talk to each other.
///
/// Results arrive tagged with a job id (AnalysisWorker); a result of any other job than
/// the current one is stale (it was emitted just before a cancel landed) and is dropped,
/// so an old song's numbers can never appear under a new title. Lives on the GUI thread;
/// every method is a GUI-thread method. The audio and stems are shared immutable buffers.
class SongSession : public QObject {
    Q_OBJECT
public:
    enum class State { Empty, Running, Finished, Cancelled, Failed };
    /// The default number of stems in "the explanation" (the paper plays the top two).
    static constexpr int kDefaultExplanationSize = 2;

    explicit SongSession(QObject* parent = nullptr);

    /// A new job for a song: clears every result of the previous one (not the model, which
    /// stays until a job loads another), state Running.
    void begin(const QString& song, quint64 job);
    QString song() const { return m_song; }
    quint64 job() const { return m_job; }
    bool isCurrent(quint64 job) const { return job != 0 && job == m_job; }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    /// The one-line error of a failed job (empty otherwise).
    QString errorMessage() const { return m_error; }

    const std::shared_ptr<const emotrace::AudioBuffer>& audio() const { return m_audio; }
    const WaveformEnvelope& envelope() const { return m_envelope; }
    const std::optional<emotrace::ModelInfo>& model() const { return m_model; }
    /// The model package folder the current model was loaded from.
    QString modelFolder() const { return m_modelFolder; }
    const std::optional<emotrace::AnalysisResult>& levelOne() const { return m_levelOne; }
    const std::shared_ptr<const emotrace::StemSet>& stems() const { return m_stems; }
    const std::optional<emotrace::SourceExplanation>& levelTwo() const { return m_levelTwo; }

    /// A feature ("rhythm_stability") or emotion ("arousal") name.
    QString selectedTarget() const { return m_selectedTarget; }
    /// Stems in the explanation of the selected target (1..16).
    int explanationSize() const { return m_explanationSize; }
    /// SourceExplanation::explanationMask of the selected target with explanationSize()
    /// stems: per stem (the stems' order), 1 = in the explanation (complement: the rest).
    /// Empty without level two or for a target level two does not explain.
    std::vector<std::uint8_t> explanationMask(bool complement) const;

public Q_SLOTS:
    // Results of a job: each is dropped unless `job` is the current job.
    void setProgress(quint64 job, const QString& stage, int percent);
    void setAudio(quint64 job, std::shared_ptr<const emotrace::AudioBuffer> audio);
    void setEnvelope(quint64 job, const emotrace::ui::WaveformEnvelope& envelope);
    void setModel(quint64 job, const emotrace::ModelInfo& info, const QString& folder);
    void setLevelOne(quint64 job, const emotrace::AnalysisResult& result);
    void setStems(quint64 job, std::shared_ptr<const emotrace::StemSet> stems);
    void setLevelTwo(quint64 job, const emotrace::SourceExplanation& explanation);
    void finish(quint64 job);
    void cancel(quint64 job);
    void fail(quint64 job, const QString& message);

    // The user's selection.
    void setSelectedTarget(const QString& target);
    void setExplanationSize(int stems);

Q_SIGNALS:
    /// begin(): every result was cleared.
    void songChanged(const QString& song);
    void stateChanged(emotrace::ui::SongSession::State state);
    void progressChanged(const QString& stage, int percent);
    void audioChanged();
    void envelopeChanged();
    void modelChanged();
    void levelOneChanged();
    void stemsChanged();
    void levelTwoChanged();
    void selectedTargetChanged(const QString& target);
    void explanationSizeChanged(int stems);

private:
    void setState(State state);

    QString m_song;
    quint64 m_job = 0;
    State m_state = State::Empty;
    QString m_error;
    std::shared_ptr<const emotrace::AudioBuffer> m_audio;
    WaveformEnvelope m_envelope;
    std::optional<emotrace::ModelInfo> m_model;
    QString m_modelFolder;
    std::optional<emotrace::AnalysisResult> m_levelOne;
    std::shared_ptr<const emotrace::StemSet> m_stems;
    std::optional<emotrace::SourceExplanation> m_levelTwo;
    QString m_selectedTarget = QStringLiteral("arousal");
    int m_explanationSize = kDefaultExplanationSize;
};

} // namespace emotrace::ui
