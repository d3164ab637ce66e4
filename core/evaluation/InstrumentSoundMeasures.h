#pragma once

#include "audio/AudioBuffer.h"

namespace emotrace {

/// Simple measures of one instrument heard alone (a module rendered with every other
/// instrument muted), enough to tell a drum hit, a bass and the rest apart when the
/// instrument's name says nothing. From the mono average of the channels:
///  - energy: Σ x² over every sample of every channel (of the buffer as given);
///  - centroidHz: spectral centroid of the summed power spectrum, Σ f P(f) / Σ P(f), over
///    Hann frames of N = 2^round(log₂(0.046 s · rate)) samples (2048 at 44.1 kHz) every
///    N/2, bins above DC; Hz;
///  - lowShare: the part of that power below kLowCutHz (200 Hz), in [0, 1];
///  - onsets, decayMs, decayedShare: the envelope is the energy of windows of N samples
///    starting every 10 ms (hops), in dB (N as for the spectrum: long enough that a low
///    tone's cycles are no onsets); an onset is a hop at least 6 dB above the one before
///    (silence before the start) and within 40 dB of the loudest hop; its peak is the
///    loudest hop of the 50 ms from the onset; its decay is the time from the peak until
///    the energy first falls 20 dB below it, or until the next onset or the end when that
///    comes first (then a lower bound). decayMs is the median over onsets, in ms; with no
///    onset it is the buffer's whole length (a sound that never starts anew is
///    sustained). decayedShare is the share of onsets whose sound did fall those 20 dB
///    before the next onset or the end (drum hits die away; held notes are cut by the
///    next note).
/// A silent buffer gives zeros (decayMs 0, onsets 0). A value type; measure() runs on the
/// calling thread.
struct InstrumentSoundMeasures {
    static constexpr double kLowCutHz = 200.0;

    double energy = 0.0;     ///< Σ x², all channels
    double centroidHz = 0.0; ///< Hz
    double lowShare = 0.0;   ///< share of power below kLowCutHz
    int onsets = 0;          ///< count
    double decayMs = 0.0;    ///< ms, median onset decay to −20 dB
    double decayedShare = 0.0; ///< share of onsets that fell 20 dB before the next onset or the end

    /// Throws emotrace::Error for a buffer without channels or sample rate.
    static InstrumentSoundMeasures measure(const AudioBuffer& audio);
};

} // namespace emotrace
