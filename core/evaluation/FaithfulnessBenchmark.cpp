#include "evaluation/FaithfulnessBenchmark.h"

#include "util/Error.h"

namespace emotrace {

FaithfulnessBenchmark::Result FaithfulnessBenchmark::run(SongExplainer& explainer, PartRenderer& renderer, PlantedCause::Kind kind,
                                                         std::uint64_t seed, int count, const Progress& progress)
{
    Result result;
    for (int i = 0; i < count; ++i) {
        progress.checkCancelled();
        const PlantedCause::Case c = PlantedCause::make(kind, seed, i);
        const RenderedSong song = renderer.render(c.score);
        StemSet stems;
        stems.backend = "true stems (music lab)";
        for (const Stem stem : allStems()) {
            stems.names.push_back(stemName(stem));
            stems.stems.push_back(song.stems.at(stem));
        }
        SongInfo info;
        info.path = "planted-" + c.target + "-" + std::to_string(seed) + "-" + std::to_string(i);
        const SourceExplanation e = explainer.explainStems(song.mix, stems, info);
        const auto ranking = e.ranking(c.target);
        if (ranking.empty()) throw Error(info.path + ": the model has no target \"" + c.target + "\"");
        const std::string top = e.components[std::size_t(ranking.front())];
        result.target = c.target;
        result.cause = stemName(c.cause);
        ++result.songs;
        ++result.topStems[top];
        result.recovered += top == result.cause;
        progress.report("faithfulness", int(100 * (i + 1) / count));
    }
    return result;
}

} // namespace emotrace
