#pragma once

namespace emotrace {

/// Parameters of the paper's audio front end (madmom's LogarithmicFilteredSpectrogram
/// with fps 31.3). The defaults are the paper's; model.json records them.
struct FrontEndParameters {
    int sampleRate = 22050;     ///< Hz, mono
    int frameSize = 2048;       ///< samples per frame = FFT size
    double framesPerSecond = 31.3;
    int bandsPerOctave = 24;
    double minFrequency = 20.0;    ///< Hz
    double maxFrequency = 16000.0; ///< Hz
    double referenceFrequency = 440.0; ///< Hz, A4

    /// Hop in samples, fractional: sampleRate / fps = 704.4728434504792 for the paper.
    double hop() const { return double(sampleRate) / framesPerSecond; }

    bool operator==(const FrontEndParameters&) const = default;
};

} // namespace emotrace
