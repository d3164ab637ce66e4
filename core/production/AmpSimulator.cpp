#include "production/AmpSimulator.h"

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "production/Biquad.h"
#include "production/BufferLevels.h"
#include "production/DenormalGuard.h"
#include "production/SettingsCheck.h"
#include "production/SoftClip.h"
#include "util/Error.h"


namespace emotrace {

nlohmann::json AmpSimulator::Settings::toJson() const
{
    return {{"input_high_pass_hz", inputHighPassHz}, {"gain_db", gainDb},       {"asymmetry", asymmetry},
            {"bass_db", bassDb},                     {"mid_db", midDb},         {"treble_db", trebleDb},
            {"cabinet_hz", cabinetHz},               {"cabinet_resonance_db", cabinetResonanceDb},
            {"output_db", outputDb}};
}

AmpSimulator::Settings AmpSimulator::Settings::fromJson(const nlohmann::json& j)
{
    Settings a;
    const auto read = [&j](const char* key, double& value) {
        if (!j.contains(key)) return;
        if (!j.at(key).is_number()) throw Error(std::string(key) + " must be a number (got " + j.at(key).dump() + ")");
        value = j.at(key).get<double>();
    };
    read("input_high_pass_hz", a.inputHighPassHz);
    read("gain_db", a.gainDb);
    read("asymmetry", a.asymmetry);
    read("bass_db", a.bassDb);
    read("mid_db", a.midDb);
    read("treble_db", a.trebleDb);
    read("cabinet_hz", a.cabinetHz);
    read("cabinet_resonance_db", a.cabinetResonanceDb);
    read("output_db", a.outputDb);
    return a;
}

namespace {

constexpr double kButterworthQ = 0.7071067811865476;

/// Runs the buffer through the sections in turn.
void filter(AudioBuffer& buffer, const std::vector<Biquad::Settings>& sections)
{
    for (const auto& settings : sections) {
        Biquad section(settings, buffer.sampleRate);
        section.process(buffer);
    }
}

/// y = tanh(g·x + b) − tanh(b), in place.
void shape(AudioBuffer& buffer, float gain, float bias)
{
    const float offset = SoftClip::tanh(bias);
    for (float& s : buffer.samples) s = SoftClip::tanh(gain * s + bias) - offset;
}

} // namespace

void AmpSimulator::Settings::validate() const
{
    SettingsCheck::inRange("amp", "input_high_pass_hz", inputHighPassHz, 20.0, 600.0);
    SettingsCheck::inRange("amp", "gain_db", gainDb, 0.0, 60.0);
    SettingsCheck::inRange("amp", "asymmetry", asymmetry, 0.0, 0.9);
    SettingsCheck::inRange("amp", "bass_db", bassDb, -12.0, 12.0);
    SettingsCheck::inRange("amp", "mid_db", midDb, -12.0, 12.0);
    SettingsCheck::inRange("amp", "treble_db", trebleDb, -12.0, 12.0);
    SettingsCheck::inRange("amp", "cabinet_hz", cabinetHz, 2000.0, 8000.0);
    SettingsCheck::inRange("amp", "cabinet_resonance_db", cabinetResonanceDb, 0.0, 12.0);
    SettingsCheck::inRange("amp", "output_db", outputDb, -24.0, 12.0);
}

AmpSimulator::AmpSimulator(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

void AmpSimulator::process(AudioBuffer& buffer) const
{
    SettingsCheck::buffer("amp", buffer.sampleRate, buffer.channels, buffer.samples.size());
    if (buffer.samples.empty()) return;
    const DenormalGuard flush;
    const Settings& s = m_settings;
    const double inputRms = BufferLevels::rms(buffer);
    if (inputRms == 0.0) return; // silence stays silence

    using T = Biquad::Type;
    filter(buffer, {{T::HighPass, s.inputHighPassHz, kButterworthQ, 0.0}, {T::LowPass, 6500.0, kButterworthQ, 0.0}});

    const float stageGain = float(BufferLevels::fromDb(s.gainDb / 2.0));
    for (int stage = 0; stage < 2; ++stage) {
        shape(buffer, stageGain, float(s.asymmetry));
        filter(buffer, {{T::HighPass, 25.0, kButterworthQ, 0.0}});
    }

    std::vector<Biquad::Settings> toneAndCabinet;
    if (s.bassDb != 0.0) toneAndCabinet.push_back({T::LowShelf, 120.0, kButterworthQ, s.bassDb});
    if (s.midDb != 0.0) toneAndCabinet.push_back({T::Peaking, 650.0, 0.7, s.midDb});
    if (s.trebleDb != 0.0) toneAndCabinet.push_back({T::HighShelf, 3000.0, kButterworthQ, s.trebleDb});
    toneAndCabinet.push_back({T::HighPass, 80.0, kButterworthQ, 0.0});
    toneAndCabinet.push_back({T::LowPass, s.cabinetHz, kButterworthQ * BufferLevels::fromDb(s.cabinetResonanceDb), 0.0});
    toneAndCabinet.push_back({T::LowPass, 1.25 * s.cabinetHz, kButterworthQ, 0.0});
    toneAndCabinet.push_back({T::LowPass, 1.25 * s.cabinetHz, kButterworthQ, 0.0});
    filter(buffer, toneAndCabinet);

    const double outputRms = BufferLevels::rms(buffer);
    if (outputRms > 0.0) BufferLevels::scale(buffer, inputRms / outputRms * BufferLevels::fromDb(s.outputDb));
}

} // namespace emotrace
