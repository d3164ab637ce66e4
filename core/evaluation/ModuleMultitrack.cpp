#include "evaluation/ModuleMultitrack.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "evaluation/StemGroupingRule.h"
#include "util/Error.h"

namespace emotrace {

namespace {

double energy(const AudioBuffer& b)
{
    double e = 0.0;
    for (float v : b.samples) e += double(v) * v;
    return e;
}

double peak(const AudioBuffer& b)
{
    double p = 0.0;
    for (float v : b.samples) p = std::max(p, double(std::fabs(v)));
    return p;
}

/// The buffer cut or zero-padded to `samples` values (renders of one module all end at
/// the song's end; this only guards against a one-block difference).
void fitTo(AudioBuffer& b, std::size_t samples)
{
    b.samples.resize(samples, 0.0f);
}

} // namespace

ModuleMultitrack ModuleMultitrack::render(const std::filesystem::path& module, const Settings& settings, const Progress& progress)
{
    const ModuleRenderer renderer(module, settings.render);
    ModuleMultitrack m;
    m.source = module;
    m.format = renderer.format();
    m.title = renderer.title();
    m.instrumentMode = renderer.instrumentMode();
    m.songSeconds = renderer.songSeconds();
    m.settings = settings;

    const auto& instruments = renderer.instruments();
    const std::size_t count = instruments.size();
    const AudioBuffer full = renderer.renderAll(settings.maxSeconds, progress);
    const double fullEnergy = energy(full);
    if (full.samples.empty() || fullEnergy <= 0.0) throw Error(module.string() + ": the module is silent in its first " +
                                                               std::to_string(int(settings.maxSeconds)) + " s");

    // 1-2: each played instrument alone, measured and grouped
    int step = 0;
    for (const auto& in : instruments) {
        progress.report("instruments", int(100 * step++ / std::max<std::size_t>(1, count)));
        Instrument out;
        out.index = in.index;
        out.name = in.name;
        out.distinctNotes = in.distinctNotes;
        if (in.distinctNotes == 0) {
            out.reason = "unused: never played";
        } else {
            std::vector<bool> audible(count, false);
            audible[std::size_t(in.index)] = true;
            AudioBuffer solo = renderer.render(audible, settings.maxSeconds, progress);
            fitTo(solo, full.samples.size());
            out.sound = InstrumentSoundMeasures::measure(solo);
            out.energyShare = out.sound.energy / fullEnergy;
            if (out.sound.energy <= 0.0) {
                out.reason = "unused: silent in the rendered span";
            } else {
                out.used = true;
                const auto decision = StemGroupingRule::decide(in.name, out.sound, in.distinctNotes);
                out.stem = decision.stem;
                out.reason = decision.reason;
            }
        }
        m.instruments.push_back(std::move(out));
    }

    // 3: one render per stem
    AudioBuffer silence = full;
    std::fill(silence.samples.begin(), silence.samples.end(), 0.0f);
    AudioBuffer sum = silence;
    for (Stem stem : allStems()) {
        progress.checkCancelled();
        std::vector<bool> audible(count, false);
        bool any = false;
        for (const auto& in : m.instruments)
            if (in.used && in.stem == stem) audible[std::size_t(in.index)] = any = true;
        AudioBuffer rendered = silence;
        if (any) {
            rendered = renderer.render(audible, settings.maxSeconds, progress);
            fitTo(rendered, full.samples.size());
        }
        for (std::size_t i = 0; i < rendered.samples.size(); ++i) sum.samples[i] += rendered.samples[i];
        m.stems[stem] = std::move(rendered);
    }

    // 4: mix consistency
    double residual = 0.0;
    for (std::size_t i = 0; i < full.samples.size(); ++i) {
        const double d = double(full.samples[i]) - sum.samples[i];
        residual += d * d;
    }
    m.mixResidualDb = residual > 0.0 ? 10.0 * std::log10(residual / fullEnergy) : -300.0;
    m.mixIsStemSum = m.mixResidualDb > settings.maxResidualDb;
    m.mix = m.mixIsStemSum ? sum : full;

    // 5: one gain against clipping
    double loudest = peak(m.mix);
    for (const auto& [stem, buffer] : m.stems) loudest = std::max(loudest, peak(buffer));
    m.outputGain = loudest > 0.99 ? 0.99 / loudest : 1.0;
    if (m.outputGain < 1.0) {
        for (float& v : m.mix.samples) v = float(v * m.outputGain);
        for (auto& [stem, buffer] : m.stems)
            for (float& v : buffer.samples) v = float(v * m.outputGain);
    }
    progress.report("instruments", 100);
    return m;
}

ModuleMultitrack ModuleMultitrack::render(const std::filesystem::path& module)
{
    return render(module, Settings{});
}

std::map<Stem, int> ModuleMultitrack::instrumentsPerStem() const
{
    std::map<Stem, int> n;
    for (Stem stem : allStems()) n[stem] = 0;
    for (const auto& in : instruments)
        if (in.used) ++n[in.stem];
    return n;
}

std::string ModuleMultitrack::summary() const
{
    std::string out;
    for (const auto& [stem, n] : instrumentsPerStem()) {
        if (!out.empty()) out += ", ";
        out += std::string(stemName(stem)) + " " + std::to_string(n);
    }
    const auto unused = std::count_if(instruments.begin(), instruments.end(), [](const Instrument& i) { return !i.used; });
    char tail[160];
    std::snprintf(tail, sizeof tail, "; %zd unused; residual %.0f dB%s", std::ptrdiff_t(unused), mixResidualDb,
                  mixIsStemSum ? " (mix = sum of stems)" : "");
    return out + tail;
}

} // namespace emotrace
