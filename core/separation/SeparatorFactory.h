#pragma once

#include <memory>
#include <string>

#include "separation/Separator.h"

namespace emotrace {

/// Makes a separator from a one-line spec, as the command line and the settings store it:
///   learned                              LearnedSeparator with the shipped package
///                                        (SeparatorPackage::defaultFolder())
///   learned:DIR                          LearnedSeparator with the package in DIR
///   builtin                              BuiltinSeparator (classical masks, no weights)
///   stems:DIR                            StemFolderSeparator(DIR): precomputed stems
///   command:demucs|spleeter|umx          CommandSeparator with a preset
///   command:TEMPLATE                     CommandSeparator with {input} and {output} in
///                                        TEMPLATE, e.g. "command:mysep -i {input} -o {output}"
///   model:FILE                           TorchScriptSeparator(FILE)
/// Every separator's name() is its spec, so create(separator.name()) recreates it.
/// CommandSeparator gets its default cache root and timeout.
/// Errors: emotrace::Error for an unknown spec (listing these forms), an empty DIR, FILE or
/// TEMPLATE, and whatever the chosen constructor throws (a TorchScript file is loaded
/// here). Stateless; callable from any thread; the separator lives on the calling thread.
class SeparatorFactory {
public:
    static std::unique_ptr<Separator> create(const std::string& spec);

    /// The separator used when none is chosen: "learned" when the shipped package is
    /// installed and its separator.json says "recommended_default": true (its card's
    /// measurements beat the classical separator), else "builtin".
    static std::string defaultSpec();

    /// The accepted forms, one line, for help texts and error messages.
    static std::string acceptedForms();
};

} // namespace emotrace
