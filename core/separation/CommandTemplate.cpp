#include "separation/CommandTemplate.h"

#include <array>
#include <string_view>
#include <utility>

#include "util/Error.h"

namespace emotrace {

CommandTemplate::CommandTemplate(const std::string& spec)
{
    m_text = presetTemplate(spec);
    const bool preset = !m_text.empty();
    if (!preset) m_text = spec;
    m_arguments = split(m_text);
    if (m_arguments.empty()) throw Error("command separator: empty command (use demucs, spleeter, umx or a template)");
    if (!preset && (m_text.find("{input}") == std::string::npos || m_text.find("{output}") == std::string::npos))
        throw Error("command separator '" + spec + "': the template needs {input} and {output}");
}

std::string CommandTemplate::presetTemplate(const std::string& preset)
{
    if (preset == "demucs") return "demucs -n htdemucs -o {output} {input}";
    if (preset == "spleeter") return "spleeter separate -p spleeter:5stems -d {duration} -o {output} {input}";
    if (preset == "umx") return "umx {input} --outdir {output}";
    return {};
}

std::vector<std::string> CommandTemplate::expand(const Values& values) const
{
    const std::array<std::pair<std::string_view, const std::string*>, 4> placeholders{{
        {"{input}", &values.input},
        {"{output}", &values.output},
        {"{track}", &values.track},
        {"{duration}", &values.duration},
    }};
    std::vector<std::string> expanded;
    expanded.reserve(m_arguments.size());
    for (const std::string& argument : m_arguments) {
        std::string out;
        for (std::size_t at = 0; at < argument.size();) {
            const std::string_view rest = std::string_view(argument).substr(at);
            bool replaced = false;
            for (const auto& [name, value] : placeholders) {
                if (rest.starts_with(name)) {
                    out += *value;
                    at += name.size();
                    replaced = true;
                    break;
                }
            }
            if (!replaced) out += argument[at++];
        }
        expanded.push_back(std::move(out));
    }
    return expanded;
}

std::vector<std::string> CommandTemplate::split(const std::string& text)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (inWord) words.push_back(std::move(word));
            word.clear();
            inWord = false;
        } else if (c == '\'') {
            const std::size_t close = text.find('\'', i + 1);
            if (close == std::string::npos) throw Error("command template: unterminated ' quote in: " + text);
            word += text.substr(i + 1, close - i - 1);
            i = close;
            inWord = true;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < text.size() && text[j] != '"'; ++j) {
                // Inside double quotes a backslash escapes only " and \, as in sh.
                if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) ++j;
                word += text[j];
            }
            if (j >= text.size()) throw Error("command template: unterminated \" quote in: " + text);
            i = j;
            inWord = true;
        } else if (c == '\\') {
            if (i + 1 >= text.size()) throw Error("command template: trailing backslash in: " + text);
            word += text[++i];
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words.push_back(std::move(word));
    return words;
}

} // namespace emotrace
