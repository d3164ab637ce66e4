#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Feed-forward, stereo-linked dynamic range compressor with a level detector in the dB
/// domain (Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design",
/// JAES 2012: the log-domain, smooth, decoupled detector).
///
/// Per frame: the level x is the largest |sample| over the channels in dBFS (all channels
/// get the same gain, so the image does not move). The static curve with threshold T,
/// ratio R and a soft knee of width W gives the output level y:
///   2(x − T) < −W:   y = x
///   |2(x − T)| ≤ W:  y = x + (1/R − 1)(x − T + W/2)² / (2W)
///   2(x − T) > W:    y = T + (x − T)/R
/// The detector smooths the level above the curve, c = x − y (dB of gain reduction, ≥ 0):
/// d = a·d + (1 − a)·c with a = exp(−1 / (τ·rate)), τ the attack time while c > d, else
/// the release time (time constants: 63 % of a step, in dB). The frame is multiplied by
/// 10^((makeup − d)/20) (logarithms and powers by FastLog2; a reduction under 1e-7 dB is
/// exact unity gain, so a signal that stays under the knee passes bit for bit before the
/// makeup). Auto makeup adds the gain that gives the compressed signal the
/// input's RMS (one gain for the whole signal, at most +40 dB), so that compression
/// changes dynamics rather than level. A value type; process() runs on the calling thread.
class Compressor {
public:
    struct Settings {
        double thresholdDb = -18.0; ///< dBFS, -60..0
        double ratio = 1.0;         ///< 1..20 (1 = no compression)
        double kneeDb = 6.0;        ///< dB, 0..24 (0 = hard knee)
        double attackMs = 10.0;     ///< ms, 0.05..200
        double releaseMs = 120.0;   ///< ms, 5..3000
        double makeupDb = 0.0;      ///< dB, 0..30, added after (and on top of auto makeup)
        bool autoMakeup = false;    ///< also restore the input's RMS

        /// Throws emotrace::Error naming the field ("compressor: ratio must be in …").
        void validate() const;
        /// True when process() would leave a buffer unchanged (ratio 1, no makeup).
        bool isNeutral() const;
    };

    /// Throws Error on bad settings.
    explicit Compressor(const Settings& settings);

    /// Compresses the whole signal in place, the detector starting at silence (any
    /// channel count; all linked).
    void process(AudioBuffer& buffer) const;

    /// The static curve's gain in dB (≤ 0) for a detector level in dBFS.
    double staticGainDb(double levelDb) const;

    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
};

} // namespace emotrace
