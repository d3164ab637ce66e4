// StemMixer / MixerDevice: mixing arithmetic (original, stems, gain, mute, solo), click-free
// gain ramps, seek, the silent fallback without an audio device.
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <vector>

#include "MixerDevice.h"
#include "StemMixer.h"

using emotrace::AudioBuffer;
using emotrace::StemSet;
using emotrace::ui::MixerDevice;
using emotrace::ui::StemMixer;

namespace {

constexpr int kRate = 8000;
constexpr int kChannels = 2;
constexpr int kFrames = 8000;

AudioBuffer constant(float value)
{
    AudioBuffer b;
    b.sampleRate = kRate;
    b.channels = kChannels;
    b.samples.assign(std::size_t(kFrames) * kChannels, value);
    return b;
}

/// Stems of 0.1, 0.2 and 0.4; the original is 0.75 so that it is told apart from their sum.
StemSet dcStems()
{
    StemSet s;
    s.names = {"a", "b", "c"};
    s.stems = {constant(0.1f), constant(0.2f), constant(0.4f)};
    s.backend = "test";
    return s;
}

} // namespace

class TestUiMixer : public QObject {
    Q_OBJECT

    std::vector<float> m_buffer; // pre-allocated: readData mixes into it

    /// Reads frames through QIODevice::read (-> readData) into the pre-allocated buffer.
    void read(MixerDevice& d, int frames)
    {
        QVERIFY(std::size_t(frames) * kChannels <= m_buffer.size());
        const qint64 bytes = qint64(frames) * kChannels * qint64(sizeof(float));
        QCOMPARE(d.read(reinterpret_cast<char*>(m_buffer.data()), bytes), bytes);
    }
    /// Reads past any ramp and returns the settled value of the last frame (left channel).
    float settled(MixerDevice& d)
    {
        const int frames = 2 * d.rampFrames() + 8;
        read(d, frames);
        return m_buffer[std::size_t(frames - 1) * kChannels];
    }
    /// Largest change between consecutive frames of the left channel over `frames`.
    float maxStep(int frames, float previous)
    {
        float worst = 0.0f;
        for (int f = 0; f < frames; ++f) {
            const float v = m_buffer[std::size_t(f) * kChannels];
            worst = std::max(worst, std::abs(v - previous));
            previous = v;
        }
        return worst;
    }

private Q_SLOTS:
    void initTestCase() { m_buffer.assign(std::size_t(kFrames) * kChannels, 0.0f); }

