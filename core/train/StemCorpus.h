#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <torch/types.h>

#include "util/Progress.h"

namespace emotrace {

/// Lab songs with their true stems, held in memory for separator training, and the
/// augmented mixes drawn from them.
///
/// A song is a folder holding stems/<name>.flac for the requested stem names (a missing
/// stem file is an error; a silent stem is fine) as LabSongWriter writes them; a folder
/// given that is not a song is searched one level down (sorted by name; unfinished
/// ".partial" folders are skipped). Stems are converted to `sampleRate` stereo and kept
/// as float16 [S, 2, N] (2 bytes a sample: a 20-second song with five stems is 17 MB).
///
/// Augmentation in draw() (the list; the lab's renders already carry the
/// production chain and codecs, so those are not redone here):
///  - coherent or swapped: with probability 1/2 all stems come from one song at one offset
///    (real musical context); otherwise each stem is drawn from its own song and offset
///    (stem swaps across songs, remixing);
///  - a random gain per stem, uniform in [0.25, 1.25] (-12 .. +2 dB);
///  - left/right swapped per stem with probability 1/2;
///  - a stem dropped (silenced) with probability 0.1, so silent stems are seen often.
/// The mix is the sum of the drawn stems. Thread: any, one caller at a time.
class StemCorpus {
public:
    /// Throws emotrace::Error naming the folder when none holds a song, and whatever the
    /// decoder throws (naming the file). Progress: stage "load", over the songs; cancellable.
    StemCorpus(const std::vector<std::filesystem::path>& folders, const std::vector<std::string>& stems, int sampleRate,
               const Progress& progress = {});

    std::size_t size() const { return m_songs.size(); }
    /// Seconds of audio held.
    double seconds() const;
    const std::vector<std::string>& songIds() const { return m_ids; }

    /// A batch of augmented stems [B, S, 2, frames] (float32); songs are drawn only from
    /// `songIndices` (a training or validation part). Songs shorter than `frames` are
    /// zero-padded. augment = false draws coherent excerpts with unit gains (validation).
    torch::Tensor draw(std::int64_t batch, std::int64_t frames, const std::vector<std::size_t>& songIndices,
                       std::mt19937_64& rng, bool augment) const;

private:
    std::vector<torch::Tensor> m_songs; ///< [S, 2, N] float16
    std::vector<std::string> m_ids;
    int m_sampleRate;
};

} // namespace emotrace
