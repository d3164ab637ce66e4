#include "separation/StemFolderSeparator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>
#include <system_error>

#include "audio/AudioDecoder.h"
#include "audio/Resampler.h"
#include "util/Error.h"

namespace emotrace {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 11> kAudioExtensions = {".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus",
                                                                ".m4a", ".aac", ".aif", ".aiff", ".wv"};

/// The order the tools list their sources in; unknown names follow alphabetically.
constexpr std::array<std::string_view, 8> kCanonicalOrder = {"vocals", "drums",         "bass",     "guitar",
                                                              "piano",  "other", "accompaniment", "no_vocals"};

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string formatted(const char* format, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

int orderRank(const std::string& name)
{
    if (name == "residual") return int(kCanonicalOrder.size()) + 1;
    const auto it = std::find(kCanonicalOrder.begin(), kCanonicalOrder.end(), name);
    return it == kCanonicalOrder.end() ? int(kCanonicalOrder.size()) : int(it - kCanonicalOrder.begin());
}

bool isDirectory(const fs::path& path)
{
    std::error_code ec;
    return fs::is_directory(path, ec);
}

bool sameFile(const fs::path& a, const fs::path& b)
{
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

/// Audio files directly in `folder` (not the mix, not hidden), sorted by file name.
std::vector<fs::path> audioFilesIn(const fs::path& folder, const fs::path& mixFile)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string fileName = path.filename().string();
        if (fileName.empty() || fileName.front() == '.') continue;
        std::error_code typeError;
        if (!it->is_regular_file(typeError)) continue;
        if (!StemFolderSeparator::hasAudioExtension(path)) continue;
        if (!mixFile.empty() && sameFile(path, mixFile)) continue;
        files.push_back(path);
    }
    std::sort(files.begin(), files.end());
    return files;
}

template <typename T> double rms(const std::vector<T>& values)
{
    if (values.empty()) return 0.0;
    double energy = 0.0;
    for (const T v : values) energy += double(v) * double(v);
    return std::sqrt(energy / double(values.size()));
}

} // namespace

StemFolderSeparator::StemFolderSeparator(fs::path folder, std::string track)
    : m_folder(std::move(folder)), m_track(std::move(track))
{
}

std::string StemFolderSeparator::name() const
{
    return "stems:" + m_folder.string();
}

bool StemFolderSeparator::hasAudioExtension(const fs::path& file)
{
    const std::string extension = lower(file.extension().string());
    return std::find(kAudioExtensions.begin(), kAudioExtensions.end(), extension) != kAudioExtensions.end();
}

fs::path StemFolderSeparator::findStemFolder(const std::string& mixFile, std::vector<std::string>* warnings) const
{
    if (m_folder.empty()) throw Error("stem folder: no folder given");
    if (!isDirectory(m_folder)) throw Error(m_folder.string() + ": stem folder not found");
    const std::string track = m_track.empty() ? fs::path(mixFile).stem().string() : m_track;

    std::vector<std::string> lookedIn;
    auto holdsStems = [&](const fs::path& folder) {
        lookedIn.push_back(folder.string());
        return isDirectory(folder) && !audioFilesIn(folder, mixFile).empty();
    };
    if (!track.empty() && holdsStems(m_folder / track)) return m_folder / track;
    if (holdsStems(m_folder)) return m_folder;
    if (!track.empty()) {
        std::vector<fs::path> matches;
        std::vector<fs::path> subfolders;
        std::error_code ec;
        for (fs::directory_iterator it(m_folder, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code typeError;
            if (it->is_directory(typeError)) subfolders.push_back(it->path());
        }
        std::sort(subfolders.begin(), subfolders.end());
        for (const fs::path& sub : subfolders)
            if (holdsStems(sub / track)) matches.push_back(sub / track);
        if (subfolders.empty()) lookedIn.push_back((m_folder / "*" / track).string());
        if (!matches.empty()) {
            if (matches.size() > 1 && warnings) {
                std::string others;
                for (std::size_t i = 1; i < matches.size(); ++i) others += (i > 1 ? ", " : "") + matches[i].string();
                warnings->push_back("stems taken from " + matches.front().string() + "; also found in " + others);
            }
            return matches.front();
        }
    }
    std::string places;
    for (std::size_t i = 0; i < lookedIn.size(); ++i) places += (i ? ", " : "") + lookedIn[i];
    throw Error(m_folder.string() + ": no stems found" + (track.empty() ? std::string() : " for track '" + track + "'") +
                " (looked for audio files in " + places + ")");
}

StemSet StemFolderSeparator::separate(const AudioBuffer& mix, const std::string& mixFile, const Progress& progress)
{
    if (mix.sampleRate <= 0 || mix.channels <= 0 || mix.samples.size() % std::size_t(mix.channels) != 0)
        throw Error(name() + ": invalid mix buffer");
    progress.checkCancelled();
    StemSet result;
    result.backend = name();
    const fs::path folder = findStemFolder(mixFile, &result.warnings);
    const std::vector<fs::path> files = audioFilesIn(folder, mixFile);

    // One file per stem name: "vocals.wav" beside "vocals.mp3" is ambiguous.
    std::map<std::string, fs::path> byName;
    for (const fs::path& file : files) {
        const std::string stemName = file.stem().string();
        const auto [it, inserted] = byName.emplace(stemName, file);
        if (!inserted)
            throw Error(folder.string() + ": stem '" + stemName + "' found twice (" + it->second.filename().string() +
                        ", " + file.filename().string() + ")");
    }
    std::vector<std::pair<std::string, fs::path>> ordered(byName.begin(), byName.end());
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return orderRank(a.first) < orderRank(b.first); });

    const std::int64_t mixFrames = mix.frameCount();
    const std::size_t count = ordered.size();
    progress.report("stems", 0);
    for (std::size_t index = 0; index < count; ++index) {
        const auto& [stemName, file] = ordered[index];
        progress.checkCancelled();
        // The decoder reports its own stage per file: map it onto this one, and check the
        // cancel flag there too, as the decoder's own flag is not reachable from here.
        const Progress decodeProgress(
            [&](std::string_view, int percent) {
                progress.checkCancelled();
                progress.report("stems", int((100 * index + std::size_t(percent)) / count));
            },
            nullptr);
        AudioBuffer stem = AudioDecoder::decode(file, decodeProgress);
        if (stem.sampleRate != mix.sampleRate || stem.channels != mix.channels) {
            result.warnings.push_back(file.filename().string() + ": " + std::to_string(stem.sampleRate) + " Hz, " +
                                      std::to_string(stem.channels) + " channel(s), converted to the mix's " +
                                      std::to_string(mix.sampleRate) + " Hz, " + std::to_string(mix.channels) +
                                      " channel(s)");
            stem = Resampler::convert(stem, mix.sampleRate, mix.channels);
        }
        const std::int64_t frames = stem.frameCount();
        if (frames != mixFrames) {
            const double difference = double(frames - mixFrames) / mix.sampleRate;
            const std::string how = difference > 0 ? "longer" : "shorter";
            if (std::abs(difference) > kLengthErrorSeconds)
                throw Error(file.string() + ": " + formatted("%.2f", std::abs(difference)) + " s " + how +
                            " than the mix (" + formatted("%.2f", double(frames) / mix.sampleRate) + " s against " +
                            formatted("%.2f", double(mixFrames) / mix.sampleRate) +
                            " s): probably the stem of another song");
            if (std::abs(difference) > kLengthWarningSeconds)
                result.warnings.push_back(file.filename().string() + ": " +
                                          formatted("%.3f", std::abs(difference)) + " s " + how + " than the mix, " +
                                          (difference > 0 ? "trimmed" : "zero-padded") + " at the end");
            stem.samples.resize(std::size_t(mixFrames) * std::size_t(mix.channels), 0.0f);
        }
        result.names.push_back(stemName);
        result.stems.push_back(std::move(stem));
    }
    progress.report("stems", 100);
    completeWithResidual(mix, result);
    return result;
}

