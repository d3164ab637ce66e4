#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "separation/Separator.h"

namespace emotrace {

/// Scores a separator on a music-lab song, whose true stems are known: the song's
/// mix.flac goes through the separator and each estimated stem is compared with the
/// true stem of the same name by SeparationQuality::sdr(). True stems the separator
/// does not produce (the built-in one has no "piano") are added to its "other" stem's
/// reference, so every source is accounted for once. Lives on the calling thread.
class SeparationBenchmark {
public:
    /// stem name -> SDR in dB; stems whose true source is silent in this song are left
    /// out (SDR is undefined for them). Throws emotrace::Error when the folder is not a lab song.
    static std::map<std::string, double> evaluate(const std::filesystem::path& labSongFolder, Separator& separator,
                                                  const Progress& progress = {});
};

} // namespace emotrace
