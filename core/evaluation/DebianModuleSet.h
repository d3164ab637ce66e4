#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emotrace {

/// The tracker modules that the real-stems check renders (issue 11), from two Debian
/// packages and no others (the other game packages' music is kept apart for an
/// independent check):
///   tecnoballz-data   /usr/share/games/tecnoballz/musics/*.mod   (15 MOD files)
///   tomatoes-data     /usr/share/tomatoes/music/*                (1 IT file)
/// Stateless; any thread.
class DebianModuleSet {
public:
    struct Module {
        std::string package;          ///< the Debian package
        std::filesystem::path file;
    };

    /// The modules under `root` (normally "/"; tests pass another root), sorted by
    /// package then file name. Throws emotrace::Error, one line naming the missing
    /// package(s) and how to install them, when a package's folder holds no module.
    static std::vector<Module> find(const std::filesystem::path& root = "/");
};

} // namespace emotrace
