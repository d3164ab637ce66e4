#include "evaluation/SeparationBenchmark.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "audio/AudioDecoder.h"
#include "vocab/Stem.h"
#include "separation/SeparationQuality.h"
#include "util/Error.h"

namespace emotrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double energy(const AudioBuffer& b)
{
    double e = 0.0;
    for (float v : b.samples) e += double(v) * v;
    return e;
}

bool silent(const AudioBuffer& b)
{
    return energy(b) <= 1e-10 * double(std::max<std::size_t>(1, b.samples.size()));
}

void add(AudioBuffer& into, const AudioBuffer& part)
{
    if (into.samples.empty()) {
        into = part;
        return;
    }
    for (std::size_t i = 0; i < into.samples.size(); ++i) into.samples[i] += part.samples[i];
}

} // namespace

double SeparationBenchmark::StemScore::marginDb() const
{
    return sourceSilent ? kNaN : sdrDb - trivial.best();
}

const SeparationBenchmark::StemScore* SeparationBenchmark::SongScore::find(const std::string& stem) const
{
    for (const StemScore& s : stems)
        if (s.stem == stem) return &s;
    return nullptr;
}

std::optional<double> SeparationBenchmark::SongScore::worstLeakageDb() const
{
    std::optional<double> worst;
    for (const StemScore& s : stems)
        if (s.sourceSilent && (!worst || s.leakageDb > *worst)) worst = s.leakageDb;
    return worst;
}

double SeparationBenchmark::energyRatioDb(const AudioBuffer& a, const AudioBuffer& b)
{
    constexpr double eps = 1e-9;
    return 10.0 * std::log10((energy(a) + eps) / (energy(b) + eps));
}

SeparationBenchmark::SongScore SeparationBenchmark::score(const std::filesystem::path& folder, Separator& separator,
                                                          const Progress& progress)
{
    const auto mixFile = folder / "mix.flac";
    if (!std::filesystem::is_regular_file(mixFile))
        throw Error(folder.string() + ": not a song with true stems (no mix.flac)");
    std::map<std::string, AudioBuffer> truth;
    for (Stem stem : allStems()) {
        const auto file = folder / "stems" / (std::string(stemName(stem)) + ".flac");
        if (!std::filesystem::is_regular_file(file)) throw Error(folder.string() + ": stem " + file.filename().string() + " is missing");
        truth[stemName(stem)] = AudioDecoder::decode(file);
    }
    const AudioBuffer mix = AudioDecoder::decode(mixFile, progress);
    for (const auto& [name, buffer] : truth)
        if (buffer.channels != mix.channels || buffer.samples.size() != mix.samples.size())
            throw Error(folder.string() + ": stem " + name + ".flac differs from mix.flac in channels or length");
    const StemSet estimate = separator.separate(mix, mixFile.string(), progress);

    // true stems with no estimate of their own belong to the estimate's "other"
    AudioBuffer unmatched;
    for (const auto& [name, buffer] : truth)
        if (estimate.indexOf(name) < 0) add(unmatched, buffer);

    SongScore song;
    song.folder = folder;
    song.separator = estimate.backend;
    song.durationSeconds = mix.durationSeconds();
    for (std::size_t s = 0; s < estimate.size(); ++s) {
        const std::string& name = estimate.names[s];
        AudioBuffer reference;
        if (name == "other") {
            reference = truth.at("other"); // plus every true stem the separator has no stem for
            if (!unmatched.samples.empty()) add(reference, unmatched);
        } else if (truth.count(name)) {
            reference = truth.at(name);
        } else {
            continue; // an estimate with no true counterpart
        }
        StemScore score;
        score.stem = name;
        score.sourceSilent = silent(reference);
        if (score.sourceSilent) {
            score.sdrDb = kNaN;
            score.trivial = {kNaN, kNaN, kNaN, kNaN};
            score.leakageDb = energyRatioDb(estimate.stems[s], mix);
        } else {
            score.sdrDb = SeparationQuality::sdr(reference, estimate.stems[s]);
            score.trivial = TrivialEstimates::of(reference, mix);
            score.leakageDb = kNaN;
        }
        song.stems.push_back(std::move(score));
    }
    return song;
}

std::map<std::string, double> SeparationBenchmark::evaluate(const std::filesystem::path& folder, Separator& separator,
                                                            const Progress& progress)
{
    std::map<std::string, double> sdr;
    for (const StemScore& s : score(folder, separator, progress).stems)
        if (!s.sourceSilent) sdr[s.stem] = s.sdrDb;
    return sdr;
}

} // namespace emotrace
