#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "separation/Separator.h"

namespace emotrace {

/// Imports precomputed stems from a folder, as Demucs, Spleeter and Open-Unmix write them:
///   Demucs      separated/<model>/<track>/{drums,bass,other,vocals}.wav (htdemucs_6s adds
///               guitar and piano; --two-stems=vocals writes vocals + no_vocals; --mp3 and
///               --flac change the extension);
///   Spleeter    <out>/<track>/{vocals,accompaniment} (2 stems), {vocals,drums,bass,other}
///               (4), {vocals,piano,drums,bass,other} (5);
///   Open-Unmix  <out>/<track>/{vocals,drums,bass,other}.wav.
/// <track> is the mix file's stem name ("song" for /music/song.mp3), as all three tools name
/// the folder. The stems are looked for in this order, the first place holding audio wins:
///   1. <folder>/<track>     so that a music folder holding both the songs and a stem folder
///                           per song works (the songs themselves are not stems);
///   2. <folder>             the folder itself holds the stems;
///   3. <folder>/*/<track>   "separated" for "separated/htdemucs/<track>" (subfolders in
///                           name order; a warning names the others when several match).
/// So "stems:separated/htdemucs" works for every song that Demucs separated there.
///
/// Stems: every file with an audio extension (wav flac mp3 ogg oga opus m4a aac aif aiff wv,
/// any case) except the mix file itself and hidden files; the name is the file's stem
/// ("vocals.wav" -> "vocals"). Order: vocals, drums, bass, guitar, piano, other,
/// accompaniment, no_vocals, then other names alphabetically, then "residual".
/// Each stem is decoded (AudioDecoder), converted to the mix's rate and channel count when
/// they differ (Resampler::convert; one warning line per stem), and aligned to the mix
/// length by trimming or zero-padding at the end: a warning when the lengths differ by more
/// than kLengthWarningSeconds, an Error naming the file when by more than
/// kLengthErrorSeconds (then it is most likely another song's stem). Finally
/// completeWithResidual() makes the stems sum to the mix.
///
/// Errors (emotrace::Error, one line): folder missing, no stems found (naming every place
/// looked in), an unreadable stem (the decoder's message, naming the file), the same stem
/// name twice with different extensions, a stem more than kLengthErrorSeconds off the mix.
/// Cancellation: checked before and while decoding each stem.
///
/// Thread: a separator object lives on the thread that calls it; separate() keeps no state
/// between calls.
class StemFolderSeparator : public Separator {
public:
    /// Length difference (s) above which a stem is reported as trimmed or padded.
    static constexpr double kLengthWarningSeconds = 0.010;
    /// Length difference (s) above which a stem is rejected as not belonging to the mix.
    static constexpr double kLengthErrorSeconds = 1.0;
    /// A residual (mix - sum of stems) counts as a source of its own when its RMS exceeds
    /// kResidualRelativeThreshold x the mix's RMS (1e-4 = -80 dB) and also
    /// kResidualAbsoluteFloor (one 16-bit LSB, 2^-15 = -90.3 dBFS): below that floor the
    /// residual is the rounding of 16-bit stem files (about 2^-15/sqrt(12) per file), not a
    /// sound, and a quiet mix would otherwise get a "residual" stem of rounding noise.
    static constexpr double kResidualRelativeThreshold = 1e-4;
    static constexpr double kResidualAbsoluteFloor = 1.0 / 32768.0;

    /// folder: a stem folder or a folder of them (see the class comment). track: the
    /// sub-folder name to look for; empty = the mix file's stem name.
    explicit StemFolderSeparator(std::filesystem::path folder, std::string track = {});

    /// "stems:<folder>" as given (SeparatorFactory::create(name()) makes the same separator).
    std::string name() const override;

    /// Stems for `mix` from the folder; mixFile names the track (and is never a stem).
    /// Progress: stage "stems", 0..100 over the files.
    StemSet separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress = {}) override;

    /// The folder whose audio files are the stems of mixFile, by the search order above.
    /// Appends a warning when several sub-folders match. Throws Error when the folder is
    /// missing or no place holds audio files.
    std::filesystem::path findStemFolder(const std::string& mixFile, std::vector<std::string>* warnings = nullptr) const;

    /// True for a file name with one of the audio extensions listed above (any case).
    static bool hasAudioExtension(const std::filesystem::path& file);

    /// Makes `stems` (each already at the mix's rate, channels and length) sum to `mix`.
    /// residual = mix - sum (double precision). When it is significant (see
    /// kResidualRelativeThreshold) it becomes a stem named "residual" (or is added to an
    /// existing one) and a warning gives its level in dB relative to the mix; otherwise it
    /// is folded into the stem with the most energy, so the sum equals the mix to float32
    /// rounding (max abs error ~1e-7 per stem). Shared by the backends whose sources may not
    /// add up (StemFolderSeparator, TorchScriptSeparator). Throws Error when a stem's shape
    /// differs from the mix's.
    static void completeWithResidual(const AudioBuffer& mix, StemSet& stems);

private:
    std::filesystem::path m_folder;
    std::string m_track;
};

} // namespace emotrace
