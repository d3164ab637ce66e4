#include "separation/StemWriter.h"

#include "util/Error.h"

namespace emotrace {

std::vector<std::filesystem::path> StemWriter::writeAll(const StemSet& stems, const std::filesystem::path& folder,
                                                        const std::string& prefix, AudioEncoder::Format format)
{
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(folder.string() + ": cannot create folder (" + ec.message() + ")");
    const char* extension = format == AudioEncoder::Format::Flac ? ".flac" : ".wav";
    std::vector<std::filesystem::path> written;
    for (std::size_t i = 0; i < stems.size(); ++i) {
        written.push_back(folder / (prefix + stems.names[i] + extension));
        AudioEncoder::write(written.back(), stems.stems[i], format, 24);
    }
    return written;
}

AudioBuffer StemWriter::mix(const StemSet& stems, const std::vector<std::uint8_t>& keep)
{
    if (stems.size() == 0) throw Error("stem mix: there are no stems");
    if (keep.size() != stems.size())
        throw Error("stem mix: " + std::to_string(keep.size()) + " flags for " + std::to_string(stems.size()) + " stems");
    AudioBuffer out;
    out.sampleRate = stems.stems.front().sampleRate;
    out.channels = stems.stems.front().channels;
    out.samples.assign(stems.stems.front().samples.size(), 0.0f);
    for (std::size_t i = 0; i < stems.size(); ++i) {
        if (!keep[i]) continue;
        const auto& s = stems.stems[i].samples;
        if (s.size() != out.samples.size()) throw Error("stem mix: stem \"" + stems.names[i] + "\" differs in length from the others");
        for (std::size_t k = 0; k < s.size(); ++k) out.samples[k] += s[k];
    }
    return out;
}

} // namespace emotrace
