#include "train/EvaluationReport.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "vocab/MidLevelLabels.h"
#include "util/Error.h"

namespace emotrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::json orNull(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

} // namespace

double EvaluationReport::meanPearson() const
{
    double sum = 0.0;
    int n = 0;
    for (const auto& t : targets)
        if (std::isfinite(t.pearson)) {
            sum += t.pearson;
            ++n;
        }
    return n > 0 ? sum / n : kNaN;
}

EvaluationReport EvaluationReport::compute(const std::vector<TrainingExample>& items, const std::vector<Prediction>& predictions)
{
    if (items.size() != predictions.size())
        throw Error("evaluation: " + std::to_string(predictions.size()) + " predictions for " + std::to_string(items.size()) + " songs");
    EvaluationReport r;
    r.songs = int(items.size());
    std::vector<std::string> names = MidLevelLabels::featureNames();
    for (const auto& e : MidLevelLabels::emotionNames()) names.push_back(e);
    double lossM = 0.0, lossE = 0.0;
    int countM = 0, countE = 0;
    for (std::size_t k = 0; k < 9; ++k) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, se = 0;
        int n = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool mid = k < 7;
            if (mid ? !items[i].midLevel : !items[i].emotions) continue;
            const double y = mid ? (*items[i].midLevel)[k] : (*items[i].emotions)[k - 7];
            const double x = predictions[i][k];
            sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y, se += (x - y) * (x - y);
            ++n;
        }
        Target t;
        t.name = names[k];
        t.count = n;
        t.rmse = n > 0 ? std::sqrt(se / n) : kNaN;
        t.pearson = kNaN;
        if (n >= 2) {
            const double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
            if (vx > 1e-12 && vy > 1e-12) t.pearson = cov / std::sqrt(vx * vy);
        }
        r.targets.push_back(t);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].midLevel) {
            double se = 0;
            for (std::size_t k = 0; k < 7; ++k) se += std::pow(predictions[i][k] - (*items[i].midLevel)[k], 2.0);
            lossM += items[i].weight * se / 7.0;
            ++countM;
        }
        if (items[i].emotions) {
            double se = 0;
            for (std::size_t k = 0; k < 2; ++k) se += std::pow(predictions[i][7 + k] - (*items[i].emotions)[k], 2.0);
            lossE += items[i].weight * se / 2.0;
            ++countE;
        }
    }
    r.midLevelLoss = countM > 0 ? lossM / countM : 0.0;
    r.emotionLoss = countE > 0 ? lossE / countE : 0.0;
    return r;
}

nlohmann::json EvaluationReport::toJson() const
{
    nlohmann::json t = nlohmann::json::object();
    for (const auto& target : targets) t[target.name] = {{"count", target.count}, {"pearson", orNull(target.pearson)}, {"rmse", orNull(target.rmse)}};
    return {{"songs", songs}, {"loss", loss()}, {"midlevel_loss", midLevelLoss}, {"emotion_loss", emotionLoss},
            {"mean_pearson", orNull(meanPearson())}, {"targets", t}};
}

std::string EvaluationReport::table() const
{
    std::string out;
    char line[160];
    std::snprintf(line, sizeof line, "%-18s %6s %9s %8s\n", "target", "songs", "pearson", "rmse");
    out += line;
    auto cell = [](double v) {
        char s[16];
        if (std::isfinite(v)) std::snprintf(s, sizeof s, "%.3f", v);
        else std::snprintf(s, sizeof s, "-");
        return std::string(s);
    };
    for (const auto& t : targets) {
        std::snprintf(line, sizeof line, "%-18s %6d %9s %8s\n", t.name.c_str(), t.count, cell(t.pearson).c_str(), cell(t.rmse).c_str());
        out += line;
    }
    std::snprintf(line, sizeof line, "songs %d, loss %.5f (L_m %.5f + L_e %.5f), mean pearson %s\n", songs, loss(), midLevelLoss,
                  emotionLoss, cell(meanPearson()).c_str());
    out += line;
    return out;
}

} // namespace emotrace
