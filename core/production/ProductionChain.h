#pragma once

#include <map>

#include "audio/AudioBuffer.h"
#include "production/ProductionSettings.h"
#include "util/Progress.h"
#include "vocab/Stem.h"

namespace emotrace {

/// Produces a song from its stems: per-stem processing, a shared room, a bus limiter.
///
/// The mix is the sum of the processed stems; nonlinear stages run per stem; the bus
/// limiter is one shared gain curve. In detail, each stem (in place):
///  1. equaliser; 2. compressor, saturator and amp (when enabled) on the stem scaled to a
///  peak of 0 dBFS after the equaliser, then scaled back (see StemProduction); 3. gain;
///  4. pan and width; 5. plus reverbSend × the room's wet signal of the stem as it is now
///  (the same RoomReverb settings for every stem; each stem's reverb stays in that stem).
/// Then the bus limiter's gain curve is computed on the sum of the stems and multiplied
/// into every stem, and the returned mix is the sum of the limited stems in allStems()
/// order, sample by sample in float (so summing the returned stems in that order gives
/// the mix bit for bit). The mix peaks at the limiter's ceiling; no loudness
/// normalisation happens here (see ProductionSettings). A stem of all zeros stays all
/// zeros (no reverb tail, DC or noise from nothing); lengths never change (a reverb tail
/// is cut at the end). Deterministic: the same stems and settings give bit-identical
/// output. Runs on the calling thread, single-threaded; the cancel flag is checked
/// between stages (throws Cancelled, leaving the stems partly processed).
class ProductionChain {
public:
    /// stems: one to five stems (keys in any subset of the five), all stereo with the same
    /// rate and length; processed in place. Throws Error on bad settings or buffers.
    /// Progress stage "production", 0..100.
    static AudioBuffer apply(std::map<Stem, AudioBuffer>& stems, const ProductionSettings& settings, const Progress& progress = {});

    /// The sum of the stems in allStems() order, in float (the mix of apply()).
    static AudioBuffer sum(const std::map<Stem, AudioBuffer>& stems);
};

} // namespace emotrace
