#pragma once

#include <QIODevice>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "audio/AudioBuffer.h"
#include "separation/StemSet.h"

namespace emotrace::ui {

/// The real-time mixing engine behind StemMixer: a sequential read-only QIODevice that a
/// QAudioSink pulls float32 interleaved frames from (pull mode). Track 0 is the original
/// mix, tracks 1..n the stems; the output is either the original or the sum of the stems
/// with per-stem gain, mute and solo, times a master gain.
///
/// Click-free: every track gain and the master gain move towards their targets by at most
/// 1/rampFrames() per frame (a linear ramp of kRampSeconds for a full 0 -> 1 change), and a
/// seek fades out, jumps and fades in.
///
/// Threads. The object lives on the GUI thread. Methods marked [audio thread] may run on
/// the audio callback thread: they never allocate, lock or call into Qt beyond the
/// QIODevice entry points, and touch only pre-allocated memory and atomics. Controls marked
/// [any thread] are single atomic stores. setMix()/clear() and a setStems() that replaces
/// stems must only be called while no audio thread reads (StemMixer stops its sink
/// first). Adding the first stems to a mix (stemCount() == 0) is safe while playing: the
/// audio thread reads no stem data until the stem count is published (release/acquire),
/// so stems that arrive while the original plays cause no gap.
class MixerDevice : public QIODevice {
    Q_OBJECT
public:
    static constexpr int kMaxStems = 31;
    static constexpr double kRampSeconds = 0.010;

    explicit MixerDevice(QObject* parent = nullptr);

    /// [GUI thread, not while read] The original mix; removes any stems, position 0.
    /// Shared, not copied: a long song is hundreds of MB and the GUI thread must not stall.
    void setMix(std::shared_ptr<const emotrace::AudioBuffer> mix);
    void setMix(const emotrace::AudioBuffer& mix) { setMix(std::make_shared<const emotrace::AudioBuffer>(mix)); }
    /// [GUI thread; not while read, unless these are the first stems of the mix] Stems
    /// matching the mix in rate, channels and length.
    /// Returns false (and keeps the old stems) when they do not match or are too many.
    bool setStems(std::shared_ptr<const emotrace::StemSet> stems);
    bool setStems(const emotrace::StemSet& stems) { return setStems(std::make_shared<const emotrace::StemSet>(stems)); }
    /// [GUI thread, not while read] No audio at all.
    void clear();

    int sampleRate() const { return m_sampleRate; }
    int channels() const { return m_channels; }
    std::int64_t frameCount() const { return m_frames; }
    int stemCount() const { return m_stemCount.load(std::memory_order_acquire); }
    /// Frames of a full 0 -> 1 gain ramp (kRampSeconds at the sample rate, at least 1).
    int rampFrames() const { return m_rampFrames; }

    /// [any thread] false: the original mix plays; true: the stems (when there are any).
    void setUseStems(bool useStems) { m_useStems.store(useStems, std::memory_order_relaxed); }
    bool useStems() const { return m_useStems.load(std::memory_order_relaxed); }
    /// [any thread] Linear gain of one stem, 0..4.
    void setStemGain(int stem, float gain);
    void setStemMuted(int stem, bool muted);
    void setStemSolo(int stem, bool solo);
    float stemGain(int stem) const;
    bool stemMuted(int stem) const;
    bool stemSolo(int stem) const;
    /// [any thread] Master gain (volume), 0..1.
    void setMasterGain(float gain) { m_master.store(gain, std::memory_order_relaxed); }
    float masterGain() const { return m_master.load(std::memory_order_relaxed); }

    /// [any thread] Requests a jump to a frame (clamped to the song); the reader fades out,
    /// jumps and fades in.
    void seek(std::int64_t frame);
    /// [any thread] The next frame to be mixed (or the pending seek target).
    std::int64_t position() const;
    /// [GUI thread, not while read] Applies a pending seek, then moves the position without
    /// producing audio: the silent fallback when there is no audio device (a timer calls
    /// it so the playhead still moves), and the way to seek while stopped or paused.
    void advance(std::int64_t frames);

    /// [audio thread] Mixes `frames` frames (channels() floats each) into out. Returns the
    /// frames written (silence past the end or without audio). No allocation, no lock.
    std::int64_t mixInto(float* out, std::int64_t frames) noexcept;

    bool isSequential() const override { return true; }
    /// [audio thread] Always "plenty": silence follows the end, StemMixer stops the sink.
    qint64 bytesAvailable() const override;

protected:
    /// [audio thread] Whole frames only; calls mixInto on the caller's buffer.
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    void resetControls();
    /// [audio thread] Target gain per track from the atomics.
    void computeTargets(std::array<float, kMaxStems + 1>& target) const noexcept;

    int m_sampleRate = 0;
    int m_channels = 0;
    std::int64_t m_frames = 0;
    std::atomic<int> m_stemCount{0}; ///< published last by setStems (release)
    int m_rampFrames = 1;
    std::shared_ptr<const emotrace::AudioBuffer> m_mix; ///< track 0
    std::shared_ptr<const emotrace::StemSet> m_stems;   ///< tracks 1..n
    std::array<const float*, kMaxStems + 1> m_data{};   ///< interleaved samples per track

    std::atomic<bool> m_useStems{false};
    std::array<std::atomic<float>, kMaxStems> m_gain{};
    std::array<std::atomic<bool>, kMaxStems> m_muted{};
    std::array<std::atomic<bool>, kMaxStems> m_solo{};
    std::atomic<float> m_master{1.0f};
    std::atomic<std::int64_t> m_position{0};
    std::atomic<std::int64_t> m_seekRequest{-1};

    // Audio thread state (only the reader touches these while playing).
    std::array<float, kMaxStems + 1> m_current{};
    float m_currentMaster = 0.0f;
};

} // namespace emotrace::ui
