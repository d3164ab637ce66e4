#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace emotrace {

/// A small CSV file read whole: a header row and data rows of string fields. Handles a
/// UTF-8 byte-order mark, CRLF or LF line ends, fields in double quotes (with "" for a
/// quote and line breaks inside), and spaces around column names (" valence_mean" is
/// found as "valence_mean"). Blank lines are skipped. Every error names the file, the
/// line (1-based, as an editor counts them) and, for a field, the column. A value type;
/// thread: any.
class CsvTable {
public:
    struct Row {
        int line = 0; ///< 1-based line where the row starts
        std::vector<std::string> fields;
    };

    /// Throws emotrace::Error for an unreadable file, an empty file, an unterminated
    /// quote, or a row whose field count differs from the header's.
    static CsvTable read(const std::filesystem::path& file);
    /// Same, from text already in memory; `source` names it in errors.
    static CsvTable parse(const std::string& text, const std::string& source);

    const std::string& source() const { return m_source; }
    /// Column names with surrounding spaces removed.
    const std::vector<std::string>& header() const { return m_header; }
    const std::vector<Row>& rows() const { return m_rows; }

    /// Index of a column (name compared after trimming, case-insensitively); -1 when absent.
    int findColumn(const std::string& name) const;
    /// Like findColumn, but throws emotrace::Error "<file>: no column "<name>" (columns: ...)".
    int column(const std::string& name) const;

    /// The field of a row, trimmed of spaces.
    std::string text(const Row& row, int column) const;
    /// The field, which must not be empty; throws emotrace::Error "<file>:<line>: column
    /// "<name>": empty".
    std::string requiredText(const Row& row, int column) const;
    /// A file a row names, which must exist; throws emotrace::Error "<file>: missing
    /// (listed in <table>:<line>)".
    const std::filesystem::path& listedFile(const Row& row, const std::filesystem::path& file) const;
    /// The field as a finite number; throws emotrace::Error "<file>:<line>: column
    /// "<name>": "<text>" is not a number".
    double number(const Row& row, int column) const;

private:
    std::string m_source;
    std::vector<std::string> m_header;
    std::vector<Row> m_rows;
};

} // namespace emotrace
