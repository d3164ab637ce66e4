#pragma once

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace emotrace {

/// Checks made before a file is opened, and the text that names it in an error. Opening
/// a FIFO blocks, reading a folder fails deep inside a stream, and a file name may hold
/// any byte: every reader calls requireRegularFile() first and quotes names through
/// printable(). Thread: any.
class InputFile {
public:
    /// Text fit for a one-line error message: control characters (NUL, line breaks,
    /// escape...), DEL and bytes that are not UTF-8 written as \xNN, valid UTF-8 as it is.
    static std::string printable(std::string_view text);
    /// A path as printable text (only for paths: strings take the overload above).
    template <typename Path>
        requires std::same_as<Path, std::filesystem::path>
    static std::string printable(const Path& path)
    {
        return printable(std::string_view(path.native()));
    }

    /// Length of the valid UTF-8 sequence that starts at text[i]; 0 when the byte there
    /// does not start one (overlong forms and surrogates are not valid).
    static std::size_t utf8SequenceLength(std::string_view text, std::size_t i);

    /// Throws emotrace::Error unless `file` is a regular file (after following links) of
    /// at most maxBytes: "<file>: missing", "<file>: is a directory, not a file", "<file>:
    /// not a regular file (a FIFO, socket or device), expected <what>", "<file>: too large
    /// for <what> (...)". `what` names the content ("a training config"). Returns the size.
    static std::uintmax_t requireRegularFile(const std::filesystem::path& file, const std::string& what = "this file",
                                             std::uintmax_t maxBytes = std::uintmax_t(1) << 30);
};

} // namespace emotrace
