#include "lab/PerceivedEmotion.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "lab/ScoreLabeler.h"
#include "lab/UnitInterval.h"

namespace emotrace {

HeardCues HeardCues::from(double rmsDb, double centroidHz, double drumShare)
{
    HeardCues c;
    c.rmsDb = rmsDb;
    c.centroidHz = centroidHz;
    c.drumShare = drumShare;
    c.intensity = clamp01((rmsDb + 22.0) / 12.0);
    c.brightness = centroidHz > 0.0 ? clamp01(std::log2(centroidHz / 250.0) / 3.0) : 0.0;
    c.percussive = drumShare > 0.0 ? clamp01(std::sqrt(drumShare / 0.4)) : 0.0;
    return c;
}

nlohmann::json HeardCues::toJson() const
{
    return {{"intensity", intensity}, {"brightness", brightness}, {"percussive", percussive},
            {"rms_dbfs_peak_normalised", rmsDb}, {"centroid_hz", centroidHz}, {"drum_energy_share", drumShare}};
}

double PerceivedEmotion::arousal(double speed, double articulation, double dissonance, const HeardCues& heard)
{
    return clamp01(0.30 * clamp01(speed) + 0.25 * clamp01(heard.intensity) + 0.20 * clamp01(heard.percussive)
                   + 0.10 * clamp01(heard.brightness) + 0.08 * clamp01(articulation) + 0.07 * clamp01(dissonance));
}

double PerceivedEmotion::valence(double minorness, double speed, double registerCue, double dissonance)
{
    return clamp01(0.10 + 0.45 * (1.0 - clamp01(minorness)) + 0.15 * clamp01(speed) + 0.12 * clamp01(registerCue)
                   + 0.18 * (1.0 - clamp01(dissonance)));
}

MidLevelLabels PerceivedEmotion::label(const Score& score, const HeardCues& heard)
{
    MidLevelLabels l = ScoreLabeler::label(score);
    const double speed = ScoreLabeler::speedCue(score);
    l.arousal = arousal(speed, l.articulation, l.dissonance, heard);
    l.valence = valence(l.minorness, speed, ScoreLabeler::registerCue(score), l.dissonance);
    return l;
}

} // namespace emotrace
