#include "train/SpectrogramCache.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/FileHash.h"

namespace emotrace {

namespace {

constexpr char kMagic[8] = {'E', 'T', 'S', 'P', 'E', 'C', '0', '1'};

std::string parameterKey(const FrontEndParameters& p)
{
    std::ostringstream s;
    s.precision(17);
    s << p.sampleRate << '/' << p.frameSize << '/' << p.framesPerSecond << '/' << p.bandsPerOctave << '/' << p.minFrequency << '/'
      << p.maxFrequency << '/' << p.referenceFrequency << "/log10(1+x)";
    return hex64(fnv1a(s.str())).substr(0, 8); // 32 bits tell front ends apart well enough
}

} // namespace

SpectrogramCache::SpectrogramCache(std::filesystem::path folder, FrontEndParameters parameters, std::size_t memoryBudget)
    : m_folder(std::move(folder)), m_frontEnd(parameters), m_parameterKey(parameterKey(parameters)), m_memoryBudget(memoryBudget)
{
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec) throw Error(m_folder.string() + ": cannot create spectrogram cache folder (" + ec.message() + ")");
}

std::filesystem::path SpectrogramCache::entryFor(const std::filesystem::path& audio)
{
    if (auto it = m_entries.find(audio); it != m_entries.end()) return it->second;
    const auto entry = m_folder / (fileContentHash(audio) + "-" + m_parameterKey + ".spec");
    m_entries[audio] = entry;
    return entry;
}

std::shared_ptr<const Spectrogram> SpectrogramCache::get(const std::filesystem::path& audio, const Progress& progress)
{
    if (auto it = m_memory.find(audio); it != m_memory.end()) return it->second;
    const auto entry = entryFor(audio);
    std::shared_ptr<const Spectrogram> spec;
    std::error_code ec;
    if (std::filesystem::is_regular_file(entry, ec)) spec = readEntry(entry);
    if (!spec) {
        spec = compute(audio, progress);
        writeEntry(entry, *spec);
    }
    const std::size_t bytes = spec->values.size() * sizeof(float);
    if (m_memoryUsed + bytes <= m_memoryBudget) {
        m_memory[audio] = spec;
        m_memoryUsed += bytes;
    }
    return spec;
}

void SpectrogramCache::prepare(const std::vector<std::filesystem::path>& files, const Progress& progress)
{
    for (std::size_t i = 0; i < files.size(); ++i) {
        progress.checkCancelled();
        get(files[i], progress);
        progress.report("spectrogram", int(100 * (i + 1) / files.size()));
    }
}

std::shared_ptr<const Spectrogram> SpectrogramCache::compute(const std::filesystem::path& audio, const Progress& progress) const
{
    const AudioBuffer buffer = AudioDecoder::decode(audio, Progress({}, nullptr));
    progress.checkCancelled();
    if (buffer.frameCount() == 0) throw Error(audio.string() + ": no audio samples");
    const std::vector<float> mono = MonoResampler::toMono(buffer, m_frontEnd.parameters().sampleRate);
    auto spec = std::make_shared<Spectrogram>(m_frontEnd.compute(mono));
    if (spec->frames < 1) throw Error(audio.string() + ": too short for a spectrogram");
    return spec;
}

std::shared_ptr<const Spectrogram> SpectrogramCache::readEntry(const std::filesystem::path& entry)
{
    std::ifstream in(entry, std::ios::binary);
    char magic[8];
    std::uint32_t bands = 0, reserved = 0;
    std::int64_t frames = 0;
    if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0) return nullptr;
    in.read(reinterpret_cast<char*>(&bands), 4);
    in.read(reinterpret_cast<char*>(&reserved), 4);
    in.read(reinterpret_cast<char*>(&frames), 8);
    if (!in || bands == 0 || bands > 4096 || frames < 1 || frames > (std::int64_t(1) << 32)) return nullptr;
    auto spec = std::make_shared<Spectrogram>();
    spec->bands = int(bands);
    spec->frames = frames;
    spec->values.resize(std::size_t(bands) * std::size_t(frames));
    in.read(reinterpret_cast<char*>(spec->values.data()), std::streamsize(spec->values.size() * sizeof(float)));
    if (!in) return nullptr; // truncated entry: recompute it
    return spec;
}

void SpectrogramCache::writeEntry(const std::filesystem::path& entry, const Spectrogram& spec)
{
    AtomicFile file(entry);
    const std::uint32_t bands = std::uint32_t(spec.bands), reserved = 0;
    const std::int64_t frames = spec.frames;
    file.stream().write(kMagic, 8);
    file.stream().write(reinterpret_cast<const char*>(&bands), 4);
    file.stream().write(reinterpret_cast<const char*>(&reserved), 4);
    file.stream().write(reinterpret_cast<const char*>(&frames), 8);
    file.stream().write(reinterpret_cast<const char*>(spec.values.data()), std::streamsize(spec.values.size() * sizeof(float)));
    file.commit();
}

void SpectrogramCache::excerpt(const Spectrogram& spec, std::int64_t start, std::int64_t frames, float* dst)
{
    for (int b = 0; b < spec.bands; ++b) {
        const float* row = spec.values.data() + std::size_t(b) * std::size_t(spec.frames);
        float* to = dst + std::size_t(b) * std::size_t(frames);
        for (std::int64_t t = 0; t < frames; ++t) to[t] = row[(start + t) % spec.frames];
    }
}

std::int64_t SpectrogramCache::randomStart(const Spectrogram& spec, std::int64_t frames, std::mt19937_64& rng)
{
    if (spec.frames <= frames) return 0;
    return std::uniform_int_distribution<std::int64_t>(0, spec.frames - frames)(rng);
}

} // namespace emotrace
