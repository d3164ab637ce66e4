#pragma once

#include <string>

#include "analysis/AnalysisResult.h"

namespace emotrace {

/// Formats an AnalysisResult as the plain-text table the command line prints: the song
/// and model, arousal and valence, the mid-level values (with the training means m_bar
/// when the model has a baseline), the effect of each feature on each target (absolute
/// and relative, signed), features sorted by their share, then the baseline row and
/// baseline + effects (= the prediction).
std::string formatAnalysisTable(const AnalysisResult& result);

} // namespace emotrace
