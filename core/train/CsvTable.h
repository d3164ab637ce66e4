#pragma once

#include <cstddef>
#include <cstdint>
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

    /// Largest file read() accepts.
    static constexpr std::uintmax_t kMaxBytes = std::uintmax_t(256) << 20;

    /// Throws emotrace::Error for a missing or unreadable file, a directory, FIFO or
    /// device instead of a file, one over kMaxBytes, an empty file, an unterminated
    /// quote, or a row whose field count differs from the header's. Names, ids and
    /// fields quoted in errors have control characters escaped (\x00).
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
    /// A file a row names, which must be a regular file; throws emotrace::Error "<file>:
    /// missing (listed in <table>:<line>)" (or "is a directory, not a file", "not a
    /// regular file", "invalid file name" for a name with a NUL byte).
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
