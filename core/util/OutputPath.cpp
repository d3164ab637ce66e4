#include "util/OutputPath.h"

#include "util/Error.h"

namespace emotrace {

void OutputPath::check(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs)
{
    std::error_code ec;
    const auto status = std::filesystem::status(output, ec);
    if (ec || !std::filesystem::exists(status)) return;
    if (!std::filesystem::is_regular_file(status))
        throw Error(output.string() + ": exists and is not a regular file; refusing to replace it");
    for (const auto& input : inputs) {
        std::error_code same;
        if (std::filesystem::equivalent(output, input, same) && !same)
            throw Error(output.string() + ": is the input " + input.string() + "; refusing to overwrite it");
    }
}

} // namespace emotrace
