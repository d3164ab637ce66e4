#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "train/TrainingExample.h"

namespace emotrace {

/// Reads a music-lab corpus (LabSongWriter's layout: <dir>/<id>/mix.flac and
/// <dir>/<id>/labels.json) as training examples with both label kinds: the seven
/// mid-level labels and arousal/valence from "labels" (already in [0, 1]); tag = the
/// style ("controls"."style"); soundfont and seed recorded for hold-out rules. Folders
/// without labels.json (or without mix.flac) are skipped, as are LabSongWriter's
/// unfinished ".partial" folders. Items are sorted by id. Thread: any.
class LabCorpusSource {
public:
    /// Throws emotrace::Error naming the folder when it is missing or holds no song, or
    /// naming labels.json and the key when one is malformed.
    static std::vector<TrainingExample> read(const std::filesystem::path& folder, const std::string& sourceName);
};

} // namespace emotrace
