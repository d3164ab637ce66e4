#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "lab/ComposerControls.h"
#include "lab/VoiceSynth.h"
#include "production/AmpSimulator.h"
#include "production/ProductionSettings.h"

namespace emotrace {

/// What the realistic lab (issue 10) does to a song beyond the classic General-MIDI
/// render, drawn per song and recorded in labels.json (ProducedSongRenderer carries it
/// out):
///  - drumFont: percussion parts are played by this font (a recorded kit such as the AVL
///    "black-pearl"), the other parts by the song's soundfont;
///  - sungLead: parts on the vocals stem are sung by VoiceSynth (a formant singing voice)
///    with `voice`, instead of FluidSynth's "choir aahs" patches;
///  - ampGuitars: overdriven and distortion guitar parts (GM 29, 30) are played as a clean
///    electric guitar (GM 27) into AmpSimulator with `amp`, as a real player's amp does;
///  - production: the per-stem chain and the bus limiter (ProductionChain), drawn with
///    `intensity` (0 dynamic and dry .. 1 brick-walled);
///  - masterPeakDb: the final peak normalisation (one gain for all stems);
///  - codec, codecKbps: a lossy round trip (LossyCodec) of every stem after mastering,
///    or none ("" ). The mix is then the sum of the decoded stems.
/// A value type.
struct ProductionPlan {
    std::string drumFont;
    bool sungLead = true;
    VoiceSettings voice;
    bool ampGuitars = true;
    AmpSimulator::Settings amp;
    double intensity = 0.5;
    ProductionSettings production;
    double masterPeakDb = -1.0; ///< dBFS, -12..0
    std::string codec;          ///< "", "mp3", "aac", "vorbis"
    int codecKbps = 0;

    /// The plan of a song: intensity around the style's typical production (metal,
    /// electronic and rock loud and compressed; ambient, solo piano and chorales dynamic),
    /// a drum font from `drumFonts` (empty entries mean the song's own font), a singer
    /// matched to the lead's register, amp settings, and a codec in 60 % of songs (MP3,
    /// AAC or Vorbis at 64..256 kbps). Deterministic per seed.
    static ProductionPlan draw(std::uint64_t seed, Style style, double meanLeadPitch, const std::vector<std::string>& drumFonts);

    nlohmann::json toJson() const;
    /// Throws emotrace::Error naming the key.
    static ProductionPlan fromJson(const nlohmann::json& json);
};

} // namespace emotrace
