#include "util/InputFile.h"

#include <cstdio>
#include <system_error>

#include "util/Error.h"

namespace emotrace {

std::size_t InputFile::utf8SequenceLength(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    std::uint32_t code = 0;
    if ((c & 0xE0) == 0xC0) { n = 2; code = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 3; code = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 4; code = c & 0x07; }
    else return 0;
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[n] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return n;
}

std::string InputFile::printable(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8SequenceLength(text, i);
        const auto c = static_cast<unsigned char>(text[i]);
        if (n == 0 || c < 0x20 || c == 0x7F) {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", unsigned(c));
            out += hex;
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::uintmax_t InputFile::requireRegularFile(const std::filesystem::path& file, const std::string& what, std::uintmax_t maxBytes)
{
    const std::string name = printable(file);
    if (file.native().find('\0') != std::string::npos) throw Error(name + ": invalid file name (it contains a NUL byte)");
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::not_found) throw Error(name + ": missing");
    if (ec) throw Error(name + ": cannot be read (" + ec.message() + ")");
    if (status.type() == std::filesystem::file_type::directory) throw Error(name + ": is a directory, not a file");
    if (status.type() != std::filesystem::file_type::regular)
        throw Error(name + ": not a regular file (a FIFO, socket or device), expected " + what);
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) throw Error(name + ": cannot be read (" + ec.message() + ")");
    if (size > maxBytes)
        throw Error(name + ": too large for " + what + " (" + std::to_string(size) + " bytes, at most " + std::to_string(maxBytes) + ")");
    return size;
}

} // namespace emotrace
