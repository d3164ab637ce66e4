#include "train/CsvTable.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "util/InputFile.h"
#include "util/Error.h"

namespace emotrace {

namespace {

std::string trimmed(const std::string& s)
{
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

CsvTable CsvTable::read(const std::filesystem::path& file)
{
    InputFile::requireRegularFile(file, "a CSV table", kMaxBytes);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(InputFile::printable(file) + ": unreadable");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(InputFile::printable(file) + ": read error");
    return parse(text.str(), file.string());
}

CsvTable CsvTable::parse(const std::string& input, const std::string& source)
{
    CsvTable table;
    table.m_source = InputFile::printable(source);
    std::size_t i = 0;
    if (input.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
    int line = 1;
    std::vector<Row> records;
    Row current{line, {}};
    std::string field;
    bool inQuotes = false, rowHasContent = false;
    int quoteLine = 0;
    auto endField = [&] {
        current.fields.push_back(field);
        field.clear();
    };
    auto endRow = [&] {
        endField();
        const bool blank = current.fields.size() == 1 && trimmed(current.fields[0]).empty() && !rowHasContent;
        if (!blank) records.push_back(std::move(current));
        current = Row{line, {}};
        rowHasContent = false;
    };
    for (; i < input.size(); ++i) {
        const char c = input[i];
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < input.size() && input[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n') ++line;
                if (c != '\r') field += c;
            }
            continue;
        }
        if (c == '"') {
            // A quote opens a quoted field only at its start (spaces before it allowed).
            if (trimmed(field).empty()) {
                field.clear();
                inQuotes = rowHasContent = true;
                quoteLine = line;
            } else {
                field += c;
            }
        } else if (c == ',') {
            endField();
            rowHasContent = true;
        } else if (c == '\r') {
            if (i + 1 < input.size() && input[i + 1] == '\n') continue;
            ++line;
            endRow();
        } else if (c == '\n') {
            ++line;
            endRow();
        } else {
            field += c;
        }
    }
    if (inQuotes) throw Error(table.m_source + ":" + std::to_string(quoteLine) + ": unterminated quoted field");
    if (!field.empty() || !current.fields.empty() || rowHasContent) endRow();
    if (records.empty()) throw Error(table.m_source + ": empty CSV file (no header row)");
    for (const auto& name : records.front().fields) table.m_header.push_back(trimmed(name));
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].fields.size() != table.m_header.size())
            throw Error(table.m_source + ":" + std::to_string(records[r].line) + ": " + std::to_string(records[r].fields.size())
                        + " fields, but the header has " + std::to_string(table.m_header.size()));
        table.m_rows.push_back(std::move(records[r]));
    }
    return table;
}

int CsvTable::findColumn(const std::string& name) const
{
    const std::string wanted = lower(trimmed(name));
    for (std::size_t c = 0; c < m_header.size(); ++c)
        if (lower(m_header[c]) == wanted) return int(c);
    return -1;
}

int CsvTable::column(const std::string& name) const
{
    const int c = findColumn(name);
    if (c >= 0) return c;
    std::string list;
    for (const auto& h : m_header) list += (list.empty() ? "" : ", ") + InputFile::printable(h);
    throw Error(m_source + ": no column \"" + InputFile::printable(name) + "\" (columns: " + list + ")");
}

std::string CsvTable::text(const Row& row, int col) const
{
    return trimmed(row.fields.at(std::size_t(col)));
}

std::string CsvTable::requiredText(const Row& row, int col) const
{
    std::string t = text(row, col);
    if (t.empty())
        throw Error(m_source + ":" + std::to_string(row.line) + ": column \"" + InputFile::printable(m_header.at(std::size_t(col)))
                    + "\": empty");
    return t;
}

const std::filesystem::path& CsvTable::listedFile(const Row& row, const std::filesystem::path& file) const
{
    const std::string listed = " (listed in " + m_source + ":" + std::to_string(row.line) + ")";
    // A NUL would cut the name the system sees ("1\0x.mp3" opens "1"): never a file.
    if (file.native().find('\0') != std::string::npos)
        throw Error(InputFile::printable(file) + ": invalid file name (it contains a NUL byte)" + listed);
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::directory) throw Error(InputFile::printable(file) + ": is a directory, not a file" + listed);
    if (std::filesystem::exists(status) && status.type() != std::filesystem::file_type::regular)
        throw Error(InputFile::printable(file) + ": not a regular file (a FIFO, socket or device)" + listed);
    if (status.type() != std::filesystem::file_type::regular) throw Error(InputFile::printable(file) + ": missing" + listed);
    return file;
}

double CsvTable::number(const Row& row, int col) const
{
    const std::string t = text(row, col);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value))
        throw Error(m_source + ":" + std::to_string(row.line) + ": column \"" + InputFile::printable(m_header.at(std::size_t(col)))
                    + "\": \"" + InputFile::printable(t) + "\" is not a number");
    return value;
}

} // namespace emotrace