    void mixingArithmetic()
    {
        MixerDevice d;
        QVERIFY(d.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        d.setMix(constant(0.75f));
        QVERIFY(d.setStems(dcStems()));
        QCOMPARE(d.rampFrames(), 80); // 10 ms at 8 kHz
        QCOMPARE(settled(d), 0.75f);  // the original mix by default
        d.setUseStems(true);
        QVERIFY(qFuzzyCompare(settled(d), 0.7f));
        d.setStemMuted(1, true);
        QVERIFY(qFuzzyCompare(settled(d), 0.5f));
        d.setStemMuted(1, false);
        d.setStemSolo(2, true);
        QVERIFY(qFuzzyCompare(settled(d), 0.4f));
        d.setStemSolo(0, true);
        QVERIFY(qFuzzyCompare(settled(d), 0.5f));
        d.setStemMuted(0, true); // mute wins over solo
        QVERIFY(qFuzzyCompare(settled(d), 0.4f));
        d.setStemMuted(0, false);
        d.setStemSolo(0, false);
        d.setStemSolo(2, false);
        d.setStemGain(0, 0.5f);
        QVERIFY(qFuzzyCompare(settled(d), 0.65f));
        d.setMasterGain(0.5f);
        QVERIFY(qFuzzyCompare(settled(d), 0.325f));
        // Both channels carry the same mix of these DC stems.
        QCOMPARE(m_buffer[1], m_buffer[0]);
        // Stems that do not fit the mix are refused.
        StemSet wrong = dcStems();
        wrong.stems[1].sampleRate = 44100;
        QVERIFY(!d.setStems(wrong));
        QCOMPARE(d.stemCount(), 3);
    }

    void rampsAreClickFree()
    {
        MixerDevice d;
        QVERIFY(d.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        d.setMix(constant(0.75f));
        QVERIFY(d.setStems(dcStems()));
        d.setUseStems(true);
        float last = settled(d);
        const float step = 1.0f / float(d.rampFrames());
        // Mute one stem: the output may move by at most step * 0.4 per frame...
        d.setStemMuted(2, true);
        read(d, d.rampFrames() * 2);
        QVERIFY2(maxStep(d.rampFrames() * 2, last) <= step * 0.4f + 1e-6f, "mute stepped faster than the ramp");
        // ...and arrives within one ramp.
        QVERIFY(qFuzzyCompare(m_buffer[std::size_t(d.rampFrames()) * kChannels], 0.3f));
        last = m_buffer[std::size_t(d.rampFrames() * 2 - 1) * kChannels];
        // Original <-> stems crossfade: both ramps at once.
        d.setUseStems(false);
        read(d, d.rampFrames() * 2);
        QVERIFY(maxStep(d.rampFrames() * 2, last) <= step * (0.75f + 0.3f) + 1e-6f);
        QVERIFY(maxStep(d.rampFrames() * 2, last) > 0.0f);
        QCOMPARE(m_buffer[std::size_t(d.rampFrames() * 2 - 1) * kChannels], 0.75f);
        // The very first frames fade in from silence (no click at start).
        MixerDevice fresh;
        QVERIFY(fresh.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        fresh.setMix(constant(1.0f));
        read(fresh, 4);
        QVERIFY(m_buffer[0] <= step + 1e-6f);
    }

    void seekFadesAndJumps()
    {
        MixerDevice d;
        QVERIFY(d.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        AudioBuffer ramp = constant(0.0f);
        for (int f = 0; f < kFrames; ++f)
            for (int c = 0; c < kChannels; ++c) ramp.samples[std::size_t(f * kChannels + c)] = float(f) / kFrames;
        d.setMix(ramp);
        read(d, 1000);
        QCOMPARE(d.position(), std::int64_t(1000));
        const float last = m_buffer[999 * kChannels];
        d.seek(6000);
        QCOMPARE(d.position(), std::int64_t(6000)); // pending seeks report their target
        const int frames = 2 * d.rampFrames() + 50;
        read(d, frames);
        // Faded out, jumped, faded in: position is past the target by the frames after the jump.
        QVERIFY(d.position() > 6000 + d.rampFrames() && d.position() <= 6000 + frames);
        const float value = m_buffer[std::size_t(frames - 1) * kChannels];
        QVERIFY(std::abs(value - float(d.position() - 1) / kFrames) < 1e-5f);
        // No step beyond the ramp's slope (master fade) plus the signal's own slope.
        const float allowed = (1.0f / float(d.rampFrames())) * 1.0f + 1.0f / kFrames + 1e-6f;
        QVERIFY(maxStep(frames, last) <= allowed);
        // Past the end: clamped, then silence.
        d.seek(kFrames + 500);
        QCOMPARE(d.position(), std::int64_t(kFrames));
        read(d, 300);
        QCOMPARE(m_buffer[299 * kChannels], 0.0f);
        // Silent advance (no audio device).
        d.seek(100);
        d.advance(50);
        QCOMPARE(d.position(), std::int64_t(150));
    }

    void firstStemsArriveWithoutAGap()
    {
        // The device: stems added while the original is being read change nothing in
        // the stream (same samples, position kept), until the stems are chosen.
        MixerDevice d;
        QVERIFY(d.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        d.setMix(constant(0.75f));
        QCOMPARE(settled(d), 0.75f);
        const qint64 before = d.position();
        QVERIFY(d.setStems(dcStems()));
        QCOMPARE(d.stemCount(), 3);
        QCOMPARE(d.position(), before);
        read(d, 64);
        QCOMPARE(maxStep(64, 0.75f), 0.0f);
        QCOMPARE(m_buffer[0], 0.75f);
        d.setUseStems(true);
        const float both = settled(d);
        QVERIFY2(std::abs(both - 0.7f) < 1e-6f, qPrintable(QString::number(double(both))));
        // Replacing stems is refused when they do not fit, keeping the old ones.
        StemSet wrong = dcStems();
        wrong.stems[0].samples.pop_back();
        QVERIFY(!d.setStems(wrong));
        QCOMPARE(d.stemCount(), 3);

        // The player: playback of the original goes on when the stems arrive.
        StemMixer mixer;
        mixer.setMix(constant(0.5f));
        mixer.play();
        QTRY_VERIFY_WITH_TIMEOUT(mixer.position() > 0.1, 5000);
        const double at = mixer.position();
        QVERIFY(mixer.setStems(dcStems()));
        QVERIFY(mixer.isPlaying());
        QVERIFY(mixer.position() >= at);
        QVERIFY(mixer.hasStems());
        mixer.stop();
    }

    void silentFallbackMovesThePlayhead()
    {
        StemMixer mixer;
        mixer.setMix(constant(0.5f));
        QVERIFY(mixer.setStems(dcStems()));
        QCOMPARE(mixer.duration(), 1.0);
        QSignalSpy playing(&mixer, &StemMixer::playingChanged);
        mixer.seek(0.25);
        QCOMPARE(mixer.position(), 0.25);
        mixer.play();
        QVERIFY(mixer.isPlaying());
        // With or without a real device, the position advances.
        QTRY_VERIFY_WITH_TIMEOUT(mixer.position() > 0.35, 5000);
        mixer.setStemSolo(1, true);
        QVERIFY(mixer.useStems());
        QVERIFY(mixer.stemSolo(1));
        mixer.pause();
        QVERIFY(!mixer.isPlaying());
        mixer.stop();
        QCOMPARE(mixer.position(), 0.0);
        QVERIFY(playing.count() >= 2);
        // Playing to the end stops by itself.
        mixer.seek(0.95);
        mixer.play();
        QTRY_VERIFY_WITH_TIMEOUT(!mixer.isPlaying(), 5000);
    }
};

QTEST_MAIN(TestUiMixer)
#include "tst_ui_mixer.moc"
