#include "production/StemEqualizer.h"

#include <vector>

#include "production/Biquad.h"
#include "production/SettingsCheck.h"

namespace emotrace {

void StemEqualizer::Settings::validate() const
{
    SettingsCheck::zeroOrInRange("equalizer", "high_pass_hz", highPassHz, 20.0, 1000.0);
    SettingsCheck::inRange("equalizer", "low_shelf_hz", lowShelfHz, 20.0, 1000.0);
    SettingsCheck::inRange("equalizer", "low_shelf_db", lowShelfDb, -15.0, 15.0);
    SettingsCheck::inRange("equalizer", "peak_hz", peakHz, 40.0, 16000.0);
    SettingsCheck::inRange("equalizer", "peak_q", peakQ, 0.2, 10.0);
    SettingsCheck::inRange("equalizer", "peak_db", peakDb, -15.0, 15.0);
    SettingsCheck::inRange("equalizer", "high_shelf_hz", highShelfHz, 1000.0, 20000.0);
    SettingsCheck::inRange("equalizer", "high_shelf_db", highShelfDb, -15.0, 15.0);
}

bool StemEqualizer::Settings::isNeutral() const
{
    return highPassHz == 0.0 && lowShelfDb == 0.0 && peakDb == 0.0 && highShelfDb == 0.0;
}

StemEqualizer::StemEqualizer(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

void StemEqualizer::process(AudioBuffer& buffer) const
{
    if (m_settings.isNeutral()) return;
    const Settings& s = m_settings;
    std::vector<Biquad::Settings> bands;
    if (s.highPassHz > 0.0) bands.push_back({Biquad::Type::HighPass, s.highPassHz, 0.7071067811865476, 0.0});
    if (s.lowShelfDb != 0.0) bands.push_back({Biquad::Type::LowShelf, s.lowShelfHz, 0.7071067811865476, s.lowShelfDb});
    if (s.peakDb != 0.0) bands.push_back({Biquad::Type::Peaking, s.peakHz, s.peakQ, s.peakDb});
    if (s.highShelfDb != 0.0) bands.push_back({Biquad::Type::HighShelf, s.highShelfHz, 0.7071067811865476, s.highShelfDb});
    for (const auto& band : bands) {
        Biquad filter(band, buffer.sampleRate);
        filter.process(buffer);
    }
}

} // namespace emotrace
