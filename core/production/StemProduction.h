#pragma once

#include "production/AmpSimulator.h"
#include "production/Compressor.h"
#include "production/Saturator.h"
#include "production/StemEqualizer.h"

namespace emotrace {

/// How one stem is produced (ProductionChain applies it, in this order): equaliser,
/// compressor, saturator, amp (when enabled), gain, pan and width, plus its reverb send's
/// wet signal. Level-independent: the compressor, saturator and amp see the stem scaled so
/// that its peak after the equaliser is at 0 dBFS, and it is scaled back afterwards, so
/// the compressor's threshold is in dB relative to that peak and a stem rendered 6 dB
/// quieter is produced the same way, 6 dB quieter. Default values are neutral (the stem
/// comes out unchanged). A value type.
struct StemProduction {
    double gainDb = 0.0;              ///< dB, -24..12: the stem's level change
    StemEqualizer::Settings eq;       ///< neutral by default
    Compressor::Settings compressor;  ///< threshold in dB relative to the stem's peak; ratio 1 = off
    Saturator::Settings saturator;    ///< mix 0 = off
    bool ampEnabled = false;          ///< the amp is for the stem holding distorted guitar: the lab decides
    AmpSimulator::Settings amp;       ///< used only when ampEnabled
    double reverbSend = 0.0;          ///< 0..1: amount of the room's wet signal added to the stem
    double pan = 0.0;                 ///< -1 (left) .. 1 (right), StereoPlacer
    double width = 1.0;               ///< 0 (mono) .. 1 (unchanged) .. 1.5 (wider), StereoPlacer

    /// Throws emotrace::Error naming the stage and field ("compressor: ratio must be …",
    /// "reverb_send must be …").
    void validate() const;
};

} // namespace emotrace
