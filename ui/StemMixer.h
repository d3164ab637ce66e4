#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

#include "audio/AudioBuffer.h"
#include "separation/StemSet.h"

class QAudioSink;

namespace emotrace::ui {

class MixerDevice;

/// Plays a song's original mix or any combination of its stems (gain, mute, solo per
/// stem) through Qt Multimedia, pulling frames from a MixerDevice (see there for the
/// real-time rules). Lives on the GUI thread; all methods are GUI-thread methods.
///
/// Without an audio output (QMediaDevices::defaultAudioOutput().isNull(), or a device that
/// refuses float32 at the song's rate) it plays silently: a timer advances the position
/// with the wall clock, so the playhead, seeking and the controls still behave.
class StemMixer : public QObject {
    Q_OBJECT
public:
    explicit StemMixer(QObject* parent = nullptr);
    ~StemMixer() override;

    /// The song's decoded audio (native rate and channels); stops playback, position 0.
    /// Shared without copying (the shared_ptr forms) or copied once (the reference forms).
    void setMix(std::shared_ptr<const emotrace::AudioBuffer> mix);
    void setMix(const emotrace::AudioBuffer& mix) { setMix(std::make_shared<const emotrace::AudioBuffer>(mix)); }
    /// The separated stems (same rate, channels and length as the mix); keeps the position.
    /// Returns false when they do not fit the mix.
    bool setStems(std::shared_ptr<const emotrace::StemSet> stems);
    bool setStems(const emotrace::StemSet& stems) { return setStems(std::make_shared<const emotrace::StemSet>(stems)); }
    void clear();

    bool hasAudio() const;
    bool hasStems() const;
    std::vector<std::string> stemNames() const { return m_stemNames; }
    /// True when a real audio output is in use (false: silent fallback).
    bool hasAudioDevice() const { return m_hasDevice; }

    void play();
    void pause();
    void stop();
    void togglePlay();
    bool isPlaying() const { return m_playing; }
    /// Seconds; clamped to the song.
    void seek(double seconds);
    double position() const;
    double duration() const;

    /// Original mix (false) or the stems (true).
    void setUseStems(bool useStems);
    bool useStems() const;
    void setStemGain(int stem, float gain);
    void setStemMuted(int stem, bool muted);
    void setStemSolo(int stem, bool solo);
    bool stemMuted(int stem) const;
    bool stemSolo(int stem) const;
    float stemGain(int stem) const;
    /// Plays the stems kept by a mask (1 = kept), as audioLIME's perturbation heard them.
    void playMask(const std::vector<std::uint8_t>& keep);
    /// 0..1.
    void setVolume(double volume);

    /// The engine, for tests and meters.
    MixerDevice* device() const { return m_device; }

Q_SIGNALS:
    void positionChanged(double seconds);
    void playingChanged(bool playing);
    /// Mute/solo/gain/source changed (so every view of the controls can refresh).
    void controlsChanged();
    /// One-line notice for the status bar (no device, format refused).
    void message(const QString& text);

private:
    void tick();
    bool ensureSink();
    void releaseSink();

    MixerDevice* m_device = nullptr;
    std::unique_ptr<QAudioSink> m_sink;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastTickMs = 0;
    bool m_hasDevice = false;
    bool m_playing = false;
    std::vector<std::string> m_stemNames;
};

} // namespace emotrace::ui
