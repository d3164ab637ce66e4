#include "separation/SeparatorFactory.h"

#include <string_view>

#include "separation/BuiltinSeparator.h"
#include "separation/CommandSeparator.h"
#include "separation/LearnedSeparator.h"
#include "separation/StemFolderSeparator.h"
#include "separation/TorchScriptSeparator.h"
#include "util/Error.h"

namespace emotrace {

std::string SeparatorFactory::acceptedForms()
{
    return "learned (the shipped learned separator), learned:DIR (a separator package), builtin, stems:DIR, command:demucs, command:spleeter, command:umx, command:TEMPLATE (with {input} and "
           "{output}) or model:FILE";
}

std::unique_ptr<Separator> SeparatorFactory::create(const std::string& spec)
{
    const auto argumentOf = [&](std::string_view prefix) -> std::string {
        const std::string argument = spec.substr(prefix.size());
        if (argument.empty()) throw Error("separator '" + spec + "': missing the part after '" + std::string(prefix) + "'");
        return argument;
    };
    if (spec == "builtin") return std::make_unique<BuiltinSeparator>();
    if (spec == "learned") {
        const auto folder = SeparatorPackage::defaultFolder();
        if (folder.empty())
            throw Error(std::string("separator 'learned': the shipped separator ") + SeparatorPackage::kDefaultName +
                        " is not installed; use learned:DIR or builtin");
        return std::make_unique<LearnedSeparator>(LearnedSeparator::fromFolder(folder, "learned"));
    }
    if (spec.starts_with("learned:")) {
        const std::string folder = argumentOf("learned:");
        return std::make_unique<LearnedSeparator>(LearnedSeparator::fromFolder(folder, spec));
    }
    if (spec.starts_with("stems:")) return std::make_unique<StemFolderSeparator>(argumentOf("stems:"));
    if (spec.starts_with("command:")) return std::make_unique<CommandSeparator>(argumentOf("command:"));
    if (spec.starts_with("model:")) return std::make_unique<TorchScriptSeparator>(argumentOf("model:"));
    throw Error("unknown separator '" + spec + "': use " + acceptedForms());
}

std::string SeparatorFactory::defaultSpec()
{
    const auto folder = SeparatorPackage::defaultFolder();
    return !folder.empty() && SeparatorPackage::recommendedDefault(folder) ? "learned" : "builtin";
}

} // namespace emotrace
