#include "lab/LabSongSpec.h"

#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

#include "lab/Composer.h"

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
    spec.controls = ComposerControls::classic(spec.seed, style);
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

LabSongSpec LabSongSpec::drawRealistic(std::uint64_t corpusSeed, int index, const std::string& soundfont,
                                       const std::vector<std::string>& drumFonts, std::optional<Style> style,
                                       std::optional<double> durationSeconds)
{
    LabSongSpec spec = draw(corpusSeed, index, soundfont, style, durationSeconds);
    spec.controls = ComposerControls::random(spec.seed, style);
    if (durationSeconds) spec.controls.durationSeconds = *durationSeconds;
    char id[64];
    std::snprintf(id, sizeof id, "real-%llu-%04d", static_cast<unsigned long long>(corpusSeed), index);
    spec.id = id;
    const Score score = Composer::compose(spec.controls, spec.seed);
    double sum = 0.0, weight = 0.0;
    for (const Part& part : score.parts)
        if (part.stem == Stem::Vocals)
            for (const Note& note : part.notes) {
                sum += note.duration * note.pitch;
                weight += note.duration;
            }
    spec.production = ProductionPlan::draw(spec.seed, spec.controls.style, weight > 0.0 ? sum / weight : 64.0, drumFonts);
    return spec;
}

nlohmann::json LabSongSpec::toJson() const
{
    const RenderSettings& r = render;
    nlohmann::json j = {{"id", id},
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
    if (production) j["production"] = production->toJson();
    return j;
}

} // namespace emotrace
