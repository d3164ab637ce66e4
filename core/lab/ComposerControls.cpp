#include "lab/ComposerControls.h"

#include <random>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace emotrace {

namespace {

struct StyleName {
    Style style;
    const char* name;
};

constexpr StyleName kStyles[] = {{Style::Ballad, "ballad"}, {Style::March, "march"},     {Style::Dance, "dance"},
                                 {Style::Jazz, "jazz"},     {Style::Ambient, "ambient"}, {Style::HipHop, "hiphop"},
                                 {Style::Chorale, "chorale"}, {Style::Film, "film"},   {Style::Rock, "rock"},
                                 {Style::Metal, "metal"},     {Style::Electronic, "electronic"}, {Style::Folk, "folk"},
                                 {Style::SoloPiano, "solo-piano"}, {Style::Orchestral, "orchestral"}};

} // namespace

const char* styleName(Style style)
{
    for (const auto& s : kStyles)
        if (s.style == style) return s.name;
    return "ballad";
}

Style styleFromName(const std::string& name)
{
    std::string valid;
    for (const auto& s : kStyles) {
        if (name == s.name) return s.style;
        valid += std::string(valid.empty() ? "" : ", ") + s.name;
    }
    throw Error("unknown style '" + name + "' (one of: " + valid + ")");
}

const std::vector<Style>& allStyles()
{
    static const std::vector<Style> styles = [] {
        std::vector<Style> v;
        for (const auto& s : kStyles) v.push_back(s.style);
        return v;
    }();
    return styles;
}

namespace {

/// The draw shared by random() and classic(): the style among the first `styleCount` of
/// allStyles(), then every knob in a fixed order, humanize last (so that the classic
/// draw, which stops before it, gives the knobs of the first lab for a seed).
ComposerControls drawControls(std::uint64_t seed, std::optional<Style> style, std::size_t styleCount, bool humanise)
{
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    ComposerControls c;
    const auto& styles = allStyles();
    const Style drawn = styles[std::size_t(rng() % styleCount)];
    c.style = style.value_or(drawn);
    c.durationSeconds = 20.0 + 25.0 * u(rng);
    c.tempo = 0.0;
    // Mid-level knobs spread over their whole range, with extra mass near the ends so
    // that clear cases (major/minor, steady/unsteady) are common.
    auto knob = [&] {
        const double x = u(rng);
        return x < 0.15 ? 0.0 : x > 0.85 ? 1.0 : (x - 0.15) / 0.7;
    };
    c.minorness = knob();
    c.tonalStability = 1.0 - 0.8 * knob() * u(rng);
    c.dissonance = knob() * (0.4 + 0.6 * u(rng));
    c.rhythmStability = 1.0 - knob() * u(rng);
    c.rhythmComplexity = knob();
    c.staccato = knob();
    c.melodiousness = knob();
    c.loudness = 0.2 + 0.8 * u(rng);
    c.registerShift = 2.0 * u(rng) - 1.0;
    c.density = u(rng);
    // drawn after every older control, so those keep their values for a seed
    if (!humanise) return c;
    c.humanize = 0.3 + 0.7 * u(rng);
    if (c.style == Style::Metal) c.minorness = 1.0 - (1.0 - c.minorness) * (1.0 - c.minorness);
    return c;
}

} // namespace

ComposerControls ComposerControls::random(std::uint64_t seed, std::optional<Style> style)
{
    return drawControls(seed, style, allStyles().size(), true);
}

ComposerControls ComposerControls::classic(std::uint64_t seed, std::optional<Style> style)
{
    return drawControls(seed, style, kClassicStyleCount, false);
}

void ComposerControls::validate() const
{
    auto unit = [](double v, const char* name) {
        if (!(v >= 0.0 && v <= 1.0)) throw Error(std::string("composer: ") + name + " must be in [0, 1]");
    };
    if (!(durationSeconds >= 10.0 && durationSeconds <= 60.0)) throw Error("composer: duration must be 10..60 s");
    if (!(tempo == 0.0 || (tempo >= 30.0 && tempo <= 240.0))) throw Error("composer: tempo must be 0 (style default) or 30..240 bpm");
    unit(minorness, "minorness");
    unit(tonalStability, "tonal_stability");
    unit(dissonance, "dissonance");
    unit(rhythmStability, "rhythm_stability");
    unit(rhythmComplexity, "rhythm_complexity");
    unit(staccato, "staccato");
    unit(melodiousness, "melodiousness");
    unit(loudness, "loudness");
    unit(density, "density");
    unit(humanize, "humanize");
    if (!(registerShift >= -1.0 && registerShift <= 1.0)) throw Error("composer: register must be in [-1, 1]");
}

nlohmann::json ComposerControls::toJson() const
{
    return {{"style", styleName(style)},
            {"duration_s", durationSeconds},
            {"tempo_bpm", tempo},
            {"minorness", minorness},
            {"tonal_stability", tonalStability},
            {"dissonance", dissonance},
            {"rhythm_stability", rhythmStability},
            {"rhythm_complexity", rhythmComplexity},
            {"staccato", staccato},
            {"melodiousness", melodiousness},
            {"loudness", loudness},
            {"register", registerShift},
            {"density", density},
            {"humanize", humanize}};
}

ComposerControls ComposerControls::fromJson(const nlohmann::json& j)
{
    ComposerControls c;
    try {
        c.style = styleFromName(j.value("style", std::string(styleName(c.style))));
        c.durationSeconds = j.value("duration_s", c.durationSeconds);
        c.tempo = j.value("tempo_bpm", c.tempo);
        c.minorness = j.value("minorness", c.minorness);
        c.tonalStability = j.value("tonal_stability", c.tonalStability);
        c.dissonance = j.value("dissonance", c.dissonance);
        c.rhythmStability = j.value("rhythm_stability", c.rhythmStability);
        c.rhythmComplexity = j.value("rhythm_complexity", c.rhythmComplexity);
        c.staccato = j.value("staccato", c.staccato);
        c.melodiousness = j.value("melodiousness", c.melodiousness);
        c.loudness = j.value("loudness", c.loudness);
        c.registerShift = j.value("register", c.registerShift);
        c.density = j.value("density", c.density);
        c.humanize = j.value("humanize", c.humanize); // absent in controls stored before it existed: 0
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("composer controls: ") + e.what());
    }
    c.validate();
    return c;
}

} // namespace emotrace
