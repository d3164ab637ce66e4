#pragma once

#include <cstdint>

#include "lab/PartRenderer.h"
#include "lab/PerceivedEmotion.h"
#include "lab/ProductionPlan.h"
#include "lab/Score.h"
#include "util/Progress.h"

namespace emotrace {

/// A song of the realistic lab: its stems and mix (RenderedSong: stems sum to the mix) and
/// what a listener hears of its energy (for PerceivedEmotion). A value type.
struct ProducedSong {
    RenderedSong song;
    HeardCues heard;
};

/// Renders a Score as the realistic lab produces it (ProductionPlan), in this order:
///  1. the parts are played in groups: percussion by `drums` (the plan's drum font), sung
///     vocals-stem parts by VoiceSynth, GM 29/30 guitars by `main` as a clean electric
///     guitar (GM 27) into AmpSimulator, all other parts by `main`; FluidSynth's reverb
///     and chorus as RenderSettings says, its tilt and normalisation off (the chain
///     below does that work); each group's stems are added into the five stems, all
///     padded to the longest group;
///  2. ProductionChain (per-stem gain, EQ, compression, saturation, placement, the shared
///     room, one bus-limiter gain curve for all stems);
///  3. peak normalisation of the mix to plan.masterPeakDb (one gain for all stems);
///  4. the codec round trip of every audible stem when the plan has one; if a decoded
///     peak passes 0 dBFS all stems are scaled down together.
/// Stems that never had sound stay exact zeros; the mix is the sample-wise float sum of
/// the stems in allStems() order after every stage. HeardCues are measured on that mix
/// and those stems.
///
/// Deterministic: the same score, settings, plan, seed and fonts give the same samples.
/// Thread: the caller's; `main` and `drums` may be the same renderer.
class ProducedSongRenderer {
public:
    static ProducedSong render(const Score& score, const RenderSettings& settings, const ProductionPlan& plan, PartRenderer& main,
                               PartRenderer& drums, std::uint64_t seed, const Progress& progress = {});

    /// GM programs the amp path takes (overdriven and distortion guitar) and the clean
    /// program they are played with.
    static bool isAmpGuitar(int program) { return program == 29 || program == 30; }
    static constexpr int kCleanGuitarProgram = 27;
};

} // namespace emotrace
