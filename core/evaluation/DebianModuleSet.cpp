#include "evaluation/DebianModuleSet.h"

#include <algorithm>
#include <cctype>

#include "util/Error.h"

namespace emotrace {

namespace {

struct Source {
    const char* package;
    const char* folder;    ///< relative to the root
    const char* extension; ///< lower-case with dot, or empty for every file
};

constexpr Source kSources[] = {
    {"tecnoballz-data", "usr/share/games/tecnoballz/musics", ".mod"},
    {"tomatoes-data", "usr/share/tomatoes/music", ""},
};

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

std::vector<DebianModuleSet::Module> DebianModuleSet::find(const std::filesystem::path& root)
{
    std::vector<Module> modules;
    std::vector<std::string> missing;
    std::filesystem::path firstMissing;
    for (const Source& source : kSources) {
        std::vector<std::filesystem::path> files;
        std::error_code ec;
        const auto folder = root / source.folder;
        if (std::filesystem::is_directory(folder, ec))
            for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
                if (entry.is_regular_file() && (!*source.extension || lower(entry.path().extension().string()) == source.extension))
                    files.push_back(entry.path());
        if (files.empty()) {
            if (missing.empty()) firstMissing = folder;
            missing.push_back(source.package);
            continue;
        }
        std::sort(files.begin(), files.end());
        for (auto& f : files) modules.push_back({source.package, std::move(f)});
    }
    if (!missing.empty()) {
        std::string names;
        for (const auto& m : missing) names += (names.empty() ? "" : " ") + m;
        throw Error(firstMissing.string() + ": no tracker modules; the real-stems check needs the Debian package" +
                    (missing.size() > 1 ? "s " : " ") + names + " (apt-get install " + names + ")");
    }
    return modules;
}

} // namespace emotrace
