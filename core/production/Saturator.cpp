#include "production/Saturator.h"

#include <cmath>
#include <vector>

#include "production/BufferLevels.h"
#include "production/SettingsCheck.h"
#include "production/SoftClip.h"

namespace emotrace {

void Saturator::Settings::validate() const
{
    SettingsCheck::inRange("saturator", "drive_db", driveDb, 0.0, 36.0);
    SettingsCheck::inRange("saturator", "mix", mix, 0.0, 1.0);
}

bool Saturator::Settings::isNeutral() const
{
    return mix == 0.0;
}

Saturator::Saturator(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

void Saturator::process(AudioBuffer& buffer) const
{
    SettingsCheck::buffer("saturator", buffer.sampleRate, buffer.channels, buffer.samples.size());
    if (m_settings.isNeutral() || buffer.samples.empty()) return;

    const float drive = float(BufferLevels::fromDb(m_settings.driveDb));
    std::vector<float> wet(buffer.samples.size());
    const float* dry = buffer.samples.data();
    for (std::size_t i = 0; i < wet.size(); ++i) wet[i] = SoftClip::tanh(drive * dry[i]);
    const double energyDry = BufferLevels::sumOfSquares(dry, wet.size());
    const double energyWet = BufferLevels::sumOfSquares(wet.data(), wet.size());
    if (energyWet <= 0.0) return; // silence stays silence
    const float k = float(std::sqrt(energyDry / energyWet));
    const float mix = float(m_settings.mix);
    const float wetGain = mix * k;
    const float dryGain = 1.0f - mix;
    for (std::size_t i = 0; i < wet.size(); ++i) buffer.samples[i] = dryGain * buffer.samples[i] + wetGain * wet[i];
}

} // namespace emotrace
