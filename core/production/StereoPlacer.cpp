#include "production/StereoPlacer.h"

#include <cmath>
#include <numbers>

#include "production/SettingsCheck.h"

namespace emotrace {

void StereoPlacer::Settings::validate() const
{
    SettingsCheck::inRange("placer", "pan", pan, -1.0, 1.0);
    SettingsCheck::inRange("placer", "width", width, 0.0, 1.5);
}

bool StereoPlacer::Settings::isNeutral() const
{
    return pan == 0.0 && width == 1.0;
}

StereoPlacer::StereoPlacer(const Settings& settings) : m_settings(settings)
{
    settings.validate();
}

void StereoPlacer::process(AudioBuffer& buffer) const
{
    SettingsCheck::buffer("placer", buffer.sampleRate, buffer.channels, buffer.samples.size(), 2);
    if (m_settings.isNeutral()) return;
    const double theta = (m_settings.pan + 1.0) * std::numbers::pi / 4.0;
    // exact at the ends and the centre, where cos/sin of π/2 and π/4 are not
    const double sqrt2 = std::numbers::sqrt2;
    const float midLeft = float(m_settings.pan == -1.0 ? sqrt2 : m_settings.pan == 1.0 ? 0.0 : m_settings.pan == 0.0 ? 1.0 : sqrt2 * std::cos(theta));
    const float midRight = float(m_settings.pan == 1.0 ? sqrt2 : m_settings.pan == -1.0 ? 0.0 : m_settings.pan == 0.0 ? 1.0 : sqrt2 * std::sin(theta));
    const float side = float((1.0 - std::abs(m_settings.pan)) * m_settings.width);

    float* data = buffer.samples.data();
    const std::int64_t frames = buffer.frameCount();
    for (std::int64_t i = 0; i < frames; ++i) {
        const float l = data[2 * i], r = data[2 * i + 1];
        const float m = 0.5f * (l + r);
        const float s = 0.5f * (l - r) * side;
        data[2 * i] = midLeft * m + s;
        data[2 * i + 1] = midRight * m - s;
    }
}

} // namespace emotrace
