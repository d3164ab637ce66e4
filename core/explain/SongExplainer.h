#pragma once

#include <filesystem>
#include <optional>

#include "audio/AudioBuffer.h"
#include "explain/SourceExplanation.h"
#include "model/BatchPredictor.h"
#include "model/ModelPackage.h"
#include "separation/Separator.h"
#include "util/Progress.h"

namespace emotrace {

/// Level two of EmoTrace: separate the song, build interpretable components (stems x
/// temporal segments) over an excerpt of one model window, run the model on mixes of
/// them (spectrograms composed in the STFT domain, MixSpectrogramComposer), and explain
/// every mid-level feature and emotion with audioLIME (LimeExplainer) and, when every
/// mix was evaluated, exact Shapley values.
///
/// Excerpt: the model's window (default 40 s) taken from the middle of the song (or from
/// `excerptStartSeconds`); a shorter song is explained whole and loop-padded as the
/// reference does. Silence policy: a mix with no component left is the front end's
/// silence (an all-zero spectrogram), so the all-zeros perturbation has a finite
/// prediction (the reference code turns it into NaN and fails). Owns its model: lives
/// on the thread that runs it.
class SongExplainer {
public:
    struct Settings {
        double windowSeconds = 40.0;
        std::optional<double> excerptStartSeconds; ///< default: the middle of the song
        int segments = 1;                          ///< temporal segments per stem (1..16)
        LimeExplainer::Settings lime;              ///< kernel 0.25, ridge alpha 1, exhaustive up to 1024 mixes
    };

    SongExplainer(LoadedModel model, Settings settings);

    /// Seconds separated on each side of the excerpt beyond it (see explain()).
    static constexpr double kSeparationMarginSeconds = 5.0;

    /// Decodes the file, separates the excerpt (plus kSeparationMarginSeconds on each side,
    /// so memory does not grow with the song) and explains it; times in the result are
    /// song times. Throws emotrace::Error naming the file and the problem; Cancelled on
    /// cancel. stemsOut, when given, receives the excerpt's stems (for export or playback).
    SourceExplanation explain(const std::filesystem::path& song, Separator& separator, const Progress& progress = {},
                              StemSet* stemsOut = nullptr);
    /// On audio already decoded and separated (stems at the mix's rate and channels).
    SourceExplanation explainStems(const AudioBuffer& mix, const StemSet& stems, SongInfo song, const Progress& progress = {});

    const LoadedModel& model() const { return m_model; }

private:
    /// Explains `mix` (the song, or its excerpt starting offsetSeconds into the song) with
    /// song.sampleRate/channels/durationSeconds already set by the caller.
    SourceExplanation explainWindow(const AudioBuffer& mix, const StemSet& stems, SongInfo song, const Progress& progress,
                                    double offsetSeconds);

    LoadedModel m_model;
    Settings m_settings;
    BatchPredictor m_predictor;
};

} // namespace emotrace
