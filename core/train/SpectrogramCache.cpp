#include "train/SpectrogramCache.h"

#include <cstdio>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "util/InputFile.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/FileHash.h"

namespace emotrace {

namespace {

constexpr char kMagic[8] = {'E', 'T', 'S', 'P', 'E', 'C', '0', '2'};
constexpr std::size_t kFamilyBytes = 6; ///< "ETSPEC": the same family, another version
constexpr std::uintmax_t kHeaderBytes = 32;

/// 64-bit FNV-1a over the header's bands, reserved and frames fields, then the payload.
std::uint64_t entryChecksum(std::uint32_t bands, std::uint32_t reserved, std::int64_t frames, const float* values, std::size_t count)
{
    char head[16];
    std::memcpy(head, &bands, 4);
    std::memcpy(head + 4, &reserved, 4);
    std::memcpy(head + 8, &frames, 8);
    const std::uint64_t h = fnv1a(std::string_view(head, sizeof head));
    return fnv1a(std::string_view(reinterpret_cast<const char*>(values), count * sizeof(float)), h);
}

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
    // Hashing reads the file: a FIFO would block, a folder fail obscurely.
    InputFile::requireRegularFile(audio, "an audio file", std::numeric_limits<std::uintmax_t>::max());
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
    if (std::filesystem::is_regular_file(entry, ec)) {
        std::string problem;
        spec = readEntry(entry, &problem);
        if (!spec && !problem.empty()) {
            ++m_rejected;
            const std::string warning = InputFile::printable(entry) + ": damaged spectrogram cache entry (" + problem
                                        + "), computed again from " + InputFile::printable(audio);
            if (m_warn) m_warn(warning);
            else std::fprintf(stderr, "warning: %s\n", warning.c_str());
        }
    }
    if (!spec) {
        spec = compute(audio, progress);
        writeEntry(entry, *spec);
    }
    requireShape(*spec, bands(), audio, "the cache's front end");
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
    if (buffer.frameCount() == 0) throw Error(InputFile::printable(audio) + ": no audio samples");
    const std::vector<float> mono = MonoResampler::toMono(buffer, m_frontEnd.parameters().sampleRate);
    auto spec = std::make_shared<Spectrogram>(m_frontEnd.compute(mono));
    const std::string name = InputFile::printable(audio);
    if (spec->frames < 1) throw Error(name + ": too short for a spectrogram");
    if (spec->frames > kMaxFrames)
        throw Error(name + ": too long for training (" + std::to_string(spec->frames) + " spectrogram frames, at most "
                    + std::to_string(kMaxFrames) + ")");
    for (const float v : spec->values)
        if (!std::isfinite(v)) throw Error(name + ": its spectrogram holds NaN or infinite values");
    return spec;
}

std::shared_ptr<const Spectrogram> SpectrogramCache::readEntry(const std::filesystem::path& entry, std::string* problem) const
{
    auto reject = [&](std::string why) -> std::shared_ptr<const Spectrogram> {
        *problem = std::move(why);
        return nullptr;
    };
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(entry, ec);
    if (ec) return reject("cannot be read: " + ec.message());
    std::ifstream in(entry, std::ios::binary);
    if (!in) return reject("cannot be opened");
    char magic[8];
    if (size < sizeof magic || !in.read(magic, sizeof magic)) return reject("truncated header, " + std::to_string(size) + " bytes");
    if (std::memcmp(magic, kMagic, sizeof magic) != 0) {
        if (std::memcmp(magic, kMagic, kFamilyBytes) == 0) return reject(""); // an older format: recomputed, no warning
        return reject("not a spectrogram cache entry");
    }
    std::uint32_t bands = 0, reserved = 0;
    std::int64_t frames = 0;
    std::uint64_t checksum = 0;
    if (size < kHeaderBytes) return reject("truncated header, " + std::to_string(size) + " bytes");
    in.read(reinterpret_cast<char*>(&bands), 4);
    in.read(reinterpret_cast<char*>(&reserved), 4);
    in.read(reinterpret_cast<char*>(&frames), 8);
    in.read(reinterpret_cast<char*>(&checksum), 8);
    if (!in) return reject("cannot read the header");
    if (std::int64_t(bands) != std::int64_t(this->bands()))
        return reject("the header says " + std::to_string(bands) + " bands, the front end gives " + std::to_string(this->bands()));
    if (reserved != 0) return reject("a reserved header field is not 0");
    if (frames < 1 || frames > kMaxFrames)
        return reject("the header says " + std::to_string(frames) + " frames, expected 1.." + std::to_string(kMaxFrames));
    const std::size_t count = std::size_t(bands) * std::size_t(frames); // <= 4096 x 2^20: no overflow
    const std::uintmax_t expected = kHeaderBytes + std::uintmax_t(count) * sizeof(float);
    if (size != expected)
        return reject(std::to_string(size) + " bytes, but a " + std::to_string(bands) + " x " + std::to_string(frames)
                      + " spectrogram takes " + std::to_string(expected));
    auto spec = std::make_shared<Spectrogram>();
    spec->bands = int(bands);
    spec->frames = frames;
    spec->values.resize(count);
    if (!in.read(reinterpret_cast<char*>(spec->values.data()), std::streamsize(count * sizeof(float))))
        return reject("cannot read the payload");
    if (entryChecksum(bands, reserved, frames, spec->values.data(), count) != checksum)
        return reject("checksum mismatch: the payload was changed or damaged");
    for (std::size_t i = 0; i < count; ++i)
        if (!(spec->values[i] >= 0.0f && std::isfinite(spec->values[i]))) // log10(1 + x) >= 0
            return reject("value " + std::to_string(spec->values[i]) + " at band " + std::to_string(i / std::size_t(frames)) + " frame "
                          + std::to_string(i % std::size_t(frames)) + " is not a log magnitude");
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
    const std::uint64_t checksum = entryChecksum(bands, reserved, frames, spec.values.data(), spec.values.size());
    file.stream().write(reinterpret_cast<const char*>(&frames), 8);
    file.stream().write(reinterpret_cast<const char*>(&checksum), 8);
    file.stream().write(reinterpret_cast<const char*>(spec.values.data()), std::streamsize(spec.values.size() * sizeof(float)));
    file.commit();
}

void SpectrogramCache::requireShape(const Spectrogram& spec, int bands, const std::filesystem::path& audio, const std::string& what)
{
    const std::string name = InputFile::printable(audio);
    if (spec.bands != bands)
        throw Error(name + ": its spectrogram has " + std::to_string(spec.bands) + " bands, " + what + " has " + std::to_string(bands));
    if (spec.frames < 1 || spec.values.size() != std::size_t(spec.bands) * std::size_t(spec.frames))
        throw Error(name + ": its spectrogram is inconsistent (" + std::to_string(spec.values.size()) + " values for "
                    + std::to_string(spec.bands) + " x " + std::to_string(spec.frames) + ")");
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
