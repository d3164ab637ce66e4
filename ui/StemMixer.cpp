#include "StemMixer.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QMediaDevices>

#include <algorithm>
#include <cmath>

#include "MixerDevice.h"

namespace emotrace::ui {

StemMixer::StemMixer(QObject* parent) : QObject(parent), m_device(new MixerDevice(this))
{
    // Unbuffered: QIODevice must not read ahead, or the position would run ahead of the sink.
    m_device->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    m_hasDevice = !QMediaDevices::defaultAudioOutput().isNull();
    m_timer.setInterval(30);
    connect(&m_timer, &QTimer::timeout, this, &StemMixer::tick);
}

StemMixer::~StemMixer()
{
    releaseSink();
}

void StemMixer::releaseSink()
{
    if (m_sink) {
        m_sink->stop();
        m_sink.reset();
    }
}

bool StemMixer::ensureSink()
{
    if (m_sink || !m_hasDevice || !hasAudio()) return bool(m_sink);
    const QAudioDevice output = QMediaDevices::defaultAudioOutput();
    QAudioFormat format;
    format.setSampleRate(m_device->sampleRate());
    format.setChannelCount(m_device->channels());
    format.setSampleFormat(QAudioFormat::Float);
    if (output.isNull() || !output.isFormatSupported(format)) {
        Q_EMIT message(tr("The audio output cannot play %1 Hz float audio; playing silently.").arg(m_device->sampleRate()));
        m_hasDevice = false;
        return false;
    }
    m_sink = std::make_unique<QAudioSink>(output, format);
    // ~100 ms of buffer: a responsive playhead and controls without underruns.
    m_sink->setBufferSize(qsizetype(m_device->sampleRate() / 10) * m_device->channels() * qsizetype(sizeof(float)));
    return true;
}

void StemMixer::setMix(std::shared_ptr<const AudioBuffer> mix)
{
    stop();
    releaseSink(); // the format may change
    m_device->setMix(std::move(mix));
    m_stemNames.clear();
    Q_EMIT positionChanged(0.0);
    Q_EMIT controlsChanged();
}

bool StemMixer::setStems(std::shared_ptr<const StemSet> stems)
{
    const std::vector<std::string> names = stems ? stems->names : std::vector<std::string>{};
    if (m_device->stemCount() == 0) {
        // The first stems of a song are published lock-free: playback goes on untouched.
        const bool ok = m_device->setStems(std::move(stems));
        if (ok) m_stemNames = names;
        Q_EMIT controlsChanged();
        return ok;
    }
    // Replacing stems: no audio thread may read meanwhile, so stop the sink around the swap.
    const bool wasPlaying = m_playing;
    const double at = position();
    if (m_sink) m_sink->stop();
    const bool ok = m_device->setStems(std::move(stems));
    if (ok) m_stemNames = names;
    if (wasPlaying) {
        m_playing = false;
        seek(at);
        play();
    }
    Q_EMIT controlsChanged();
    return ok;
}

void StemMixer::clear()
{
    stop();
    releaseSink();
    m_device->clear();
    m_stemNames.clear();
    Q_EMIT controlsChanged();
}

bool StemMixer::hasAudio() const
{
    return m_device->frameCount() > 0;
}

bool StemMixer::hasStems() const
{
    return m_device->stemCount() > 0;
}

void StemMixer::play()
{
    if (m_playing || !hasAudio()) return;
    if (m_device->position() >= m_device->frameCount()) m_device->seek(0);
    if (ensureSink()) {
        if (m_sink->state() == QAudio::SuspendedState) m_sink->resume();
        else m_sink->start(m_device);
    }
    m_clock.start();
    m_lastTickMs = 0;
    m_timer.start();
    m_playing = true;
    Q_EMIT playingChanged(true);
}

void StemMixer::pause()
{
    if (!m_playing) return;
    if (m_sink) m_sink->suspend();
    m_timer.stop();
    m_playing = false;
    Q_EMIT playingChanged(false);
    Q_EMIT positionChanged(position());
}

void StemMixer::stop()
{
    if (m_sink) m_sink->stop();
    m_timer.stop();
    const bool was = m_playing;
    m_playing = false;
    if (hasAudio()) {
        m_device->seek(0);
        if (!m_sink || m_sink->state() == QAudio::StoppedState) m_device->advance(0); // apply now: nothing reads
    }
    if (was) Q_EMIT playingChanged(false);
    Q_EMIT positionChanged(position());
}

void StemMixer::togglePlay()
{
    if (m_playing) pause();
    else play();
}

void StemMixer::seek(double seconds)
{
    if (!hasAudio()) return;
    m_device->seek(std::int64_t(std::llround(std::max(0.0, seconds) * m_device->sampleRate())));
    // Nothing is reading: apply the jump at once (a reader fades it in otherwise).
    if (!m_playing || !m_sink) m_device->advance(0);
    Q_EMIT positionChanged(position());
}

double StemMixer::position() const
{
    return m_device->sampleRate() > 0 ? double(m_device->position()) / m_device->sampleRate() : 0.0;
}

double StemMixer::duration() const
{
    return m_device->sampleRate() > 0 ? double(m_device->frameCount()) / m_device->sampleRate() : 0.0;
}

void StemMixer::setUseStems(bool useStems)
{
    m_device->setUseStems(useStems);
    Q_EMIT controlsChanged();
}

bool StemMixer::useStems() const
{
    return m_device->useStems();
}

void StemMixer::setStemGain(int stem, float gain)
{
    m_device->setStemGain(stem, gain);
    Q_EMIT controlsChanged();
}

void StemMixer::setStemMuted(int stem, bool muted)
{
    m_device->setStemMuted(stem, muted);
    m_device->setUseStems(true);
    Q_EMIT controlsChanged();
}

void StemMixer::setStemSolo(int stem, bool solo)
{
    m_device->setStemSolo(stem, solo);
    m_device->setUseStems(true);
    Q_EMIT controlsChanged();
}

bool StemMixer::stemMuted(int stem) const
{
    return m_device->stemMuted(stem);
}

bool StemMixer::stemSolo(int stem) const
{
    return m_device->stemSolo(stem);
}

float StemMixer::stemGain(int stem) const
{
    return m_device->stemGain(stem);
}

void StemMixer::playMask(const std::vector<std::uint8_t>& keep)
{
    for (int i = 0; i < m_device->stemCount(); ++i) {
        m_device->setStemSolo(i, false);
        m_device->setStemMuted(i, std::size_t(i) >= keep.size() || keep[std::size_t(i)] == 0);
    }
    m_device->setUseStems(true);
    Q_EMIT controlsChanged();
    play();
}

void StemMixer::setVolume(double volume)
{
    m_device->setMasterGain(float(std::clamp(volume, 0.0, 1.0)));
}

void StemMixer::tick()
{
    if (!m_sink) {
        // Silent fallback: the wall clock drives the position.
        const qint64 now = m_clock.elapsed();
        m_device->advance((now - m_lastTickMs) * m_device->sampleRate() / 1000);
        m_lastTickMs = now;
    }
    Q_EMIT positionChanged(position());
    if (m_device->position() >= m_device->frameCount()) {
        if (m_sink) m_sink->stop();
        m_timer.stop();
        m_playing = false;
        Q_EMIT playingChanged(false);
    }
}

} // namespace emotrace::ui
