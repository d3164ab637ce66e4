#pragma once

#include <cmath>
#include <string>
#include <utility>

#include "train/CsvTable.h"
#include "util/InputFile.h"
#include "util/Error.h"

namespace emotrace {

/// Maps a rating from a data set's raw scale [lo, hi] to [0, 1], reading it from a CSV
/// field; a value outside the scale (beyond a 1e-6 slack) is an error naming the
/// file, line and column. Thread: any.
class LabelScale {
public:
    /// A reader's first check: the scale must have max > min ("<source>: ..." otherwise).
    static void requireValid(std::pair<double, double> range, const std::string& sourceName)
    {
        if (!(std::isfinite(range.first) && std::isfinite(range.second) && range.second > range.first))
            throw Error(sourceName + ": label range must be finite with max > min");
    }

    static float normalised(const CsvTable& table, const CsvTable::Row& row, int column, std::pair<double, double> range)
    {
        const double v = table.number(row, column);
        const double span = range.second - range.first;
        if (v < range.first - 1e-6 || v > range.second + 1e-6)
            throw Error(table.source() + ":" + std::to_string(row.line) + ": column \"" + InputFile::printable(table.header().at(std::size_t(column)))
                        + "\": " + table.text(row, column) + " is outside the scale [" + number(range.first) + ", "
                        + number(range.second) + "]");
        return float((v - range.first) / span);
    }

private:
    static std::string number(double v)
    {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
};

} // namespace emotrace
