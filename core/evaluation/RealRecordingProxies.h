#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emotrace {

/// Descriptors of a recording that stand in for what a listener would say about it, for
/// checking a model's predictions on real music that has no emotion labels. Each is a
/// classical signal measure, cheap and deterministic, computed from mono audio at
/// kSampleRate (Hz). At most the middle kMaxSeconds of a song are measured (a long piece's
/// intro and fade-out say little; memory stays bounded).
///
///  - tempo (BPM): onset strength = half-wave rectified frame difference of the log
///    filtered spectrogram (the paper's madmom front end at 100 frames/s), summed over
///    bands, minus its 1-s moving mean; its autocorrelation over lags of 40..240 BPM,
///    weighted by a log-normal tempo prior (centre 120 BPM, one octave standard deviation,
///    as librosa's beat tracker) to pick one metrical level; the peak refined by parabolic
///    interpolation. tempoStrength = the autocorrelation at the peak over the one at lag
///    0 (0..1: how periodic the onsets are). Octave errors (half or double tempo) are the
///    known weakness of every such estimate.
///  - percussive share (0..1): median-filter harmonic/percussive separation (Fitzgerald
///    2010, as core/separation/BuiltinSeparator: STFT of 2048 samples (93 ms), hop 512,
///    harmonic = median over 17 frames, percussive = median over 17 bins) and the soft
///    percussive mask P^2 / (H^2 + P^2); the share is the masked energy over the total.
///    It measures transients and noise, not "drums": plucked and struck notes and noisy
///    synth textures count as percussive too.
///  - key and mode: a chroma vector of the whole excerpt (STFT of 8192 samples, spectral
///    peaks between 100 Hz and 2 kHz, each frame normalised to sum 1 so that loud passages
///    do not dominate) correlated with the 24 rotations of the Krumhansl-Kessler major and
///    minor profiles. mode = the better of the best major and the best minor key;
///    modeConfidence = the difference of those two correlations (0..2). The relative
///    major/minor pair (C major / A minor) share their notes, so low confidences are
///    common and such a mode is a guess.
///  - loudness (dBFS): RMS of the excerpt before any normalisation.
///  - brightness (Hz): spectral centroid of the excerpt's power spectrum.
/// Stateless; thread: any (several at once).
class RealRecordingProxies {
public:
    static constexpr int kSampleRate = 22050;     ///< Hz, the model's rate
    static constexpr double kMaxSeconds = 180.0;  ///< longest excerpt measured (middle of the song)
    static constexpr double kMinTempoBpm = 40.0;
    static constexpr double kMaxTempoBpm = 240.0;

    struct Values {
        double tempoBpm = 0.0;
        double tempoStrength = 0.0;  ///< 0..1
        double percussiveShare = 0.0; ///< 0..1
        int keyTonic = 0;             ///< pitch class of the best key, 0 = C
        std::string mode;             ///< "major" or "minor"
        double modeConfidence = 0.0;  ///< best correlation of that mode minus best of the other
        double loudnessDbfs = 0.0;
        double brightnessHz = 0.0;
        double analysedSeconds = 0.0;

        nlohmann::json toJson() const;
    };

    /// All proxies of a mono signal at kSampleRate. Throws emotrace::Error naming `source`
    /// for audio shorter than 5 s or silent.
    static Values compute(std::span<const float> mono, const std::string& source);

    /// The tempo alone (BPM, strength 0..1), same method as compute().
    static std::pair<double, double> tempo(std::span<const float> mono);
    /// The percussive share alone.
    static double percussiveShare(std::span<const float> mono);
    /// The 12-bin chroma (sums to 1) of compute().
    static std::array<double, 12> chroma(std::span<const float> mono);
    /// Best key of a chroma: {tonic, minor?, confidence}.
    struct Key {
        int tonic = 0;
        bool minor = false;
        double confidence = 0.0;
    };
    static Key key(const std::array<double, 12>& chroma);
};

} // namespace emotrace
