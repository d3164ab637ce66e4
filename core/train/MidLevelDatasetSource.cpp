#include "train/MidLevelDatasetSource.h"

#include "vocab/MidLevelLabels.h"
#include "train/CsvTable.h"
#include "train/LabelScale.h"
#include "util/Error.h"

namespace emotrace {

std::vector<TrainingExample> MidLevelDatasetSource::read(const std::filesystem::path& root, const std::string& sourceName,
                                                         std::pair<double, double> range)
{
    LabelScale::requireValid(range, sourceName);
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) throw Error(root.string() + ": mid-level data set folder not found");
    const CsvTable table = CsvTable::read(root / "metadata_annotations" / "annotations.csv");
    const int idColumn = table.column("song_id");
    std::vector<int> columns;
    for (const auto& name : MidLevelLabels::featureNames()) columns.push_back(table.column(name));
    std::vector<TrainingExample> items;
    for (const auto& row : table.rows()) {
        TrainingExample item;
        item.id = table.requiredText(row, idColumn);
        std::array<float, 7> m{};
        for (std::size_t k = 0; k < 7; ++k) m[k] = LabelScale::normalised(table, row, columns[k], range);
        item.midLevel = m;
        item.audio = table.listedFile(row, root / "audio" / (item.id + ".mp3"));
        item.source = sourceName;
        item.tag = sourceName;
        items.push_back(std::move(item));
    }
    if (items.empty()) throw Error(table.source() + ": no songs listed");
    return items;
}

} // namespace emotrace
