#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emotrace {

/// The soundfonts the music lab renders with (General MIDI sets and drum kits), as Debian installs them. Each
/// entry has a short name ("fluidr3"), its file and the Debian package that ships it, so
/// that a missing font can be reported with the command that fixes it.
///
/// Known fonts (in order of preference for defaultFont()):
///   "fluidr3"   /usr/share/sounds/sf2/FluidR3_GM.sf2          fluid-soundfont-gm (148 MB)
///   "musescore" /usr/share/sounds/sf3/MuseScore_General.sf3   musescore-general-soundfont
///                (an alternatives link; MuseScore_General_Full.sf3 beside it is used
///                when the link is missing)
///   "timgm6mb"  /usr/share/sounds/sf2/TimGM6mb.sf2             timgm6mb-soundfont (6 MB)
///   "opl3"      /usr/share/sounds/sf2/OPL-3_FM_128M.sf2        opl3-soundfont (FM synthesis)
///   "black-pearl", "red-zeppelin"  /usr/share/sounds/sf2/{Black_Pearl,Red_Zeppelin}_4_LV2.sf2
///                avldrums.lv2-soundfont: recorded acoustic drum kits, drums only (the kit
///                is their bank 0 preset 0; PartRenderer falls back to it for percussion),
///                meant for the drum parts of the realistic lab (LabSongSpec::drumFont)
///
/// A plain value: immutable after construction, safe to use from any thread. It only looks
/// at the file system; it never loads a font.
class SoundfontCatalog {
public:
    struct Entry {
        std::string name;                          ///< short name, lower case
        std::vector<std::filesystem::path> files;  ///< candidates, first present one wins
        std::string package;                       ///< Debian package that installs it
        std::string description;                   ///< one line for a UI list
    };

    /// Debian's fonts as listed above.
    SoundfontCatalog();
    /// Any other set (another distribution, tests); names are matched case-insensitively.
    explicit SoundfontCatalog(std::vector<Entry> entries);

    /// Every font the catalog knows, present or not.
    const std::vector<Entry>& known() const { return m_entries; }

    /// Names of the fonts whose file is present, in catalog order.
    std::vector<std::string> available() const;

    /// The file of a known font when present, else empty.
    std::filesystem::path find(const std::string& name) const;

    /// A known name ("fluidr3", case-insensitive) or a path to a .sf2/.sf3 file. Throws
    /// emotrace::Error: for a known font that is missing, naming its file and the package
    /// that installs it; for a path that is not a readable regular file; for a word that is
    /// neither ("unknown soundfont "x" (known: fluidr3, musescore, timgm6mb)").
    std::filesystem::path resolve(const std::string& nameOrPath) const;

    /// The first present font in catalog order; Error naming all packages when none is.
    std::filesystem::path defaultFont() const;

private:
    const Entry* entry(const std::string& name) const;

    std::vector<Entry> m_entries;
};

} // namespace emotrace
