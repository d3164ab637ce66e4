#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "audio/AudioBuffer.h"
#include "evaluation/InstrumentSoundMeasures.h"
#include "evaluation/ModuleRenderer.h"
#include "util/Progress.h"
#include "vocab/Stem.h"

namespace emotrace {

/// A real multitrack made from a tracker module: the mix and the five stems (vocals,
/// drums, bass, piano, other) of its first maxSeconds, for scoring separators on music
/// that no lab rendered (issue 11's real-stems check).
///
/// How render() makes it, with ModuleRenderer (libopenmpt; 44.1 kHz stereo float, no
/// looping):
///  1. every instrument the patterns play is rendered alone (all others muted) and
///     measured (InstrumentSoundMeasures); one that is silent in the rendered span is
///     "unused" and belongs to no stem;
///  2. each used instrument goes to a stem by StemGroupingRule (its name, else its sound);
///  3. each stem is rendered once with only its instruments audible (a stem without
///     instruments is silence), and the module once with everything audible;
///  4. mix consistency: residual = 10 log10(Σ (full − Σ stems)² / Σ full²) in dB. The mix
///     is the full render when the residual is ≤ Settings::maxResidualDb (−60 dB): then
///     the stems sum to the mix up to libopenmpt's integer rounding (measured: −119 to
///     −165 dB on the Debian modules). Above it the mix is defined as the sum of the stem
///     renders instead (mixIsStemSum), so that the true stems always add up to the mix a
///     separator is given;
///  5. one gain for the mix and all stems (outputGain ≤ 1) keeps every peak ≤ 0.99, so
///     24-bit files do not clip and the stems still sum to the mix.
/// A value type; render() runs on the calling thread (about 30 renders of the module,
/// a few seconds for a 60-s excerpt).
struct ModuleMultitrack {
    struct Settings {
        double maxSeconds = 60.0;     ///< seconds from the start
        ModuleRenderer::Settings render;
        double maxResidualDb = -60.0; ///< dB; above it the mix is the sum of the stems
    };

    /// One instrument of the module and where it went.
    struct Instrument {
        int index = 0;                ///< 0-based libopenmpt instrument (or sample) index
        std::string name;
        int distinctNotes = 0;        ///< over the whole song
        bool used = false;            ///< audible within the rendered span
        Stem stem = Stem::Other;      ///< meaningful when used
        std::string reason;           ///< which rule chose the stem, or why it is unused
        double energyShare = 0.0;     ///< its solo render's energy ÷ the full render's, in [0, 1]
        InstrumentSoundMeasures sound;///< of its solo render (zeros when not rendered)
    };

    std::filesystem::path source;     ///< the module file
    std::string format;               ///< libopenmpt's type: "mod", "it", ...
    std::string title;
    bool instrumentMode = false;      ///< instruments (true) or samples (false) were muted
    double songSeconds = 0.0;         ///< the whole module's length, seconds
    Settings settings;
    AudioBuffer mix;                  ///< stereo, settings.render.sampleRate
    std::map<Stem, AudioBuffer> stems;///< all five, each the mix's length
    std::vector<Instrument> instruments;
    double mixResidualDb = 0.0;       ///< dB, see step 4 (−300 when the sum is exact)
    bool mixIsStemSum = false;        ///< step 4's fallback was taken
    double outputGain = 1.0;          ///< step 5, linear

    /// Makes the multitrack of `module`. Throws emotrace::Error naming the file when it is
    /// not a module libopenmpt can load or nothing in it sounds.
    static ModuleMultitrack render(const std::filesystem::path& module, const Settings& settings,
                                   const Progress& progress = {});
    /// With the default Settings (the first 60 s).
    static ModuleMultitrack render(const std::filesystem::path& module);

    /// Used instruments per stem (all five stems present, zero where none).
    std::map<Stem, int> instrumentsPerStem() const;
    /// One line: "vocals 0, drums 4, bass 1, piano 0, other 2; 24 unused; residual -121 dB".
    std::string summary() const;
};

} // namespace emotrace
