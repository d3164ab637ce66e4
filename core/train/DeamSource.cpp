#include "train/DeamSource.h"

#include <algorithm>

#include "train/CsvTable.h"
#include "train/LabelScale.h"
#include "util/Error.h"

namespace emotrace {

namespace {

/// root/name when it exists, else the first match below root (sorted walk), else empty.
std::filesystem::path locate(const std::filesystem::path& root, const std::string& name, bool directory)
{
    std::error_code ec;
    const auto direct = root / name;
    if (directory ? std::filesystem::is_directory(direct, ec) : std::filesystem::is_regular_file(direct, ec)) return direct;
    std::vector<std::filesystem::path> found;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->path().filename() == name && (directory ? it->is_directory() : it->is_regular_file())) found.push_back(it->path());
    }
    if (found.empty()) return {};
    std::sort(found.begin(), found.end());
    return found.front();
}

} // namespace

std::vector<TrainingExample> DeamSource::read(const std::filesystem::path& root, const std::string& sourceName,
                                              std::pair<double, double> range)
{
    LabelScale::requireValid(range, sourceName);
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) throw Error(root.string() + ": DEAM folder not found");
    const std::vector<std::string> names{"static_annotations_averaged_songs_1_2000.csv",
                                         "static_annotations_averaged_songs_2000_2058.csv"};
    const auto audioDir = locate(root, "MEMD_audio", true);
    if (audioDir.empty()) throw Error(root.string() + ": no MEMD_audio folder (DEAM audio) in or below it");
    std::vector<TrainingExample> items;
    int files = 0;
    for (const auto& name : names) {
        const auto file = locate(root, name, false);
        if (file.empty()) continue;
        ++files;
        const CsvTable table = CsvTable::read(file);
        const int idColumn = table.column("song_id");
        const int arousal = table.column("arousal_mean");
        const int valence = table.column("valence_mean");
        for (const auto& row : table.rows()) {
            TrainingExample item;
            item.id = table.requiredText(row, idColumn);
            item.emotions = std::array<float, 2>{LabelScale::normalised(table, row, arousal, range),
                                                 LabelScale::normalised(table, row, valence, range)};
            item.audio = table.listedFile(row, audioDir / (item.id + ".mp3"));
            item.source = sourceName;
            item.tag = sourceName;
            items.push_back(std::move(item));
        }
    }
    if (files == 0) throw Error(root.string() + ": neither " + names[0] + " nor " + names[1] + " found in or below it");
    if (items.empty()) throw Error(root.string() + ": the DEAM annotation files list no songs");
    return items;
}

} // namespace emotrace
