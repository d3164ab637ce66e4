#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "lab/ComposerControls.h"
#include "lab/PartRenderer.h"

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

    /// Song `index` of the corpus drawn from corpusSeed: random controls (style fixed when
    /// given), random render settings within tasteful ranges, the given soundfont;
    /// duration fixed when given (10..60 s).
    static LabSongSpec draw(std::uint64_t corpusSeed, int index, const std::string& soundfont,
                            std::optional<Style> style = std::nullopt, std::optional<double> durationSeconds = std::nullopt);

    nlohmann::json toJson() const;
};

} // namespace emotrace
