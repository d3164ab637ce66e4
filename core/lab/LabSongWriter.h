#pragma once

#include <filesystem>
#include <map>
#include <memory>

#include "lab/LabSongSpec.h"
#include "vocab/MidLevelLabels.h"
#include "lab/SoundfontCatalog.h"
#include "util/Progress.h"

namespace emotrace {

/// Composes, labels and renders music-lab songs and writes each into <out>/<id>/:
///   mix.flac                  the mix (24-bit FLAC, 44.1 kHz stereo)
///   stems/<stem>.flac         vocals, drums, bass, piano, other: they sum to the mix
///                             (left out when Options::writeStems is false: a training
///                             corpus needs only the mix, and the stems are 5/6 of the bytes)
///   score.mid                 the score as a standard MIDI file
///   labels.json               labels, controls, seed, soundfont, render settings; for a
///                             realistic song (LabSongSpec::production) also the plan,
///                             the heard cues and format_version 2 (ProducedSongRenderer
///                             renders it, PerceivedEmotion gives arousal and valence)
/// The labels are computed on the score as read back from score.mid, so that
/// `emotrace-cli lab label score.mid` reproduces them exactly. A song's folder appears
/// whole or not at all (written beside it, then renamed). Keeps one PartRenderer per
/// soundfont (drum fonts included), loaded on first use. Lives on one thread.
class LabSongWriter {
public:
    struct Options {
        bool writeStems = true;
    };

    explicit LabSongWriter(SoundfontCatalog catalog = {});
    LabSongWriter(SoundfontCatalog catalog, Options options);
    ~LabSongWriter();

    struct Written {
        std::filesystem::path folder;
        MidLevelLabels labels;
        double durationSeconds = 0.0; ///< of the rendered mix
        double renderSeconds = 0.0;   ///< wall time of composing + rendering + writing
    };

    /// Throws emotrace::Error naming the song and the problem; Cancelled on cancel.
    Written write(const std::filesystem::path& outDir, const LabSongSpec& spec, const Progress& progress = {});

private:
    PartRenderer& rendererFor(const std::filesystem::path& font);

    SoundfontCatalog m_catalog;
    Options m_options;
    std::map<std::filesystem::path, std::unique_ptr<PartRenderer>> m_renderers;
};

} // namespace emotrace
