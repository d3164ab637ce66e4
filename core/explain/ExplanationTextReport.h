#pragma once

#include <string>

#include "explain/SourceExplanation.h"

namespace emotrace {

/// The plain-text report `emotrace-cli explain` prints: per target (the seven features,
/// then the emotions) the model's prediction, the fit of the local model (R^2), and the
/// components ranked by audioLIME weight, each with its Shapley value when exact.
std::string formatExplanationTable(const SourceExplanation& explanation);

} // namespace emotrace
