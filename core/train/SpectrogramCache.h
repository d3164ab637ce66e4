#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
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
/// <fileContentHash>-<front-end key>.spec: the 8 bytes "ETSPEC02", uint32 bands,
/// uint32 0, int64 frames, uint64 checksum (64-bit FNV-1a over the 16 bytes of bands,
/// 0 and frames, then the payload), then the payload: bands x frames float32
/// little-endian ([bands, frames] row-major as Spectrogram). Changing the audio or the
/// front-end parameters changes the key, so a stale entry is never read.
///
/// An entry is never trusted: it is used only when its band count is the front end's,
/// its frame count is in 1..kMaxFrames, the file is exactly header + payload long, the
/// checksum matches and every value is finite and >= 0 (log10(1 + x)). Any other entry
/// (damaged, tampered, or of an older format) is a cache miss: computed again and
/// rewritten, with a one-line warning (to stderr, or to the handler set) for a damaged
/// one. Also keeps recently used spectrograms in memory up to a byte budget. Lives on
/// one thread (the trainer's).
class SpectrogramCache {
public:
    /// Longest spectrogram an entry may hold (about 9.5 hours at 31.3 frames per second).
    static constexpr std::int64_t kMaxFrames = std::int64_t(1) << 20;
    using WarningHandler = std::function<void(const std::string&)>;

    /// memoryBudget: bytes of spectrograms kept in memory (0: none).
    SpectrogramCache(std::filesystem::path folder, FrontEndParameters parameters, std::size_t memoryBudget = std::size_t(1) << 30);

    /// The spectrogram of an audio file: from memory, a valid entry of the cache folder, or
    /// computed and stored. Always bands() bands. Throws emotrace::Error naming the file
    /// when it cannot be decoded, has no frames or too many, or the cache folder is not
    /// writable.
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
    /// The band count of every spectrogram this cache gives.
    int bands() const { return m_frontEnd.filterbank().bandCount(); }

    /// Where the one-line warnings about damaged entries go (default: stderr).
    void setWarningHandler(WarningHandler handler) { m_warn = std::move(handler); }
    /// Damaged entries found (and recomputed) so far.
    int rejectedEntries() const { return m_rejected; }

    /// Throws emotrace::Error "<audio>: spectrogram has B bands, <what> has `bands`" (or a
    /// word about an inconsistent size) unless spec has `bands` bands, >= 1 frame and
    /// bands x frames values: the check before spectrograms are copied into one tensor.
    static void requireShape(const Spectrogram& spec, int bands, const std::filesystem::path& audio, const std::string& what);

private:
    std::shared_ptr<const Spectrogram> compute(const std::filesystem::path& audio, const Progress& progress) const;
    /// The entry's spectrogram, or nullptr with *problem set (empty for an entry of an
    /// older format, which is recomputed without a warning).
    std::shared_ptr<const Spectrogram> readEntry(const std::filesystem::path& entry, std::string* problem) const;
    static void writeEntry(const std::filesystem::path& entry, const Spectrogram& spec);

    std::filesystem::path m_folder;
    LogSpectrogramFrontEnd m_frontEnd;
    std::string m_parameterKey;
    std::size_t m_memoryBudget;
    std::size_t m_memoryUsed = 0;
    std::map<std::filesystem::path, std::filesystem::path> m_entries; ///< audio -> cache file (hashing is not free)
    std::map<std::filesystem::path, std::shared_ptr<const Spectrogram>> m_memory;
    WarningHandler m_warn;
    int m_rejected = 0;
};

} // namespace emotrace
