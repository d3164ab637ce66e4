#include "production/ProductionSettings.h"

#include <algorithm>
#include <random>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "production/SettingsCheck.h"
#include "util/Error.h"

namespace emotrace {

namespace {

/// What sets one stem's draw apart from another's (frequencies in Hz, levels in dB).
struct StemProfile {
    double highPassLo, highPassHi;  ///< high-pass range; 0, 0 = none
    double peakLo, peakHi;          ///< peaking band's centre range
    double peakDbLo, peakDbHi;      ///< its gain range
    double lowShelfBiasDb;          ///< added to the drawn low shelf
    double send;                    ///< typical reverb send (dry intensity)
    double panSpread;               ///< |pan| up to this
    double widthLo, widthHi;        ///< width range
    double attackLoMs, attackHiMs;  ///< compressor attack range at intensity 0 (ms; 0.05..0.3 at 1)
    double saturation;              ///< 0..1: how much of the drawn saturation this stem takes
};

const StemProfile& profile(Stem stem)
{
    // vocals: presence band, little low end; drums: boxiness cut, slower attack keeps the
    // hit; bass: mono, low shelf up; piano and other: wide, panned, roomier
    static const StemProfile vocals{70, 140, 1500, 5000, -1, 4, -2, 0.25, 0.1, 0.6, 1.0, 2, 20, 0.6};
    static const StemProfile drums{0, 0, 250, 600, -5, 1, 1, 0.12, 0.05, 0.8, 1.2, 5, 30, 1.0};
    static const StemProfile bass{25, 40, 600, 1200, -1, 4, 1.5, 0.03, 0.05, 0.0, 0.4, 5, 30, 1.0};
    static const StemProfile piano{30, 90, 300, 3000, -4, 3, 0, 0.25, 0.5, 0.8, 1.3, 2, 20, 0.5};
    static const StemProfile other{50, 150, 300, 3000, -4, 4, 0, 0.3, 0.6, 0.8, 1.4, 2, 20, 0.8};
    switch (stem) {
    case Stem::Vocals: return vocals;
    case Stem::Drums: return drums;
    case Stem::Bass: return bass;
    case Stem::Piano: return piano;
    case Stem::Other: return other;
    }
    return other;
}

double lerp(double a, double b, double x)
{
    return a + (b - a) * x;
}

/// splitmix64 finaliser: independent streams for (seed, stream)
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream)
{
    std::uint64_t z = seed * 0x9e3779b97f4a7c15ull + stream + 0x50524f44ull; // "PROD"
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/// One draw per call, in a fixed order: every statement below draws at most once, so the
/// result never depends on the compiler's evaluation order.
class Draws {
public:
    explicit Draws(std::uint64_t seed) : m_rng(seed) {}
    double operator()() { return m_unit(m_rng); }
    double in(double lo, double hi) { return lerp(lo, hi, (*this)()); }

private:
    std::mt19937_64 m_rng;
    std::uniform_real_distribution<double> m_unit{0.0, 1.0};
};

StemProduction drawStem(Stem stem, std::uint64_t seed, double t)
{
    const StemProfile& p = profile(stem);
    Draws u(streamSeed(seed, std::uint64_t(stem) + 1));
    StemProduction s;
    s.gainDb = u.in(-3.0, 3.0);

    const double highPass = u.in(p.highPassLo, p.highPassHi);
    s.eq.highPassHz = p.highPassHi > 0.0 ? highPass : 0.0;
    s.eq.lowShelfHz = u.in(80.0, 250.0);
    s.eq.lowShelfDb = std::clamp(u.in(-3.0, 3.0) + p.lowShelfBiasDb + 1.5 * t, -15.0, 15.0);
    s.eq.peakHz = u.in(p.peakLo, p.peakHi);
    s.eq.peakQ = u.in(0.5, 2.0);
    s.eq.peakDb = u.in(p.peakDbLo, p.peakDbHi);
    s.eq.highShelfHz = u.in(4000.0, 12000.0);
    s.eq.highShelfDb = u.in(-2.0, 2.0) + 5.0 * t;

    // compression: little at 0 (ratio 1.15..1.5 from 6..12 dB under the peak, slow attack
    // and release: the transients pass), heavy at 1 (ratio 3.4..9 from 18..24 dB under it,
    // attack 0.05..0.3 ms and release 15..60 ms: the body comes up to the peaks)
    const double amount = u.in(0.3, 1.0);
    s.compressor.ratio = 1.0 + amount * lerp(0.5, 8.0, t);
    s.compressor.thresholdDb = -u.in(6.0, 12.0) - 12.0 * t;
    s.compressor.kneeDb = u.in(2.0, 10.0);
    const double attack = u();
    s.compressor.attackMs = lerp(lerp(p.attackLoMs, p.attackHiMs, attack), lerp(0.05, 0.3, attack), t);
    const double release = u();
    s.compressor.releaseMs = lerp(lerp(80.0, 300.0, release), lerp(15.0, 60.0, release), t);
    s.compressor.makeupDb = 0.0;
    s.compressor.autoMakeup = true;

    // saturation: none at 0, on every stem at 1 (more on drums, bass and "other")
    s.saturator.driveDb = t * u.in(3.0, 15.0);
    s.saturator.mix = t * p.saturation * u.in(0.3, 1.0);

    // the amp: drawn for the lab to switch on (off here)
    s.ampEnabled = false;
    s.amp.inputHighPassHz = u.in(80.0, 160.0);
    s.amp.gainDb = u.in(24.0, 48.0);
    s.amp.asymmetry = u.in(0.1, 0.5);
    s.amp.bassDb = u.in(-3.0, 3.0);
    s.amp.midDb = u.in(-4.0, 4.0);
    s.amp.trebleDb = u.in(-3.0, 4.0);
    s.amp.cabinetHz = u.in(3500.0, 5500.0);
    s.amp.cabinetResonanceDb = u.in(1.0, 6.0);
    s.amp.outputDb = 0.0;

    s.reverbSend = std::clamp(p.send * u.in(0.5, 1.5) * (1.0 - 0.6 * t), 0.0, 1.0);
    s.pan = p.panSpread * u.in(-1.0, 1.0);
    s.width = std::clamp(u.in(p.widthLo, p.widthHi) + 0.15 * t * (p.widthHi > 0.5 ? 1.0 : 0.0), 0.0, 1.5);
    return s;
}

// ---- JSON ----------------------------------------------------------------------------

nlohmann::json eqJson(const StemEqualizer::Settings& e)
{
    return {{"high_pass_hz", e.highPassHz}, {"low_shelf_hz", e.lowShelfHz}, {"low_shelf_db", e.lowShelfDb},
            {"peak_hz", e.peakHz},          {"peak_q", e.peakQ},            {"peak_db", e.peakDb},
            {"high_shelf_hz", e.highShelfHz}, {"high_shelf_db", e.highShelfDb}};
}

nlohmann::json compressorJson(const Compressor::Settings& c)
{
    return {{"threshold_db", c.thresholdDb}, {"ratio", c.ratio},           {"knee_db", c.kneeDb},
            {"attack_ms", c.attackMs},       {"release_ms", c.releaseMs}, {"makeup_db", c.makeupDb},
            {"auto_makeup", c.autoMakeup}};
}

nlohmann::json ampJson(bool enabled, const AmpSimulator::Settings& a)
{
    nlohmann::json j = a.toJson();
    j["enabled"] = enabled;
    return j;
}

nlohmann::json stemJson(const StemProduction& s)
{
    return {{"gain_db", s.gainDb},
            {"eq", eqJson(s.eq)},
            {"compressor", compressorJson(s.compressor)},
            {"saturator", {{"drive_db", s.saturator.driveDb}, {"mix", s.saturator.mix}}},
            {"amp", ampJson(s.ampEnabled, s.amp)},
            {"reverb_send", s.reverbSend},
            {"pan", s.pan},
            {"width", s.width}};
}

/// json[key] into value when present; a wrong type is an Error naming the key.
template <typename T>
void read(const nlohmann::json& j, const char* key, T& value)
{
    if (!j.contains(key)) return;
    const nlohmann::json& v = j.at(key);
    const bool fits = std::is_same_v<T, bool> ? v.is_boolean() : v.is_number();
    if (!fits) throw Error(std::string(key) + " must be " + (std::is_same_v<T, bool> ? "true or false" : "a number") + " (got " + v.dump() + ")");
    value = v.get<T>();
}

/// Runs f, prefixing any Error's message with "name: ".
template <typename F>
void within(const std::string& name, F f)
{
    try {
        f();
    } catch (const Error& e) {
        throw Error(name + ": " + e.what());
    }
}

const nlohmann::json& object(const nlohmann::json& j, const char* key)
{
    static const nlohmann::json empty = nlohmann::json::object();
    if (!j.contains(key)) return empty;
    const nlohmann::json& o = j.at(key);
    if (!o.is_object()) throw Error(std::string("'") + key + "' must be an object");
    return o;
}

StemProduction stemFromJson(const nlohmann::json& j)
{
    StemProduction s;
    read(j, "gain_db", s.gainDb);
    within("eq", [&] {
        const nlohmann::json& e = object(j, "eq");
        read(e, "high_pass_hz", s.eq.highPassHz);
        read(e, "low_shelf_hz", s.eq.lowShelfHz);
        read(e, "low_shelf_db", s.eq.lowShelfDb);
        read(e, "peak_hz", s.eq.peakHz);
        read(e, "peak_q", s.eq.peakQ);
        read(e, "peak_db", s.eq.peakDb);
        read(e, "high_shelf_hz", s.eq.highShelfHz);
        read(e, "high_shelf_db", s.eq.highShelfDb);
    });
    within("compressor", [&] {
        const nlohmann::json& c = object(j, "compressor");
        read(c, "threshold_db", s.compressor.thresholdDb);
        read(c, "ratio", s.compressor.ratio);
        read(c, "knee_db", s.compressor.kneeDb);
        read(c, "attack_ms", s.compressor.attackMs);
        read(c, "release_ms", s.compressor.releaseMs);
        read(c, "makeup_db", s.compressor.makeupDb);
        read(c, "auto_makeup", s.compressor.autoMakeup);
    });
    within("saturator", [&] {
        const nlohmann::json& sat = object(j, "saturator");
        read(sat, "drive_db", s.saturator.driveDb);
        read(sat, "mix", s.saturator.mix);
    });
    within("amp", [&] {
        const nlohmann::json& a = object(j, "amp");
        read(a, "enabled", s.ampEnabled);
        s.amp = AmpSimulator::Settings::fromJson(a);
    });
    read(j, "reverb_send", s.reverbSend);
    read(j, "pan", s.pan);
    read(j, "width", s.width);
    return s;
}

/// Runs check(), prefixing any Error's message with context.
template <typename Check>
void withContext(const std::string& context, Check check)
{
    try {
        check();
    } catch (const Error& e) {
        throw Error("production: " + context + ": " + e.what());
    }
}

} // namespace

ProductionSettings ProductionSettings::draw(std::uint64_t seed, double intensity)
{
    SettingsCheck::inRange("production", "intensity", intensity, 0.0, 1.0);
    const double t = intensity;
    ProductionSettings settings;
    for (Stem stem : allStems()) settings.stem(stem) = drawStem(stem, seed, t);

    Draws u(streamSeed(seed, 0));
    // larger, darker rooms when dry and soft; short, bright ones when dense
    const double room = u();
    settings.room.rt60Seconds = lerp(lerp(1.4, 3.2, room), lerp(0.5, 1.2, room), t);
    settings.room.preDelayMs = u.in(5.0, 45.0);
    settings.room.damping = std::clamp(u.in(0.3, 0.8) - 0.25 * t, 0.0, 1.0);

    settings.bus.driveDb = t * u.in(6.0, 12.0);
    settings.bus.ceilingDb = u.in(-1.0, -0.2);
    settings.bus.releaseMs = u.in(40.0, 200.0);
    settings.bus.lookaheadMs = u.in(1.5, 5.0);
    settings.validate();
    return settings;
}

void ProductionSettings::validate() const
{
    for (Stem stem : allStems()) withContext(stemName(stem), [&] { this->stem(stem).validate(); });
    withContext("room", [&] { room.validate(); });
    withContext("bus", [&] { bus.validate(); });
}

nlohmann::json ProductionSettings::toJson() const
{
    nlohmann::json stemsJson = nlohmann::json::object();
    for (Stem s : allStems()) stemsJson[stemName(s)] = stemJson(stem(s));
    return {{"stems", stemsJson},
            {"room", {{"rt60_s", room.rt60Seconds}, {"pre_delay_ms", room.preDelayMs}, {"damping", room.damping}}},
            {"bus",
             {{"drive_db", bus.driveDb}, {"ceiling_db", bus.ceilingDb}, {"release_ms", bus.releaseMs}, {"lookahead_ms", bus.lookaheadMs}}}};
}

ProductionSettings ProductionSettings::fromJson(const nlohmann::json& json)
{
    ProductionSettings settings;
    within("production", [&] {
        if (!json.is_object()) throw Error("settings must be a JSON object");
        const nlohmann::json& stemsJson = object(json, "stems");
        for (const auto& [name, value] : stemsJson.items()) {
            const auto& stems = allStems();
            const auto it = std::find_if(stems.begin(), stems.end(), [&](Stem s) { return name == stemName(s); });
            if (it == stems.end()) throw Error("unknown stem '" + name + "'");
            if (!value.is_object()) throw Error("stem '" + name + "' must be an object");
            within(name, [&] { settings.stem(*it) = stemFromJson(value); });
        }
        within("room", [&] {
            const nlohmann::json& r = object(json, "room");
            read(r, "rt60_s", settings.room.rt60Seconds);
            read(r, "pre_delay_ms", settings.room.preDelayMs);
            read(r, "damping", settings.room.damping);
        });
        within("bus", [&] {
            const nlohmann::json& b = object(json, "bus");
            read(b, "drive_db", settings.bus.driveDb);
            read(b, "ceiling_db", settings.bus.ceilingDb);
            read(b, "release_ms", settings.bus.releaseMs);
            read(b, "lookahead_ms", settings.bus.lookaheadMs);
        });
    });
    settings.validate();
    return settings;
}

} // namespace emotrace
