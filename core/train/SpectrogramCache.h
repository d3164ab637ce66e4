#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dsp/FrontEndParameters.h"
#include "dsp/LogSpectrogramFrontEnd.h"
#include "dsp/Spectrogram.h"
#include "util/Progress.h"

namespace emotrace {

/// Spectrograms of training audio, computed once (AudioDecoder -> MonoResampler ->
/// LogSpectrogramFrontEnd) and stored in a cache folder as
/// <fileContentHash>-<front-end key>.spec: the 8 bytes "ETSPEC01", uint32 bands,
/// uint32 0, int64 frames, then bands x frames float32 little-endian ([bands, frames]
/// row-major as Spectrogram). Changing the audio or the front-end parameters changes the
/// key, so a stale entry is never read. Also keeps recently used spectrograms in memory
/// up to a byte budget. Lives on one thread (the trainer's).
class SpectrogramCache {
public:
    /// memoryBudget: bytes of spectrograms kept in memory (0: none).
    SpectrogramCache(std::filesystem::path folder, FrontEndParameters parameters, std::size_t memoryBudget = std::size_t(1) << 30);

    /// The spectrogram of an audio file: from memory, the cache folder, or computed and
    /// stored. Throws emotrace::Error naming the file when it cannot be decoded, has no
    /// frames, or the cache folder is not writable.
    std::shared_ptr<const Spectrogram> get(const std::filesystem::path& audio, const Progress& progress = {});

    /// Computes every missing entry; stage "spectrogram", 0..100 over the files; honours
    /// the cancel flag between files.
    void prepare(const std::vector<std::filesystem::path>& files, const Progress& progress = {});

    /// The cache file an audio file maps to (hashes its content).
    std::filesystem::path entryFor(const std::filesystem::path& audio);

    /// Copies frames start..start+frames-1 of every band into dst ([bands, frames]),
    /// wrapping to the start past the end (loop padding, as BatchPredictor does).
    static void excerpt(const Spectrogram& spec, std::int64_t start, std::int64_t frames, float* dst);
    /// A uniformly random start so that the excerpt lies inside the song; 0 for a song
    /// not longer than the excerpt (which is then loop-padded).
    static std::int64_t randomStart(const Spectrogram& spec, std::int64_t frames, std::mt19937_64& rng);

    const FrontEndParameters& parameters() const { return m_frontEnd.parameters(); }

private:
    std::shared_ptr<const Spectrogram> compute(const std::filesystem::path& audio, const Progress& progress) const;
    static std::shared_ptr<const Spectrogram> readEntry(const std::filesystem::path& entry);
    static void writeEntry(const std::filesystem::path& entry, const Spectrogram& spec);

    std::filesystem::path m_folder;
    LogSpectrogramFrontEnd m_frontEnd;
    std::string m_parameterKey;
    std::size_t m_memoryBudget;
    std::size_t m_memoryUsed = 0;
    std::map<std::filesystem::path, std::filesystem::path> m_entries; ///< audio -> cache file (hashing is not free)
    std::map<std::filesystem::path, std::shared_ptr<const Spectrogram>> m_memory;
};

} // namespace emotrace
