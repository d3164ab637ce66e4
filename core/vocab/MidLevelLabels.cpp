#include "vocab/MidLevelLabels.h"

#include <array>

#include "util/Error.h"

namespace emotrace {

namespace {

// Member pointers in name order, so that names, vectors and JSON cannot drift apart.
using Member = double MidLevelLabels::*;
constexpr std::array<Member, 7> featureMembers{&MidLevelLabels::melodiousness,    &MidLevelLabels::articulation,
                                               &MidLevelLabels::rhythmComplexity, &MidLevelLabels::rhythmStability,
                                               &MidLevelLabels::dissonance,       &MidLevelLabels::tonalStability,
                                               &MidLevelLabels::minorness};
constexpr std::array<Member, 2> emotionMembers{&MidLevelLabels::arousal, &MidLevelLabels::valence};

} // namespace

const std::vector<std::string>& MidLevelLabels::featureNames()
{
    static const std::vector<std::string> names{"melodiousness", "articulation", "rhythm_complexity", "rhythm_stability",
                                                "dissonance",    "tonal_stability", "minorness"};
    return names;
}

const std::vector<std::string>& MidLevelLabels::emotionNames()
{
    static const std::vector<std::string> names{"arousal", "valence"};
    return names;
}

std::vector<double> MidLevelLabels::features() const
{
    std::vector<double> out;
    for (auto m : featureMembers) out.push_back(this->*m);
    return out;
}

std::vector<double> MidLevelLabels::emotions() const
{
    std::vector<double> out;
    for (auto m : emotionMembers) out.push_back(this->*m);
    return out;
}

nlohmann::json MidLevelLabels::toJson() const
{
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < featureMembers.size(); ++i) j[featureNames()[i]] = this->*featureMembers[i];
    for (std::size_t i = 0; i < emotionMembers.size(); ++i) j[emotionNames()[i]] = this->*emotionMembers[i];
    return j;
}

MidLevelLabels MidLevelLabels::fromJson(const nlohmann::json& j)
{
    if (!j.is_object()) throw Error("mid-level labels: expected a JSON object");
    MidLevelLabels out;
    const auto take = [&j, &out](const std::string& name, Member m) {
        const auto it = j.find(name);
        if (it == j.end()) throw Error("mid-level labels: missing \"" + name + "\"");
        if (!it->is_number()) throw Error("mid-level labels: \"" + name + "\" is not a number");
        const double v = it->get<double>();
        if (!(v >= 0.0 && v <= 1.0)) throw Error("mid-level labels: \"" + name + "\" = " + std::to_string(v) + " is outside [0, 1]");
        out.*m = v;
    };
    for (std::size_t i = 0; i < featureMembers.size(); ++i) take(featureNames()[i], featureMembers[i]);
    for (std::size_t i = 0; i < emotionMembers.size(); ++i) take(emotionNames()[i], emotionMembers[i]);
    return out;
}

} // namespace emotrace
