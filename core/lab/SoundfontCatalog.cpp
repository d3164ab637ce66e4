#include "lab/SoundfontCatalog.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>

#include "util/Error.h"

namespace emotrace {

namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

bool isReadableFile(const std::filesystem::path& file)
{
    std::error_code ec;
    // status() follows links: a dangling alternatives link is not a font.
    if (!std::filesystem::is_regular_file(file, ec) || ec) return false;
    return std::ifstream(file, std::ios::binary).good();
}

} // namespace

SoundfontCatalog::SoundfontCatalog()
    : SoundfontCatalog(std::vector<Entry>{
          {"fluidr3", {"/usr/share/sounds/sf2/FluidR3_GM.sf2"}, "fluid-soundfont-gm",
           "Fluid R3 General MIDI (148 MB, the richest of the three)"},
          {"musescore",
           {"/usr/share/sounds/sf3/MuseScore_General.sf3", "/usr/share/sounds/sf3/MuseScore_General_Full.sf3"},
           "musescore-general-soundfont",
           "MuseScore General (SF3: Ogg-compressed, several seconds to load)"},
          {"timgm6mb", {"/usr/share/sounds/sf2/TimGM6mb.sf2"}, "timgm6mb-soundfont",
           "TimGM6mb (6 MB, small and fast to load)"},
          {"opl3", {"/usr/share/sounds/sf2/OPL-3_FM_128M.sf2"}, "opl3-soundfont",
           "OPL-3 FM General MIDI (Yamaha FM synthesis, the sound of 1990s PC game music)"},
          {"black-pearl", {"/usr/share/sounds/sf2/Black_Pearl_4_LV2.sf2"}, "avldrums.lv2-soundfont",
           "AVL Black Pearl 4-piece: a recorded acoustic drum kit (drums only)"},
          {"red-zeppelin", {"/usr/share/sounds/sf2/Red_Zeppelin_4_LV2.sf2"}, "avldrums.lv2-soundfont",
           "AVL Red Zeppelin 4-piece: a recorded acoustic drum kit (drums only)"},
      })
{
}

SoundfontCatalog::SoundfontCatalog(std::vector<Entry> entries) : m_entries(std::move(entries))
{
    for (auto& e : m_entries) e.name = lower(e.name);
}

const SoundfontCatalog::Entry* SoundfontCatalog::entry(const std::string& name) const
{
    const std::string key = lower(name);
    const auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.name == key; });
    return it == m_entries.end() ? nullptr : &*it;
}

std::vector<std::string> SoundfontCatalog::available() const
{
    std::vector<std::string> names;
    for (const auto& e : m_entries)
        if (!find(e.name).empty()) names.push_back(e.name);
    return names;
}

std::filesystem::path SoundfontCatalog::find(const std::string& name) const
{
    const Entry* e = entry(name);
    if (!e) return {};
    for (const auto& file : e->files)
        if (isReadableFile(file)) return file;
    return {};
}

std::filesystem::path SoundfontCatalog::resolve(const std::string& nameOrPath) const
{
    if (nameOrPath.empty()) throw Error("soundfont: no name or path given");
    if (const Entry* e = entry(nameOrPath)) {
        if (auto file = find(e->name); !file.empty()) return file;
        const std::string where = e->files.empty() ? std::string("no file") : e->files.front().string();
        throw Error("soundfont \"" + e->name + "\": " + where + " is missing (install the Debian package " +
                    e->package + ")");
    }
    // Anything that looks like a file name is taken as a path; other words are names.
    const std::filesystem::path path(nameOrPath);
    const std::string ext = lower(path.extension().string());
    if (nameOrPath.find('/') != std::string::npos || ext == ".sf2" || ext == ".sf3") {
        std::error_code ec;
        const auto status = std::filesystem::status(path, ec);
        if (status.type() == std::filesystem::file_type::not_found) throw Error(nameOrPath + ": no such soundfont file");
        if (status.type() == std::filesystem::file_type::directory)
            throw Error(nameOrPath + ": is a directory, not a soundfont file");
        if (!isReadableFile(path)) throw Error(nameOrPath + ": cannot read soundfont file");
        return path;
    }
    std::string names;
    for (const auto& e : m_entries) names += (names.empty() ? "" : ", ") + e.name;
    throw Error("unknown soundfont \"" + nameOrPath + "\" (known: " + names + "; or give a .sf2/.sf3 path)");
}

std::filesystem::path SoundfontCatalog::defaultFont() const
{
    for (const auto& e : m_entries)
        if (auto file = find(e.name); !file.empty()) return file;
    std::string packages;
    for (const auto& e : m_entries) packages += (packages.empty() ? "" : " ") + e.package;
    throw Error("soundfont: none installed (install one of the Debian packages " + packages + ")");
}

} // namespace emotrace
