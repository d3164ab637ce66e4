#include "lab/LabSongSpec.h"

#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

namespace emotrace {

LabSongSpec LabSongSpec::draw(std::uint64_t corpusSeed, int index, const std::string& soundfont, std::optional<Style> style,
                              std::optional<double> durationSeconds)
{
    LabSongSpec spec;
    char id[64];
    std::snprintf(id, sizeof id, "lab-%llu-%04d", static_cast<unsigned long long>(corpusSeed), index);
    spec.id = id;
    // splitmix64 of (corpus seed, index): well-spread song seeds for neighbouring indices
    std::uint64_t z = corpusSeed * 0x9e3779b97f4a7c15ull + std::uint64_t(index) + 1;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    spec.seed = z ^ (z >> 31);
    spec.controls = ComposerControls::random(spec.seed, style);
    if (durationSeconds) spec.controls.durationSeconds = *durationSeconds;
    spec.soundfont = soundfont;

    std::mt19937_64 rng(spec.seed ^ 0x52454e444552ull); // "RENDER"
    std::uniform_real_distribution<double> u(0.0, 1.0);
    RenderSettings& r = spec.render;
    r.reverbRoomSize = 0.2 + 0.7 * u(rng);
    r.reverbDamping = 0.1 + 0.6 * u(rng);
    r.reverbWidth = 0.5 + 0.5 * u(rng);
    r.reverbLevel = 0.3 + 0.6 * u(rng);
    r.chorusLevel = 0.5 + 1.5 * u(rng);
    r.chorusDepth = 4.0 + 8.0 * u(rng);
    r.masterLevelDb = -6.0 + 5.0 * u(rng);
    r.tiltDb = -3.0 + 6.0 * u(rng);
    return spec;
}

nlohmann::json LabSongSpec::toJson() const
{
    const RenderSettings& r = render;
    return {{"id", id},
            {"seed", seed},
            {"controls", controls.toJson()},
            {"soundfont", soundfont},
            {"render",
             {{"reverb", {{"room_size", r.reverbRoomSize}, {"damping", r.reverbDamping}, {"width", r.reverbWidth}, {"level", r.reverbLevel}}},
              {"chorus", {{"depth_ms", r.chorusDepth}, {"level", r.chorusLevel}, {"voices", r.chorusVoices}, {"speed_hz", r.chorusSpeedHz}}},
              {"master_gain", r.masterGain},
              {"tail_s", r.tailSeconds},
              {"master_level_db", r.masterLevelDb},
              {"tilt_db", r.tiltDb},
              {"tilt_pivot_hz", r.tiltPivotHz}}}};
}

} // namespace emotrace
