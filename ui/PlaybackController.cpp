#include "PlaybackController.h"

#include <algorithm>

#include "SongSession.h"
#include "StemMixer.h"

namespace emotrace::ui {

PlaybackController::PlaybackController(SongSession* session, StemMixer* mixer, QObject* parent)
    : QObject(parent), m_session(session), m_mixer(mixer)
{
    connect(session, &SongSession::songChanged, mixer, &StemMixer::stop);
    connect(session, &SongSession::audioChanged, this, [this] {
        if (m_session->audio()) m_mixer->setMix(m_session->audio());
        else m_mixer->clear();
    });
    connect(session, &SongSession::stemsChanged, this, [this] {
        if (!m_session->stems()) return;
        if (!m_mixer->setStems(m_session->stems()))
            Q_EMIT message(tr("The stems do not fit the song; only the original mix can be played."));
    });
}

void PlaybackController::playOriginal()
{
    m_mixer->setUseStems(false);
    m_mixer->play();
}

void PlaybackController::playAllStems()
{
    m_mixer->playMask(std::vector<std::uint8_t>(m_mixer->stemNames().size(), 1));
}

void PlaybackController::playOnly(int stem)
{
    for (int i = 0; i < int(m_mixer->stemNames().size()); ++i) m_mixer->setStemSolo(i, i == stem);
    m_mixer->setStemMuted(stem, false);
    m_mixer->play();
}

void PlaybackController::playMask(const std::vector<std::uint8_t>& keep)
{
    m_mixer->playMask(keep);
}

bool PlaybackController::playPerturbation(int row)
{
    const auto& explanation = m_session->levelTwo();
    if (!explanation || explanation->segments != 1) return false;
    const auto& rows = explanation->explanation.perturbations.rows;
    if (row < 0 || row >= int(rows.size())) return false;
    m_mixer->playMask(rows[std::size_t(row)]);
    return true;
}

bool PlaybackController::playExplanation(bool complement, QString* why)
{
    const auto mask = m_session->explanationMask(complement);
    if (mask.empty() || mask.size() != m_mixer->stemNames().size()) {
        if (why) *why = tr("The sources have not been explained yet.");
        return false;
    }
    if (std::none_of(mask.begin(), mask.end(), [](std::uint8_t m) { return m != 0; })) {
        if (why)
            *why = complement ? tr("The explanation holds every source: the rest is silence.")
                              : tr("No source raises this prediction: the explanation is empty.");
        return false;
    }
    m_mixer->playMask(mask);
    return true;
}

} // namespace emotrace::ui
