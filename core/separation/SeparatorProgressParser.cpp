#include "separation/SeparatorProgressParser.h"

namespace emotrace {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<int> SeparatorProgressParser::percentIn(std::string_view line)
{
    for (std::size_t at = line.rfind('%'); at != std::string_view::npos && at > 0; at = line.rfind('%', at - 1)) {
        // The number just before '%': digits, optionally with decimals ("45.5%").
        std::size_t end = at;
        std::size_t start = end;
        while (start > 0 && isDigit(line[start - 1])) --start;
        if (start > 0 && start < end && line[start - 1] == '.') {
            end = start - 1; // the integer part
            start = end;
            while (start > 0 && isDigit(line[start - 1])) --start;
        }
        if (start == end || end - start > 3) continue; // no number, or far above 100
        int value = 0;
        for (std::size_t i = start; i < end; ++i) value = value * 10 + (line[i] - '0');
        if (value <= 100) return value;
    }
    return std::nullopt;
}

std::optional<int> SeparatorProgressParser::feed(std::string_view line)
{
    const std::optional<int> percent = percentIn(line);
    if (!percent || *percent == m_last) return std::nullopt;
    m_last = *percent;
    return percent;
}

} // namespace emotrace
