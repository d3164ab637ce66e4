#include "evaluation/SeparationBenchmark.h"

#include "audio/AudioDecoder.h"
#include "vocab/Stem.h"
#include "separation/SeparationQuality.h"
#include "util/Error.h"

namespace emotrace {

std::map<std::string, double> SeparationBenchmark::evaluate(const std::filesystem::path& folder, Separator& separator,
                                                            const Progress& progress)
{
    const auto mixFile = folder / "mix.flac";
    if (!std::filesystem::is_regular_file(mixFile)) throw Error(folder.string() + ": not a music-lab song (no mix.flac)");
    const AudioBuffer mix = AudioDecoder::decode(mixFile, progress);
    std::map<std::string, AudioBuffer> truth;
    for (Stem stem : allStems()) {
        const auto file = folder / "stems" / (std::string(stemName(stem)) + ".flac");
        if (!std::filesystem::is_regular_file(file)) throw Error(folder.string() + ": stem " + file.filename().string() + " is missing");
        truth[stemName(stem)] = AudioDecoder::decode(file);
    }
    const StemSet estimate = separator.separate(mix, mixFile.string(), progress);

    // true stems with no estimate of their own belong to the estimate's "other"
    AudioBuffer otherReference;
    for (auto& [name, buffer] : truth) {
        if (estimate.indexOf(name) >= 0) continue;
        if (otherReference.samples.empty()) otherReference = buffer;
        else
            for (std::size_t i = 0; i < buffer.samples.size(); ++i) otherReference.samples[i] += buffer.samples[i];
    }
    std::map<std::string, double> sdr;
    auto silent = [](const AudioBuffer& b) {
        double energy = 0.0;
        for (float v : b.samples) energy += double(v) * v;
        return energy <= 1e-10 * double(std::max<std::size_t>(1, b.samples.size()));
    };
    for (std::size_t s = 0; s < estimate.size(); ++s) {
        const std::string& name = estimate.names[s];
        AudioBuffer reference;
        if (name == "other") {
            // the true other plus every true stem the separator has no stem for
            reference = truth.count("other") ? truth["other"] : otherReference;
            if (truth.count("other") && !otherReference.samples.empty())
                for (std::size_t i = 0; i < reference.samples.size(); ++i) reference.samples[i] += otherReference.samples[i];
        } else if (truth.count(name)) {
            reference = truth[name];
        } else {
            continue; // an estimate with no true counterpart (e.g. "residual")
        }
        if (reference.samples.empty() || silent(reference)) continue; // SDR is undefined for a silent source
        sdr[name] = SeparationQuality::sdr(reference, estimate.stems[s]);
    }
    return sdr;
}

} // namespace emotrace
