#include "SongSession.h"

#include <algorithm>

namespace emotrace::ui {

namespace {
constexpr int kMaxExplanationSize = 16;
}

SongSession::SongSession(QObject* parent) : QObject(parent) {}

void SongSession::begin(const QString& song, quint64 job)
{
    m_song = song;
    m_job = job;
    m_error.clear();
    m_audio.reset();
    m_envelope = {};
    m_levelOne.reset();
    m_stems.reset();
    m_levelTwo.reset();
    Q_EMIT songChanged(song);
    Q_EMIT audioChanged();
    Q_EMIT envelopeChanged();
    Q_EMIT levelOneChanged();
    Q_EMIT stemsChanged();
    Q_EMIT levelTwoChanged();
    setState(State::Running);
}

void SongSession::setState(State state)
{
    if (state == m_state) return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

std::vector<std::uint8_t> SongSession::explanationMask(bool complement) const
{
    if (!m_levelTwo) return {};
    return m_levelTwo->explanationMask(m_selectedTarget.toStdString(), m_explanationSize, complement);
}

void SongSession::setProgress(quint64 job, const QString& stage, int percent)
{
    if (isCurrent(job) && isRunning()) Q_EMIT progressChanged(stage, percent);
}

void SongSession::setAudio(quint64 job, std::shared_ptr<const AudioBuffer> audio)
{
    if (!isCurrent(job)) return;
    m_audio = std::move(audio);
    Q_EMIT audioChanged();
}

void SongSession::setEnvelope(quint64 job, const WaveformEnvelope& envelope)
{
    if (!isCurrent(job)) return;
    m_envelope = envelope;
    Q_EMIT envelopeChanged();
}

void SongSession::setModel(quint64 job, const ModelInfo& info, const QString& folder)
{
    if (!isCurrent(job)) return;
    m_model = info;
    m_modelFolder = folder;
    Q_EMIT modelChanged();
}

void SongSession::setLevelOne(quint64 job, const AnalysisResult& result)
{
    if (!isCurrent(job)) return;
    m_levelOne = result;
    Q_EMIT levelOneChanged();
}

void SongSession::setStems(quint64 job, std::shared_ptr<const StemSet> stems)
{
    if (!isCurrent(job)) return;
    m_stems = std::move(stems);
    Q_EMIT stemsChanged();
}

void SongSession::setLevelTwo(quint64 job, const SourceExplanation& explanation)
{
    if (!isCurrent(job)) return;
    m_levelTwo = explanation;
    Q_EMIT levelTwoChanged();
}

void SongSession::finish(quint64 job)
{
    if (isCurrent(job)) setState(State::Finished);
}

void SongSession::cancel(quint64 job)
{
    if (isCurrent(job)) setState(State::Cancelled);
}

void SongSession::fail(quint64 job, const QString& message)
{
    if (!isCurrent(job)) return;
    m_error = message;
    setState(State::Failed);
}

void SongSession::setSelectedTarget(const QString& target)
{
    if (target.isEmpty() || target == m_selectedTarget) return;
    m_selectedTarget = target;
    Q_EMIT selectedTargetChanged(target);
}

void SongSession::setExplanationSize(int stems)
{
    stems = std::clamp(stems, 1, kMaxExplanationSize);
    if (stems == m_explanationSize) return;
    m_explanationSize = stems;
    Q_EMIT explanationSizeChanged(stems);
}

} // namespace emotrace::ui