void StemFolderSeparator::completeWithResidual(const AudioBuffer& mix, StemSet& stems)
{
    const std::size_t n = mix.samples.size();
    for (std::size_t s = 0; s < stems.size(); ++s) {
        const AudioBuffer& stem = stems.stems[s];
        if (stem.sampleRate != mix.sampleRate || stem.channels != mix.channels || stem.samples.size() != n)
            throw Error("stem '" + (s < stems.names.size() ? stems.names[s] : std::to_string(s)) +
                        "': shape differs from the mix (" + std::to_string(stem.sampleRate) + " Hz, " +
                        std::to_string(stem.channels) + " channels, " + std::to_string(stem.frameCount()) +
                        " frames against " + std::to_string(mix.sampleRate) + " Hz, " +
                        std::to_string(mix.channels) + " channels, " + std::to_string(mix.frameCount()) + ")");
    }
    std::vector<double> residual(mix.samples.begin(), mix.samples.end());
    for (const AudioBuffer& stem : stems.stems)
        for (std::size_t i = 0; i < n; ++i) residual[i] -= double(stem.samples[i]);

    const double mixRms = rms(mix.samples);
    const double residualRms = rms(residual);
    const bool significant = stems.stems.empty() ||
                             (residualRms > kResidualRelativeThreshold * mixRms && residualRms > kResidualAbsoluteFloor);

    int target = stems.indexOf("residual");
    if (significant) {
        const std::string level = mixRms > 0.0 ? formatted("%.1f dB relative to the mix", 20.0 * std::log10(residualRms / mixRms))
                                               : formatted("%.1f dBFS RMS (the mix is silent)",
                                                           20.0 * std::log10(std::max(residualRms, 1e-30)));
        stems.warnings.push_back("stems do not sum to the mix: the difference is kept as stem 'residual' at " + level);
        if (target < 0) {
            AudioBuffer stem;
            stem.sampleRate = mix.sampleRate;
            stem.channels = mix.channels;
            stem.samples.assign(n, 0.0f);
            stems.names.push_back("residual");
            stems.stems.push_back(std::move(stem));
            target = int(stems.size()) - 1;
        }
    } else if (target < 0) {
        // The loudest stem absorbs the residual with the least relative change.
        double best = -1.0;
        for (std::size_t s = 0; s < stems.size(); ++s) {
            double energy = 0.0;
            for (float v : stems.stems[s].samples) energy += double(v) * double(v);
            if (energy > best) {
                best = energy;
                target = int(s);
            }
        }
    }
    std::vector<float>& samples = stems.stems[std::size_t(target)].samples;
    for (std::size_t i = 0; i < n; ++i) samples[i] = float(double(samples[i]) + residual[i]);
}

} // namespace emotrace
