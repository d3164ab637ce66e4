#include "separation/MaskNetworkConfig.h"

#include <set>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace emotrace {

void MaskNetworkConfig::validate(const std::string& source) const
{
    auto fail = [&](const std::string& what) { throw Error(source + ": " + what); };
    if (sampleRate < 8000 || sampleRate > 192000) fail("sample_rate must be 8000..192000 Hz");
    if (fftSize < 256 || fftSize > 8192 || (fftSize & (fftSize - 1)) != 0) fail("fft_size must be a power of two in 256..8192");
    if (hopSize < 1 || hopSize > fftSize) fail("hop_size must be 1..fft_size");
    if (hidden < 8 || hidden > 2048 || hidden % 2 != 0) fail("hidden must be an even number in 8..2048");
    if (recurrentLayers < 1 || recurrentLayers > 6) fail("recurrent_layers must be 1..6");
    if (stems.size() < 2 || stems.size() > 8) fail("stems must name 2..8 sources");
    if (std::set<std::string>(stems.begin(), stems.end()).size() != stems.size()) fail("stems must be distinct");
    for (const auto& s : stems)
        if (s.empty()) fail("a stem name is empty");
}

nlohmann::json MaskNetworkConfig::toJson() const
{
    return {{"sample_rate", sampleRate}, {"fft_size", fftSize},     {"hop_size", hopSize},
            {"hidden", hidden},          {"recurrent_layers", recurrentLayers}, {"stems", stems}};
}

MaskNetworkConfig MaskNetworkConfig::fromJson(const nlohmann::json& json, const std::string& source)
{
    if (!json.is_object()) throw Error(source + ": \"network\" must be an object");
    MaskNetworkConfig c;
    try {
        c.sampleRate = json.value("sample_rate", c.sampleRate);
        c.fftSize = json.value("fft_size", c.fftSize);
        c.hopSize = json.value("hop_size", c.hopSize);
        c.hidden = json.value("hidden", c.hidden);
        c.recurrentLayers = json.value("recurrent_layers", c.recurrentLayers);
        c.stems = json.value("stems", c.stems);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": invalid network description (" + std::string(e.what()) + ")");
    }
    c.validate(source);
    return c;
}

} // namespace emotrace
