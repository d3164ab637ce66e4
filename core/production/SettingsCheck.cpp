#include "production/SettingsCheck.h"

#include <cstdio>

namespace emotrace {

namespace {

std::string prefix(std::string_view stage)
{
    return stage.empty() ? std::string() : std::string(stage) + ": ";
}

std::string number(double value)
{
    char text[48];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

} // namespace

void SettingsCheck::inRange(std::string_view stage, std::string_view field, double value, double lo, double hi)
{
    if (value >= lo && value <= hi) return;
    throw Error(prefix(stage) + std::string(field) + " must be in [" + number(lo) + ", " + number(hi) + "] (got " +
                number(value) + ")");
}

void SettingsCheck::zeroOrInRange(std::string_view stage, std::string_view field, double value, double lo, double hi)
{
    if (value == 0.0 || (value >= lo && value <= hi)) return;
    throw Error(prefix(stage) + std::string(field) + " must be 0 (off) or in [" + number(lo) + ", " + number(hi) +
                "] (got " + number(value) + ")");
}

void SettingsCheck::buffer(std::string_view stage, int sampleRate, int channels, std::size_t samples, int requiredChannels)
{
    const std::string name(stage);
    if (channels < 1) throw Error(name + ": buffer has no channels");
    if (requiredChannels > 0 && channels != requiredChannels)
        throw Error(name + ": buffer must have " + std::to_string(requiredChannels) + " channels (has " + std::to_string(channels) + ")");
    if (sampleRate < 1000 || sampleRate > 768000) throw Error(name + ": sample rate " + std::to_string(sampleRate) + " Hz out of range");
    if (samples % std::size_t(channels) != 0) throw Error(name + ": buffer does not hold whole frames");
}

} // namespace emotrace
