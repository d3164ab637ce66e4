#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "lab/ComposerControls.h"
#include "lab/PartRenderer.h"
#include "lab/ProductionPlan.h"

namespace emotrace {

/// Everything that determines one music-lab song: the composer's seed and controls, the
/// soundfont and the render settings (reverb, chorus, mastering). The same spec always
/// gives the same files. A value type.
struct LabSongSpec {
    std::string id;            ///< folder name, "lab-<corpus seed>-<index>"
    std::uint64_t seed = 0;    ///< the composer's seed
    ComposerControls controls;
    std::string soundfont = "fluidr3"; ///< SoundfontCatalog name or a path
    RenderSettings render;
    /// The realistic lab's production (drum kit, singer, amp, mixing chain, codec); absent
    /// for a classic song (General-MIDI render with the lab's tilt and peak normalisation).
    std::optional<ProductionPlan> production;

    /// Song `index` of the classic corpus drawn from corpusSeed: ComposerControls::classic
    /// (the first eight styles, no humanisation; style fixed when given), random render
    /// settings within tasteful ranges, the given soundfont;
    /// duration fixed when given (10..60 s).
    static LabSongSpec draw(std::uint64_t corpusSeed, int index, const std::string& soundfont,
                            std::optional<Style> style = std::nullopt, std::optional<double> durationSeconds = std::nullopt);

    /// Song `index` of a realistic-lab corpus: as draw() (the id is "real-<seed>-<index>"),
    /// but ComposerControls::random (all styles, humanised), plus a ProductionPlan with
    /// drum fonts from `drumFonts` (an empty entry: the song's own font) and a singer
    /// matched to the composed lead's register.
    static LabSongSpec drawRealistic(std::uint64_t corpusSeed, int index, const std::string& soundfont,
                                     const std::vector<std::string>& drumFonts, std::optional<Style> style = std::nullopt,
                                     std::optional<double> durationSeconds = std::nullopt);

    nlohmann::json toJson() const;
};

} // namespace emotrace
