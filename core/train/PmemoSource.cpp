#include "train/PmemoSource.h"

#include "train/CsvTable.h"
#include "train/LabelScale.h"
#include "util/Error.h"

namespace emotrace {

std::vector<TrainingExample> PmemoSource::read(const std::filesystem::path& root, const std::string& sourceName,
                                               std::pair<double, double> range)
{
    LabelScale::requireValid(range, sourceName);
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) throw Error(root.string() + ": PMEmo folder not found");
    const CsvTable table = CsvTable::read(root / "annotations" / "static_annotations.csv");
    const int idColumn = table.column("musicId");
    const int arousal = table.column("Arousal(mean)");
    const int valence = table.column("Valence(mean)");
    std::vector<TrainingExample> items;
    for (const auto& row : table.rows()) {
        TrainingExample item;
        item.id = table.requiredText(row, idColumn);
        item.emotions = std::array<float, 2>{LabelScale::normalised(table, row, arousal, range),
                                             LabelScale::normalised(table, row, valence, range)};
        item.audio = table.listedFile(row, root / "chorus" / (item.id + ".mp3"));
        item.source = sourceName;
        item.tag = sourceName;
        items.push_back(std::move(item));
    }
    if (items.empty()) throw Error(table.source() + ": no songs listed");
    return items;
}

} // namespace emotrace
