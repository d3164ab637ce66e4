#pragma once

#include <vector>

namespace emotrace {

/// The five stems of the paper's separation layout (Spleeter 5 stems). Shared by the
/// lab (which renders them), the separators and the benchmarks that score them.
enum class Stem { Vocals, Drums, Bass, Piano, Other };

/// Stem name as files use it: "vocals", "drums", "bass", "piano", "other".
const char* stemName(Stem stem);
/// All five in file order.
const std::vector<Stem>& allStems();

} // namespace emotrace
