#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/AudioBuffer.h"
#include "util/Progress.h"

namespace emotrace {

/// Renders a tracker module (MOD, XM, IT, S3M and the rest libopenmpt reads) with any set
/// of its instruments muted, through libopenmpt's C++ interactive extension
/// (openmpt::module_ext, openmpt::ext::interactive::set_instrument_mute_status).
///
/// "Instrument" is what the module plays notes with: its instruments when it has any
/// (openmpt::module::get_num_instruments() > 0, e.g. XM and most IT), else its samples
/// (MOD, sample-mode IT), which libopenmpt then mutes by sample index through the same
/// call, as its interface documents. Indexes are 0-based (tracker number − 1).
///
/// Every render starts from the module's beginning in a fresh libopenmpt module: stereo
/// float32 at Settings::sampleRate, no looping (repeat count 0, play.at_end = stop), master
/// gain 0 mB, stereo separation and interpolation as Settings say (the Amiga resampler
/// emulation is off so that the interpolation setting applies to MOD files too), default
/// volume ramping. With these settings libopenmpt's mixer is linear in its voices: the
/// renders of disjoint instrument sets add up to the render of their union to within
/// ~1e-6 of the signal (−120 dB; its integer mixing rounds per voice).
///
/// Thread: lives on the thread that uses it; render() is const and may run on several
/// threads at once (each makes its own libopenmpt module).
class ModuleRenderer {
public:
    struct Settings {
        int sampleRate = 44100;             ///< Hz
        int interpolationTaps = 8;          ///< libopenmpt's filter length: 1, 2, 4 or 8 (windowed sinc)
        int stereoSeparationPercent = 100;  ///< libopenmpt's default
    };

    /// One instrument (or sample, in a module without instruments).
    struct Instrument {
        int index = 0;          ///< 0-based
        std::string name;       ///< as stored in the module (often empty or a credit line)
        /// Distinct notes (C-0..B-9) the patterns play it at, over the whole order list;
        /// 0 = the module never plays it.
        int distinctNotes = 0;
    };

    /// Reads and checks the module. Throws emotrace::Error "<file>: <problem>" when the
    /// file cannot be read or is not a module libopenmpt can load.
    ModuleRenderer(const std::filesystem::path& file, Settings settings);
    /// With the default Settings.
    explicit ModuleRenderer(const std::filesystem::path& file);

    const std::filesystem::path& file() const { return m_file; }
    const Settings& settings() const { return m_settings; }
    /// libopenmpt's type of the module ("mod", "xm", "it", ...) and its title.
    const std::string& format() const { return m_format; }
    const std::string& title() const { return m_title; }
    /// The whole song's length as libopenmpt estimates it, seconds.
    double songSeconds() const { return m_songSeconds; }
    /// True when the instruments are the module's instruments, false when its samples.
    bool instrumentMode() const { return m_instrumentMode; }
    const std::vector<Instrument>& instruments() const { return m_instruments; }

    /// The module from its start for at most maxSeconds (less when the song ends first)
    /// with only the instruments i where audible[i] is true sounding. audible must have
    /// one flag per instrument (else Error). Checks the cancel flag between blocks.
    AudioBuffer render(const std::vector<bool>& audible, double maxSeconds, const Progress& progress = {}) const;
    /// Every instrument audible.
    AudioBuffer renderAll(double maxSeconds, const Progress& progress = {}) const;

private:
    std::filesystem::path m_file;
    Settings m_settings;
    std::vector<char> m_data;
    std::string m_format;
    std::string m_title;
    double m_songSeconds = 0.0;
    bool m_instrumentMode = false;
    std::vector<Instrument> m_instruments;
};

} // namespace emotrace
