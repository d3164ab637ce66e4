#include "explain/MixSpectrogramComposer.h"

#include <cmath>

#include "dsp/FrameGrid.h"
#include "util/Error.h"

namespace emotrace {

MixSpectrogramComposer::MixSpectrogramComposer(LogSpectrogramFrontEnd frontEnd, std::vector<std::vector<float>> components)
    : m_frontEnd(std::move(frontEnd)), m_components(std::move(components))
{
    if (m_components.empty()) throw Error("mix composer: no components");
    m_samples = std::int64_t(m_components.front().size());
    for (const auto& c : m_components)
        if (std::int64_t(c.size()) != m_samples) throw Error("mix composer: components differ in length");
    if (m_samples == 0) throw Error("mix composer: components are empty");
    m_frames = FrameGrid(m_frontEnd.parameters().hop(), m_samples).frameCount();
    // Raw (unnormalised, untrimmed) STFT of each component on the full frame grid.
    for (const auto& c : m_components) m_stft.push_back(m_frontEnd.stft(c));
}

void MixSpectrogramComposer::checkMask(const std::vector<std::uint8_t>& mask) const
{
    if (mask.size() != m_components.size())
        throw Error("mix composer: mask has " + std::to_string(mask.size()) + " entries for " + std::to_string(m_components.size())
                    + " components");
}

std::vector<float> MixSpectrogramComposer::mixWaveform(const std::vector<std::uint8_t>& mask) const
{
    checkMask(mask);
    std::vector<float> mix(std::size_t(m_samples), 0.0f);
    for (std::size_t c = 0; c < m_components.size(); ++c)
        if (mask[c])
            for (std::size_t i = 0; i < mix.size(); ++i) mix[i] += m_components[c][i];
    return mix;
}

Spectrogram MixSpectrogramComposer::direct(const std::vector<std::uint8_t>& mask) const
{
    return m_frontEnd.computeOnGrid(mixWaveform(mask));
}

Spectrogram MixSpectrogramComposer::compose(const std::vector<std::uint8_t>& mask) const
{
    const auto mix = mixWaveform(mask);
    float peak = 0.0f;
    for (float x : mix) {
        if (!std::isfinite(x)) throw Error("mix composer: component samples are not finite");
        peak = std::max(peak, std::fabs(x));
    }
    if (peak == 0.0f) return m_frontEnd.computeOnGrid(mix); // the silence policy: zeros on the grid
    const std::size_t values = std::size_t(m_frames) * std::size_t(m_frontEnd.binCount());
    std::vector<std::complex<float>> sum(values, {0.0f, 0.0f});
    for (std::size_t c = 0; c < m_components.size(); ++c)
        if (mask[c]) {
            const auto& s = m_stft[c];
            for (std::size_t i = 0; i < values; ++i) sum[i] += s[i];
        }
    const float scale = 1.0f / peak;
    for (auto& z : sum) z *= scale;
    return m_frontEnd.fromStft(sum, m_frames);
}

} // namespace emotrace
