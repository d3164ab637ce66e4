#pragma once

#include <array>
#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "production/BusLimiter.h"
#include "production/RoomReverb.h"
#include "production/StemProduction.h"
#include "vocab/Stem.h"

namespace emotrace {

/// Everything the production of one song is drawn with: one StemProduction per stem, the
/// room every stem is sent to (each stem's wet part stays in that stem), and the mix
/// bus's limiter. Loudness: the chain's mix peaks at the limiter's ceiling (bus.ceilingDb)
/// and nothing more; a loudness target (RMS or LUFS) is deliberately not part of the
/// production — the lab's linear peak normalisation (one gain on every stem) may follow,
/// and the labels measure the result (MixMeasures). Default-constructed settings are
/// neutral: the stems pass unchanged except for the limiter's peak normalisation to -1
/// dBFS. A value type.
struct ProductionSettings {
    std::array<StemProduction, 5> stems; ///< in allStems() order: vocals, drums, bass, piano, other
    RoomReverb::Settings room;
    BusLimiter::Settings bus;

    StemProduction& stem(Stem s) { return stems[std::size_t(s)]; }
    const StemProduction& stem(Stem s) const { return stems[std::size_t(s)]; }

    /// Tasteful random settings for a seed. intensity (0..1) moves the draw from
    /// dynamic, dry and soft to brick-walled, bright and dense:
    ///  - 0: ratios 1.15..1.5 from 6..12 dB under each stem's peak with slow attack and
    ///    release (transients pass), no saturation, no limiter drive (the bus only
    ///    normalises the peak to the ceiling), rooms of 1.4..3.2 s, generous sends,
    ///    high shelves of -2..2 dB;
    ///  - 1: ratios 3.4..9 from 18..24 dB under the peak, attack 0.05..0.3 ms and release
    ///    15..60 ms (the body comes up to the peaks), saturation on every stem (drive
    ///    3..15 dB), 6..12 dB of limiter drive, rooms of 0.5..1.2 s, sends 60 % smaller,
    ///    high shelves of +3..7 dB, slightly wider stereo.
    /// In between, every range is interpolated. Each stem draws from its own stream
    /// (seed, stem) with a profile of its own (vocals: presence band, high-pass; bass:
    /// nearly mono, low shelf up; drums: boxiness cut; piano and other: panned, wider,
    /// more room), so one stem's draw does not depend on the others. The amp is never
    /// enabled here (its settings are drawn, for the lab to switch on for the stem that
    /// holds distorted guitar). Throws Error for intensity outside [0, 1].
    static ProductionSettings draw(std::uint64_t seed, double intensity);

    /// {"stems": {"vocals": {...}, ...}, "room": {...}, "bus": {...}}; field names in
    /// snake_case with their units ("gain_db", "attack_ms", "rt60_s").
    nlohmann::json toJson() const;
    /// Missing keys keep their defaults; throws emotrace::Error on bad values, wrong types
    /// or an unknown stem name.
    static ProductionSettings fromJson(const nlohmann::json& json);
    /// Throws emotrace::Error naming the stem (or room/bus), the stage and the field:
    /// "production: drums: compressor: ratio must be in [1, 20] (got 0.5)".
    void validate() const;
};

} // namespace emotrace
