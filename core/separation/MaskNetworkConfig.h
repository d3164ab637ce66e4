#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace emotrace {

/// The shape of a learned separator (MaskNetwork) and of its spectral front end, as
/// separator.json stores it under "network". A value type.
///
/// The network sees the short-time Fourier transform of the mix at sampleRate Hz (Hann
/// window of fftSize samples, hop of hopSize samples, centred frames): fftSize / 2 + 1
/// bins per frame. Defaults: 44100 Hz, 2048 / 512 (46 ms window, 11.6 ms hop, 21.5 Hz bins).
struct MaskNetworkConfig {
    int sampleRate = 44100;      ///< Hz
    int fftSize = 2048;          ///< samples
    int hopSize = 512;           ///< samples
    int hidden = 128;            ///< width of the frame encoder and of the recurrent state (both directions together)
    int recurrentLayers = 2;     ///< bidirectional LSTM layers
    std::vector<std::string> stems{"vocals", "drums", "bass", "piano", "other"};

    int bins() const { return fftSize / 2 + 1; }
    /// Throws emotrace::Error naming `source` for values outside sane ranges (an FFT size
    /// that is not a power of two in 256..8192, a hop outside 1..fftSize, hidden not even
    /// or outside 8..2048, 1..6 layers, 2..8 distinct stem names, a rate outside 8000..192000).
    void validate(const std::string& source) const;

    nlohmann::json toJson() const;
    static MaskNetworkConfig fromJson(const nlohmann::json& json, const std::string& source);
};

} // namespace emotrace
