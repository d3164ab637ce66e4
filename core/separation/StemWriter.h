#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/AudioBuffer.h"
#include "audio/AudioEncoder.h"
#include "separation/StemSet.h"

namespace emotrace {

/// Writes separated stems, and mixes of a subset of them (an explanation, its
/// complement, one perturbation), as audio files. Stateless; any thread.
class StemWriter {
public:
    /// Writes every stem to <folder>/<prefix><stem>.<wav|flac> (24-bit; each file atomic,
    /// see AudioEncoder) and returns the paths in stem order. Creates the folder. Throws
    /// emotrace::Error naming the folder or file.
    static std::vector<std::filesystem::path> writeAll(const StemSet& stems, const std::filesystem::path& folder,
                                                       const std::string& prefix, AudioEncoder::Format format);

    /// The sample-wise sum of the stems whose keep[i] != 0 (all stems share rate, channels
    /// and length; a StemSet guarantees it). Silence of the stems' shape when none is
    /// kept. Throws emotrace::Error when keep's size differs from the stem count or the
    /// set is empty.
    static AudioBuffer mix(const StemSet& stems, const std::vector<std::uint8_t>& keep);
};

} // namespace emotrace
