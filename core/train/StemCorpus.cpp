#include "train/StemCorpus.h"

#include <algorithm>

#include <torch/torch.h>

#include "audio/AudioDecoder.h"
#include "audio/Resampler.h"
#include "util/Error.h"

namespace emotrace {

namespace fs = std::filesystem;

namespace {

bool isSong(const fs::path& folder, const std::vector<std::string>& stems)
{
    std::error_code ec;
    return fs::is_directory(folder / "stems", ec) && fs::is_regular_file(folder / "stems" / (stems.front() + ".flac"), ec);
}

} // namespace

StemCorpus::StemCorpus(const std::vector<fs::path>& folders, const std::vector<std::string>& stems, int sampleRate,
                       const Progress& progress)
    : m_sampleRate(sampleRate)
{
    if (stems.empty()) throw Error("stem corpus: no stem names given");
    std::vector<fs::path> songs;
    for (const fs::path& folder : folders) {
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) throw Error(folder.string() + ": stem corpus folder not found");
        if (isSong(folder, stems)) {
            songs.push_back(folder);
            continue;
        }
        std::vector<fs::path> children;
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (entry.is_directory() && entry.path().extension() != ".partial" && isSong(entry.path(), stems))
                children.push_back(entry.path());
        if (children.empty())
            throw Error(folder.string() + ": no lab song with stems (stems/" + stems.front() + ".flac) in it or below it");
        std::sort(children.begin(), children.end());
        songs.insert(songs.end(), children.begin(), children.end());
    }
    for (std::size_t i = 0; i < songs.size(); ++i) {
        progress.checkCancelled();
        std::vector<torch::Tensor> parts;
        std::int64_t frames = -1;
        for (const std::string& name : stems) {
            const fs::path file = songs[i] / "stems" / (name + ".flac");
            std::error_code ec;
            if (!fs::is_regular_file(file, ec)) throw Error(file.string() + ": stem file missing");
            const AudioBuffer audio = Resampler::convert(AudioDecoder::decode(file), sampleRate, 2);
            if (frames >= 0 && audio.frameCount() != frames)
                throw Error(file.string() + ": stem length differs from the song's other stems");
            frames = audio.frameCount();
            parts.push_back(torch::from_blob(const_cast<float*>(audio.samples.data()), {frames, 2}, torch::kFloat)
                                .t()
                                .to(torch::kHalf)
                                .contiguous());
        }
        m_songs.push_back(torch::stack(parts));
        m_ids.push_back(songs[i].filename().string());
        progress.report("load", int(100 * (i + 1) / songs.size()));
    }
}

double StemCorpus::seconds() const
{
    double total = 0.0;
    for (const auto& song : m_songs) total += double(song.size(2)) / m_sampleRate;
    return total;
}

torch::Tensor StemCorpus::draw(std::int64_t batch, std::int64_t frames, const std::vector<std::size_t>& songIndices,
                               std::mt19937_64& rng, bool augment) const
{
    if (songIndices.empty()) throw Error("stem corpus: no songs to draw from");
    const auto stemCount = m_songs.front().size(0);
    auto out = torch::zeros({batch, stemCount, 2, frames});
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto pickSong = [&]() { return songIndices[std::size_t(rng() % songIndices.size())]; };
    auto pickOffset = [&](const torch::Tensor& song) -> std::int64_t {
        const auto n = song.size(2);
        return n > frames ? std::int64_t(rng() % std::uint64_t(n - frames + 1)) : 0;
    };
    for (std::int64_t b = 0; b < batch; ++b) {
        const bool coherent = !augment || unit(rng) < 0.5;
        const std::size_t common = pickSong();
        const std::int64_t commonOffset = pickOffset(m_songs[common]);
        for (std::int64_t s = 0; s < stemCount; ++s) {
            const std::size_t song = coherent ? common : pickSong();
            const torch::Tensor& source = m_songs[song];
            const std::int64_t offset = coherent ? std::min<std::int64_t>(commonOffset, std::max<std::int64_t>(0, source.size(2) - frames))
                                                 : pickOffset(source);
            const std::int64_t length = std::min<std::int64_t>(frames, source.size(2) - offset);
            auto piece = source[s].narrow(1, offset, length).to(torch::kFloat);
            if (augment) {
                if (unit(rng) < 0.1) continue; // dropped: the stem stays silent
                piece = piece * float(0.25 + unit(rng));
                if (unit(rng) < 0.5) piece = piece.flip(0);
            }
            out[b][s].narrow(1, 0, length).copy_(piece);
        }
    }
    return out;
}

} // namespace emotrace
