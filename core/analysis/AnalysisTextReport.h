#pragma once

#include <string>

#include "analysis/AnalysisResult.h"

namespace emotrace {

/// Formats an AnalysisResult as the plain-text table the command line prints: the song
/// and model, arousal and valence, the mid-level values, and the effect of each feature
/// on each target (absolute and relative, signed), features sorted by their share.
std::string formatAnalysisTable(const AnalysisResult& result);

} // namespace emotrace
