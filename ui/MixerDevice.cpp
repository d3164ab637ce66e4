#include "MixerDevice.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace emotrace::ui {

namespace {

/// Moves value towards target by at most step.
inline float approach(float value, float target, float step) noexcept
{
    if (value < target) return std::min(value + step, target);
    if (value > target) return std::max(value - step, target);
    return value;
}

} // namespace

MixerDevice::MixerDevice(QObject* parent) : QIODevice(parent)
{
    resetControls();
}

void MixerDevice::resetControls()
{
    for (auto& g : m_gain) g.store(1.0f);
    for (auto& m : m_muted) m.store(false);
    for (auto& s : m_solo) s.store(false);
    m_current.fill(0.0f);
    m_currentMaster = 0.0f;
}

void MixerDevice::setMix(std::shared_ptr<const AudioBuffer> mix)
{
    m_stems.reset();
    m_data.fill(nullptr);
    m_mix = std::move(mix);
    m_sampleRate = m_mix ? m_mix->sampleRate : 0;
    m_channels = m_mix ? m_mix->channels : 0;
    m_frames = m_mix ? m_mix->frameCount() : 0;
    m_stemCount.store(0, std::memory_order_release);
    m_rampFrames = std::max(1, int(std::lround(kRampSeconds * std::max(1, m_sampleRate))));
    if (m_mix) m_data[0] = m_mix->samples.data();
    m_useStems.store(false);
    m_position.store(0);
    m_seekRequest.store(-1);
    resetControls();
}

bool MixerDevice::setStems(std::shared_ptr<const StemSet> stems)
{
    if (!m_mix || !stems || stems->size() == 0 || int(stems->size()) > kMaxStems) return false;
    for (const auto& s : stems->stems)
        if (s.sampleRate != m_sampleRate || s.channels != m_channels || s.frameCount() != m_frames) return false;
    m_stems = std::move(stems);
    for (std::size_t t = 1; t < m_data.size(); ++t) m_data[t] = t <= m_stems->size() ? m_stems->stems[t - 1].samples.data() : nullptr;
    for (int i = 0; i < kMaxStems; ++i) {
        m_gain[std::size_t(i)].store(1.0f);
        m_muted[std::size_t(i)].store(false);
        m_solo[std::size_t(i)].store(false);
        m_current[std::size_t(i) + 1] = 0.0f;
    }
    // Publish last: the audio thread sees the pointers and state above before the count.
    m_stemCount.store(int(m_stems->size()), std::memory_order_release);
    return true;
}

void MixerDevice::clear()
{
    m_mix.reset();
    m_stems.reset();
    m_data.fill(nullptr);
    m_sampleRate = m_channels = 0;
    m_stemCount.store(0, std::memory_order_release);
    m_frames = 0;
    m_position.store(0);
    m_seekRequest.store(-1);
    resetControls();
}

void MixerDevice::setStemGain(int stem, float gain)
{
    if (stem >= 0 && stem < kMaxStems) m_gain[std::size_t(stem)].store(std::clamp(gain, 0.0f, 4.0f), std::memory_order_relaxed);
}

void MixerDevice::setStemMuted(int stem, bool muted)
{
    if (stem >= 0 && stem < kMaxStems) m_muted[std::size_t(stem)].store(muted, std::memory_order_relaxed);
}

void MixerDevice::setStemSolo(int stem, bool solo)
{
    if (stem >= 0 && stem < kMaxStems) m_solo[std::size_t(stem)].store(solo, std::memory_order_relaxed);
}

float MixerDevice::stemGain(int stem) const
{
    return stem >= 0 && stem < kMaxStems ? m_gain[std::size_t(stem)].load(std::memory_order_relaxed) : 0.0f;
}

bool MixerDevice::stemMuted(int stem) const
{
    return stem >= 0 && stem < kMaxStems && m_muted[std::size_t(stem)].load(std::memory_order_relaxed);
}

bool MixerDevice::stemSolo(int stem) const
{
    return stem >= 0 && stem < kMaxStems && m_solo[std::size_t(stem)].load(std::memory_order_relaxed);
}

void MixerDevice::seek(std::int64_t frame)
{
    m_seekRequest.store(std::clamp<std::int64_t>(frame, 0, m_frames), std::memory_order_relaxed);
}

