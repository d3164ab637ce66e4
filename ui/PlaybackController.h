#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <vector>

namespace emotrace::ui {

class SongSession;
class StemMixer;

/// What the user can ask to hear, in terms of the document: the original mix, all
/// stems, one stem alone, a perturbation (a mix of stems as audioLIME evaluated it), the
/// explanation of the selected target or the rest. Feeds the mixer from the document
/// (the song's audio and stems as they arrive) so no view touches the mixer's sources.
/// GUI thread; the session and the mixer must outlive it.
class PlaybackController : public QObject {
    Q_OBJECT
public:
    PlaybackController(SongSession* session, StemMixer* mixer, QObject* parent = nullptr);

    StemMixer* mixer() const { return m_mixer; }

    void playOriginal();
    void playAllStems();
    /// Solo one stem (index in the stems' order) and play.
    void playOnly(int stem);
    /// The stems kept by a mask (1 = kept), one entry per stem.
    void playMask(const std::vector<std::uint8_t>& keep);
    /// Row `row` of level two's perturbation table; false when it is not playable (time
    /// segments cannot be played as stems, or no such row).
    bool playPerturbation(int row);
    /// SongSession::explanationMask(complement). False with the reason in *why when there
    /// is nothing to play (no explanation or stems yet, or an empty selection).
    bool playExplanation(bool complement, QString* why = nullptr);

Q_SIGNALS:
    /// One-line notice for the status bar.
    void message(const QString& text);

private:
    SongSession* m_session;
    StemMixer* m_mixer;
};

} // namespace emotrace::ui
