#include "evaluation/ModuleRenderer.h"

#include <libopenmpt/libopenmpt.hpp>
#include <libopenmpt/libopenmpt_ext.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "util/Error.h"

namespace emotrace {

namespace {

/// A fresh libopenmpt module over the bytes, configured as the class comment says.
/// libopenmpt's log lines go to `log` instead of std::clog.
std::unique_ptr<openmpt::module_ext> load(const std::vector<char>& data, const ModuleRenderer::Settings& s, std::ostream& log)
{
    const std::map<std::string, std::string> ctls{{"render.resampler.emulate_amiga", "0"}, {"play.at_end", "stop"}};
    auto module = std::make_unique<openmpt::module_ext>(data, log, ctls);
    module->set_repeat_count(0);
    module->set_render_param(openmpt::module::RENDER_MASTERGAIN_MILLIBEL, 0);
    module->set_render_param(openmpt::module::RENDER_STEREOSEPARATION_PERCENT, s.stereoSeparationPercent);
    module->set_render_param(openmpt::module::RENDER_INTERPOLATIONFILTER_LENGTH, s.interpolationTaps);
    module->set_render_param(openmpt::module::RENDER_VOLUMERAMPING_STRENGTH, -1);
    return module;
}

std::string trimmed(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

ModuleRenderer::ModuleRenderer(const std::filesystem::path& file, Settings settings) : m_file(file), m_settings(settings)
{
    if (settings.sampleRate < 8000 || settings.sampleRate > 192000)
        throw Error(file.string() + ": sample rate must be 8000..192000 Hz");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open file");
    m_data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(file.string() + ": cannot read file");
    if (m_data.empty()) throw Error(file.string() + ": empty file, not a tracker module");

    std::ostringstream log;
    std::unique_ptr<openmpt::module_ext> module;
    try {
        module = load(m_data, m_settings, log);
    } catch (const std::exception& e) {
        throw Error(file.string() + ": not a tracker module libopenmpt can load (" + e.what() + ")");
    }
    m_format = module->get_metadata("type");
    m_title = trimmed(module->get_metadata("title"));
    m_songSeconds = module->get_duration_seconds();
    m_instrumentMode = module->get_num_instruments() > 0;
    const std::vector<std::string> names = m_instrumentMode ? module->get_instrument_names() : module->get_sample_names();
    const int count = m_instrumentMode ? module->get_num_instruments() : module->get_num_samples();
    if (count <= 0) throw Error(file.string() + ": the module has no instruments or samples");

    // Which notes each instrument is played at, walking the order list; a row with a note
    // and no instrument number replays the channel's last instrument (tracker semantics).
    std::vector<std::set<int>> notes(static_cast<std::size_t>(count));
    const int channels = module->get_num_channels();
    std::vector<int> current(std::size_t(std::max(0, channels)), 0);
    for (int order = 0; order < module->get_num_orders(); ++order) {
        const int pattern = module->get_order_pattern(order);
        if (pattern < 0 || pattern >= module->get_num_patterns()) continue; // "+++" / "---" markers
        for (int row = 0; row < module->get_pattern_num_rows(pattern); ++row)
            for (int c = 0; c < channels; ++c) {
                const int instrument = module->get_pattern_row_channel_command(pattern, row, c, openmpt::module::command_instrument);
                const int note = module->get_pattern_row_channel_command(pattern, row, c, openmpt::module::command_note);
                if (instrument > 0) current[std::size_t(c)] = instrument;
                const int playing = current[std::size_t(c)];
                if (note >= 1 && note <= 120 && playing >= 1 && playing <= count) notes[std::size_t(playing - 1)].insert(note);
            }
    }
    for (int i = 0; i < count; ++i)
        m_instruments.push_back({i, i < int(names.size()) ? trimmed(names[std::size_t(i)]) : std::string(),
                                 int(notes[std::size_t(i)].size())});
}

ModuleRenderer::ModuleRenderer(const std::filesystem::path& file) : ModuleRenderer(file, Settings{}) {}

AudioBuffer ModuleRenderer::render(const std::vector<bool>& audible, double maxSeconds, const Progress& progress) const
{
    if (audible.size() != m_instruments.size())
        throw Error(m_file.string() + ": " + std::to_string(audible.size()) + " mute flags for " +
                    std::to_string(m_instruments.size()) + " instruments");
    if (!(maxSeconds > 0.0)) throw Error(m_file.string() + ": render length must be positive");
    std::ostringstream log;
    auto module = load(m_data, m_settings, log);
    auto* interactive = static_cast<openmpt::ext::interactive*>(module->get_interface(openmpt::ext::interactive_id));
    if (!interactive) throw Error(m_file.string() + ": libopenmpt offers no interactive interface (instrument mute)");
    for (std::size_t i = 0; i < audible.size(); ++i) interactive->set_instrument_mute_status(std::int32_t(i), !audible[i]);

    AudioBuffer out;
    out.sampleRate = m_settings.sampleRate;
    out.channels = 2;
    const auto frames = std::size_t(std::llround(maxSeconds * m_settings.sampleRate));
    out.samples.resize(2 * frames);
    std::size_t done = 0;
    constexpr std::size_t kBlock = 8192;
    while (done < frames) {
        progress.checkCancelled();
        const std::size_t want = std::min(kBlock, frames - done);
        const std::size_t got = module->read_interleaved_stereo(std::int32_t(m_settings.sampleRate), want, out.samples.data() + 2 * done);
        if (got == 0) break; // the song ended
        done += got;
    }
    out.samples.resize(2 * done);
    return out;
}

AudioBuffer ModuleRenderer::renderAll(double maxSeconds, const Progress& progress) const
{
    return render(std::vector<bool>(m_instruments.size(), true), maxSeconds, progress);
}

} // namespace emotrace