std::int64_t MixerDevice::position() const
{
    const std::int64_t pending = m_seekRequest.load(std::memory_order_relaxed);
    return pending >= 0 ? pending : m_position.load(std::memory_order_relaxed);
}

void MixerDevice::advance(std::int64_t frames)
{
    std::int64_t pos = m_position.load();
    const std::int64_t pending = m_seekRequest.exchange(-1);
    if (pending >= 0) {
        pos = pending;
        m_currentMaster = 0.0f; // nothing reads now: the next read fades in from the new place
    }
    m_position.store(std::clamp<std::int64_t>(pos + std::max<std::int64_t>(0, frames), 0, m_frames));
}

void MixerDevice::computeTargets(std::array<float, kMaxStems + 1>& target) const noexcept
{
    target.fill(0.0f);
    const int stemCount = m_stemCount.load(std::memory_order_acquire);
    const bool stems = stemCount > 0 && m_useStems.load(std::memory_order_relaxed);
    if (!stems) {
        target[0] = 1.0f;
        return;
    }
    bool anySolo = false;
    for (int i = 0; i < stemCount; ++i) anySolo = anySolo || m_solo[std::size_t(i)].load(std::memory_order_relaxed);
    for (int i = 0; i < stemCount; ++i) {
        const auto k = std::size_t(i);
        const bool audible = !m_muted[k].load(std::memory_order_relaxed) && (!anySolo || m_solo[k].load(std::memory_order_relaxed));
        target[k + 1] = audible ? m_gain[k].load(std::memory_order_relaxed) : 0.0f;
    }
}

std::int64_t MixerDevice::mixInto(float* out, std::int64_t frames) noexcept
{
    const int ch = m_channels;
    if (ch <= 0 || frames <= 0) return 0;
    const int tracks = m_mix ? 1 + m_stemCount.load(std::memory_order_acquire) : 0;
    std::array<float, kMaxStems + 1> target{};
    computeTargets(target);
    const float step = 1.0f / float(m_rampFrames);
    std::int64_t seek = m_seekRequest.load(std::memory_order_relaxed);
    const float master = m_master.load(std::memory_order_relaxed);
    std::int64_t pos = m_position.load(std::memory_order_relaxed);

    for (std::int64_t f = 0; f < frames; ++f) {
        if (seek >= 0 && m_currentMaster == 0.0f) {
            // Faded out: jump now (unless another seek replaced this one meanwhile).
            pos = seek;
            std::int64_t expected = seek;
            m_seekRequest.compare_exchange_strong(expected, -1, std::memory_order_relaxed);
            seek = expected == seek ? -1 : expected;
        }
        m_currentMaster = approach(m_currentMaster, seek >= 0 ? 0.0f : master, step);
        for (int t = 0; t < tracks; ++t) m_current[std::size_t(t)] = approach(m_current[std::size_t(t)], target[std::size_t(t)], step);
        float* frame = out + f * ch;
        if (pos < m_frames) {
            const std::int64_t base = pos * ch;
            for (int c = 0; c < ch; ++c) {
                float sum = 0.0f;
                for (int t = 0; t < tracks; ++t) sum += m_current[std::size_t(t)] * m_data[std::size_t(t)][base + c];
                frame[c] = sum * m_currentMaster;
            }
            ++pos;
        } else {
            for (int c = 0; c < ch; ++c) frame[c] = 0.0f;
        }
    }
    m_position.store(pos, std::memory_order_relaxed);
    return frames;
}

qint64 MixerDevice::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + (m_channels > 0 ? qint64(1) << 20 : 0);
}

qint64 MixerDevice::readData(char* data, qint64 maxSize)
{
    const qint64 frameBytes = qint64(m_channels) * qint64(sizeof(float));
    if (frameBytes == 0) return 0;
    const qint64 frames = maxSize / frameBytes;
    // QAudioSink hands a byte buffer; float alignment is what its allocator gives.
    return mixInto(reinterpret_cast<float*>(data), frames) * frameBytes;
}

qint64 MixerDevice::writeData(const char*, qint64)
{
    return -1;
}

} // namespace emotrace::ui
