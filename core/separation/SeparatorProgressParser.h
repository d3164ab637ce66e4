#pragma once

#include <optional>
#include <string_view>

namespace emotrace {

/// Turns the output lines of a separation tool into progress percentages. Demucs,
/// Spleeter and Open-Unmix show tqdm bars (" 45%|████▌     | 52.6/117.0 [00:10<00:12]"),
/// redrawn with '\r'; the percentage of a line is its last "NN%" (decimals dropped, only
/// 0..100 counts), so "Separating 3 files: 100%" and "45.5%" both read as expected.
///
/// Thread: one parser per run, used on the thread that reads the tool's output.
class SeparatorProgressParser {
public:
    /// The last percentage (0..100) in line, or none.
    static std::optional<int> percentIn(std::string_view line);

    /// Reads one line; returns its percentage when it has one that differs from the last
    /// one returned (so a redrawn bar reports each value once). A tool that runs several
    /// bars (a bag of models) starts again at 0: that is reported as it is.
    std::optional<int> feed(std::string_view line);

private:
    int m_last = -1; ///< the last percentage returned, -1 before the first
};

} // namespace emotrace
