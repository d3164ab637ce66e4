#include "lab/ProductionPlan.h"

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace emotrace {

namespace {

/// Typical production intensity of a style (0 dynamic .. 1 brick-walled).
double styleIntensity(Style style)
{
    switch (style) {
    case Style::Metal: return 0.85;
    case Style::Rock:
    case Style::Electronic: return 0.75;
    case Style::Dance: return 0.7;
    case Style::HipHop: return 0.6;
    case Style::March: return 0.5;
    case Style::Orchestral:
    case Style::Film: return 0.45;
    case Style::Jazz: return 0.4;
    case Style::Folk:
    case Style::Ballad: return 0.35;
    case Style::Chorale: return 0.2;
    case Style::SoloPiano:
    case Style::Ambient: return 0.15;
    }
    return 0.5;
}

double number(const nlohmann::json& j, const char* key, double fallback)
{
    if (!j.contains(key)) return fallback;
    if (!j.at(key).is_number()) throw Error(std::string("production plan: ") + key + ": not a number");
    return j.at(key).get<double>();
}

} // namespace

ProductionPlan ProductionPlan::draw(std::uint64_t seed, Style style, double meanLeadPitch, const std::vector<std::string>& drumFonts)
{
    std::mt19937_64 rng(seed ^ 0x50524f44554345ull); // "PRODUCE"
    std::uniform_real_distribution<double> u(0.0, 1.0);
    ProductionPlan p;
    p.intensity = std::clamp(styleIntensity(style) + 0.5 * (u(rng) - 0.5), 0.0, 1.0);
    p.drumFont = drumFonts.empty() ? std::string() : drumFonts[std::size_t(u(rng) * double(drumFonts.size())) % drumFonts.size()];
    p.sungLead = u(rng) < 0.9;
    p.voice = VoiceSettings::draw(rng(), meanLeadPitch);
    p.ampGuitars = true;
    AmpSimulator::Settings& a = p.amp;
    const bool heavy = style == Style::Metal || (style == Style::Rock && u(rng) < 0.5);
    a.gainDb = heavy ? 34.0 + 16.0 * u(rng) : 14.0 + 16.0 * u(rng);
    a.asymmetry = 0.1 + 0.5 * u(rng);
    a.inputHighPassHz = 70.0 + 110.0 * u(rng);
    a.bassDb = -3.0 + 6.0 * u(rng);
    a.midDb = heavy ? -6.0 + 6.0 * u(rng) : -2.0 + 5.0 * u(rng);
    a.trebleDb = -2.0 + 5.0 * u(rng);
    a.cabinetHz = 3200.0 + 2800.0 * u(rng);
    a.cabinetResonanceDb = 1.0 + 5.0 * u(rng);
    p.production = ProductionSettings::draw(rng(), p.intensity);
    p.masterPeakDb = -3.0 + 2.9 * u(rng);
    if (u(rng) < 0.6) {
        static const char* codecs[] = {"mp3", "mp3", "aac", "vorbis"};
        static const int rates[] = {64, 96, 128, 160, 192, 256};
        p.codec = codecs[std::size_t(u(rng) * 4.0) % 4];
        p.codecKbps = rates[std::size_t(u(rng) * 6.0) % 6];
    }
    return p;
}

nlohmann::json ProductionPlan::toJson() const
{
    return {{"drum_font", drumFont},
            {"sung_lead", sungLead},
            {"voice", voice.toJson()},
            {"amp_guitars", ampGuitars},
            {"amp", amp.toJson()},
            {"intensity", intensity},
            {"production", production.toJson()},
            {"master_peak_db", masterPeakDb},
            {"codec", codec.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"format", codec}, {"kbps", codecKbps}}}};
}

ProductionPlan ProductionPlan::fromJson(const nlohmann::json& j)
{
    if (!j.is_object()) throw Error("production plan: not an object");
    ProductionPlan p;
    p.drumFont = j.value("drum_font", std::string());
    p.sungLead = j.value("sung_lead", true);
    if (j.contains("voice")) p.voice = VoiceSettings::fromJson(j.at("voice"));
    p.ampGuitars = j.value("amp_guitars", true);
    if (j.contains("amp")) {
        p.amp = AmpSimulator::Settings::fromJson(j.at("amp"));
        p.amp.validate();
    }
    p.intensity = number(j, "intensity", p.intensity);
    if (j.contains("production")) p.production = ProductionSettings::fromJson(j.at("production"));
    p.masterPeakDb = number(j, "master_peak_db", p.masterPeakDb);
    if (!(p.masterPeakDb >= -12.0 && p.masterPeakDb <= 0.0)) throw Error("production plan: master_peak_db must be in -12..0");
    if (j.contains("codec") && !j.at("codec").is_null()) {
        const auto& c = j.at("codec");
        p.codec = c.value("format", std::string());
        p.codecKbps = c.value("kbps", 0);
        if (p.codec != "mp3" && p.codec != "aac" && p.codec != "vorbis" && p.codec != "opus")
            throw Error("production plan: codec.format must be mp3, aac, vorbis or opus, got \"" + p.codec + "\"");
    }
    return p;
}

} // namespace emotrace
