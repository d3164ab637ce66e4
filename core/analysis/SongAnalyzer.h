#pragma once

#include <filesystem>

#include "analysis/AnalysisResult.h"
#include "audio/AudioBuffer.h"
#include "dsp/LogSpectrogramFrontEnd.h"
#include "model/BatchPredictor.h"
#include "model/ModelPackage.h"
#include "util/Progress.h"

namespace emotrace {

/// Level one of EmoTrace for one song: decode (native rate and channels), mono at the
/// model's rate, the paper's spectrogram, the model over fixed windows (WindowPlan), and
/// whole-song mid-level values, emotions and effects (against the model's
/// EmotionBaseline: baseline + effects = emotions). Owns its model: create it on the
/// thread that runs it (a worker thread in the GUI) and use it from there only.
class SongAnalyzer {
public:
    SongAnalyzer(LoadedModel model, AnalysisSettings settings = {});

    /// Throws emotrace::Error naming the file for unreadable or silent audio, and
    /// emotrace::Cancelled when the progress's cancel flag is raised.
    AnalysisResult analyze(const std::filesystem::path& song, const Progress& progress = {});

    /// The same on audio already decoded (song fills the result's identity).
    AnalysisResult analyzeAudio(const AudioBuffer& audio, SongInfo song, const Progress& progress = {});

    /// From a mono signal at the model's rate onwards.
    AnalysisResult analyzeMono(const std::vector<float>& mono, SongInfo song, const Progress& progress = {});

    const LoadedModel& model() const { return m_model; }
    const AnalysisSettings& settings() const { return m_settings; }

private:
    LoadedModel m_model;
    AnalysisSettings m_settings;
    LogSpectrogramFrontEnd m_frontEnd;
    BatchPredictor m_predictor;
};

} // namespace emotrace
