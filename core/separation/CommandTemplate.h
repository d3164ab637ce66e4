#pragma once

#include <string>
#include <vector>

namespace emotrace {

/// A separator's command line: a preset name or a template, split into arguments like a
/// shell would split words (blanks separate; '...' is literal; "..." and a backslash escape
/// quote characters) but never run through a shell: no variables, globs, pipes or
/// redirections. Placeholders are replaced inside each argument after splitting, so paths
/// with spaces stay one argument:
///   {input}     the song's absolute path;
///   {output}    the folder the separator writes into;
///   {track}     the song's file stem ("song" for song.mp3), the folder name the tools use;
///   {duration}  the song's duration in whole seconds, rounded up, plus one.
/// Other text in braces stays as it is. Presets:
///   demucs    demucs -n htdemucs -o {output} {input}
///   spleeter  spleeter separate -p spleeter:5stems -d {duration} -o {output} {input}
///             (-d: Spleeter stops at 600 s by default; longer songs would lose their end)
///   umx       umx {input} --outdir {output}
/// A custom template must use {input} and {output}.
///
/// A value; immutable after construction, so any thread may use a const one.
class CommandTemplate {
public:
    /// What the placeholders stand for in one run.
    struct Values {
        std::string input;
        std::string output;
        std::string track;
        std::string duration;
    };

    /// spec: "demucs", "spleeter", "umx" or a template. Throws Error for an empty command,
    /// a malformed template or a custom one without {input} and {output}.
    explicit CommandTemplate(const std::string& spec);

    /// The template's text (a preset's template for a preset): what identifies the command.
    const std::string& text() const { return m_text; }
    /// The arguments before placeholder replacement; never empty.
    const std::vector<std::string>& arguments() const { return m_arguments; }
    /// The program to run: the first argument.
    const std::string& program() const { return m_arguments.front(); }

    /// The arguments with every placeholder replaced (replaced text is not scanned again, so
    /// a path that contains "{output}" stays as it is).
    std::vector<std::string> expand(const Values& values) const;

    /// The template of a preset ("demucs", "spleeter", "umx"), or empty for other names.
    static std::string presetTemplate(const std::string& preset);

    /// Shell-like word splitting without any expansion (see the class comment).
    /// Throws Error for an unterminated quote or a trailing backslash.
    static std::vector<std::string> split(const std::string& text);

private:
    std::string m_text;
    std::vector<std::string> m_arguments;
};

} // namespace emotrace
