#include "evaluation/RealRecordingsCheck.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

#include "analysis/SongAnalyzer.h"
#include "audio/AudioDecoder.h"
#include "audio/MonoResampler.h"
#include "lab/MidiFile.h"
#include "lab/PartRenderer.h"
#include "lab/ScoreLabeler.h"
#include "lab/SoundfontCatalog.h"
#include "train/CsvTable.h"
#include "util/Error.h"

namespace emotrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Notes' minorness outside this band decides the mode of a MIDI piece; inside it the
// key finding of ScoreLabeler is too close to call and the audio key finding is used.
constexpr double kMinorFromNotes = 0.65;
constexpr double kMajorFromNotes = 0.35;

bool isMidi(const std::filesystem::path& path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".mid" || ext == ".midi";
}

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string fixed(double v, int decimals, int width)
{
    char buffer[64];
    if (!std::isfinite(v)) std::snprintf(buffer, sizeof buffer, "%*s", width, "n/a");
    else std::snprintf(buffer, sizeof buffer, "%*.*f", width, decimals, v);
    return buffer;
}

std::string interval(double rho, const RankStatistics::Interval& i)
{
    if (!std::isfinite(rho)) return "      n/a          ";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%+.2f [%+.2f,%+.2f]", rho, i.low, i.high);
    return buffer;
}

} // namespace

bool RealRecordingsCheck::Goal::met() const
{
    return std::isfinite(value) && (strict ? value > threshold : value >= threshold);
}

RealRecordingsCheck::RealRecordingsCheck(LoadedModel model) : RealRecordingsCheck(std::move(model), Settings{}) {}

RealRecordingsCheck::RealRecordingsCheck(LoadedModel model, Settings settings)
    : m_model(std::move(model)), m_settings(std::move(settings)), m_analyzer(m_model, m_settings.analysis)
{
}

std::vector<RealRecordingsCheck::Entry> RealRecordingsCheck::readManifest(const std::filesystem::path& manifest)
{
    const CsvTable table = CsvTable::read(manifest);
    const int package = table.column("package"), path = table.column("path"), split = table.column("split"),
              group = table.column("style_group"), mode = table.findColumn("mode");
    const std::filesystem::path base = manifest.parent_path();
    std::vector<Entry> entries;
    for (const auto& row : table.rows()) {
        Entry e;
        e.line = row.line;
        e.package = table.text(row, package);
        const std::filesystem::path listed = table.requiredText(row, path);
        e.path = listed.is_absolute() ? listed : base / listed;
        e.split = table.requiredText(row, split);
        e.styleGroup = table.requiredText(row, group);
        if (e.styleGroup != "energetic" && e.styleGroup != "calm" && e.styleGroup != "neutral")
            throw Error(manifest.string() + ":" + std::to_string(row.line) + ": style_group \"" + e.styleGroup +
                        "\" is not energetic, calm or neutral");
        if (mode >= 0) e.mode = table.text(row, mode);
        if (!e.mode.empty() && e.mode != "major" && e.mode != "minor")
            throw Error(manifest.string() + ":" + std::to_string(row.line) + ": mode \"" + e.mode + "\" is not major, minor or empty");
        entries.push_back(std::move(e));
    }
    return entries;
}

RealRecordingsCheck::Song RealRecordingsCheck::measure(const Entry& entry)
{
    Song song;
    song.entry = entry;
    AudioBuffer audio;
    std::string notesMode;
    if (isMidi(entry.path)) {
        const Score score = MidiFile::read(entry.path);
        PartRenderer renderer(SoundfontCatalog().resolve("fluidr3"));
        audio = renderer.render(score).mix;
        const double minorness = ScoreLabeler::minorness(score);
        if (minorness >= kMinorFromNotes) notesMode = "minor";
        else if (minorness <= kMajorFromNotes) notesMode = "major";
    } else {
        audio = AudioDecoder::decode(entry.path);
    }
    song.durationSeconds = audio.durationSeconds();
    SongInfo info = SongInfo::ofFile(entry.path);
    const AnalysisResult analysis = m_analyzer.analyzeAudio(audio, info);
    song.values = analysis.concepts;
    song.values.insert(song.values.end(), analysis.emotions.begin(), analysis.emotions.end());
    const std::vector<float> mono = MonoResampler::toMono(audio, RealRecordingProxies::kSampleRate);
    song.proxies = RealRecordingProxies::compute(mono, entry.path.string());
    if (!entry.mode.empty()) song.mode = entry.mode, song.modeSource = "manifest";
    else if (!notesMode.empty()) song.mode = notesMode, song.modeSource = "notes";
    else song.mode = song.proxies.mode, song.modeSource = "audio";
    return song;
}

RealRecordingsCheck::Result RealRecordingsCheck::run(const std::filesystem::path& manifest, const SongCallback& onSong)
{
    std::vector<Entry> entries;
    for (auto& e : readManifest(manifest))
        if (e.split == m_settings.split) entries.push_back(std::move(e));
    if (entries.size() < 4)
        throw Error(manifest.string() + ": split \"" + m_settings.split + "\" has " + std::to_string(entries.size()) +
                    " recordings; the check needs at least 4");
    std::vector<std::string> missing;
    for (const auto& e : entries)
        if (!std::filesystem::is_regular_file(e.path)) missing.push_back(e.path.string() + " (line " + std::to_string(e.line) + ")");
    if (!missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < missing.size() && i < 5; ++i) list += (i ? ", " : "") + missing[i];
        if (missing.size() > 5) list += ", ...";
        throw Error(manifest.string() + ": " + std::to_string(missing.size()) + " listed file(s) missing: " + list +
                    " (install them with resources/realcheck/make-dev-set.sh)");
    }

    Result result;
    result.manifest = manifest.string();
    result.split = m_settings.split;
    // model identity and target names as level one reports them (SongAnalyzer's own fields)
    const ModelInfo& info = m_model.info;
    result.model = {info.name, info.version, info.trained, info.architecture.baseChannels, m_model.folder.string()};
    result.targets = info.features;
    result.targets.insert(result.targets.end(), info.targets.begin(), info.targets.end());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        result.songs.push_back(measure(entries[i]));
        if (onSong) onSong(int(i), int(entries.size()), result.songs.back());
    }
    summarise(result, m_settings.bootstrapReplicates, m_settings.seed);
    return result;
}

void RealRecordingsCheck::summarise(Result& result, int bootstrapReplicates, std::uint64_t seed)
{
    result.bootstrapReplicates = bootstrapReplicates;
    result.seed = seed;
    result.stats.clear();
    result.goals.clear();
    std::vector<double> tempo, percussive;
    std::vector<bool> minor;
    for (const auto& s : result.songs) {
        tempo.push_back(s.proxies.tempoBpm);
        percussive.push_back(s.proxies.percussiveShare);
        minor.push_back(s.mode == "minor");
    }
    for (std::size_t t = 0; t < result.targets.size(); ++t) {
        TargetStats st;
        st.name = result.targets[t];
        std::vector<double> values, groupValues;
        std::vector<bool> energetic;
        for (const auto& s : result.songs) {
            values.push_back(s.values.at(t));
            if (s.entry.styleGroup != "neutral") {
                groupValues.push_back(s.values.at(t));
                energetic.push_back(s.entry.styleGroup == "energetic");
            }
        }
        st.mean = RankStatistics::mean(values);
        st.standardDeviation = RankStatistics::standardDeviation(values);
        st.rhoTempo = RankStatistics::spearman(values, tempo);
        st.rhoTempoInterval = RankStatistics::bootstrapSpearman(values, tempo, bootstrapReplicates, seed);
        st.rhoPercussive = RankStatistics::spearman(values, percussive);
        st.rhoPercussiveInterval = RankStatistics::bootstrapSpearman(values, percussive, bootstrapReplicates, seed);
        st.aucEnergeticVsCalm = RankStatistics::auc(groupValues, energetic);
        st.aucMinorVsMajor = RankStatistics::auc(values, minor);
        result.stats.push_back(st);
    }
    const auto find = [&](const std::string& name) -> const TargetStats* {
        for (const auto& s : result.stats)
            if (s.name == name) return &s;
        return nullptr;
    };
    const TargetStats* arousal = find("arousal");
    const TargetStats* valence = find("valence");
    const TargetStats* minorness = find("minorness");
    result.goals.push_back({"arousal std over songs >= 0.12", arousal ? arousal->standardDeviation : kNaN, 0.12, false});
    result.goals.push_back({"arousal AUC energetic vs calm >= 0.90", arousal ? arousal->aucEnergeticVsCalm : kNaN, 0.90, false});
    result.goals.push_back({"arousal Spearman rho with tempo > 0.4", arousal ? arousal->rhoTempo : kNaN, 0.4, true});
    result.goals.push_back({"arousal Spearman rho with percussive share > 0.4", arousal ? arousal->rhoPercussive : kNaN, 0.4, true});
    result.goals.push_back({"minorness AUC minor vs major >= 0.85", minorness ? minorness->aucMinorVsMajor : kNaN, 0.85, false});
    result.goals.push_back(
        {"valence AUC major vs minor >= 0.75", valence ? 1.0 - valence->aucMinorVsMajor : kNaN, 0.75, false});
}

RealRecordingsCheck::Result::Counts RealRecordingsCheck::Result::counts() const
{
    Counts n;
    for (const auto& s : songs) {
        n.energetic += s.entry.styleGroup == "energetic";
        n.calm += s.entry.styleGroup == "calm";
        n.minor += s.mode == "minor";
        ++n.modeSources[s.modeSource];
    }
    n.neutral = int(songs.size()) - n.energetic - n.calm;
    n.major = int(songs.size()) - n.minor;
    return n;
}

nlohmann::json RealRecordingsCheck::Result::toJson() const
{
    nlohmann::json j;
    j["model"] = {{"name", model.name}, {"version", model.version}, {"trained", model.trained}, {"folder", model.folder}};
    j["manifest"] = manifest;
    j["split"] = split;
    j["songs_count"] = songs.size();
    j["bootstrap"] = {{"replicates", bootstrapReplicates}, {"seed", seed}, {"level", 0.95}};
    const Counts n = counts();
    j["groups"] = {{"energetic", n.energetic}, {"calm", n.calm}, {"neutral", n.neutral}};
    j["modes"] = {{"minor", n.minor}, {"major", n.major}, {"sources", n.modeSources}};
    nlohmann::json stats = nlohmann::json::object();
    for (const auto& s : this->stats)
        stats[s.name] = {{"mean", number(s.mean)},
                         {"std", number(s.standardDeviation)},
                         {"spearman_tempo", number(s.rhoTempo)},
                         {"spearman_tempo_ci95", {number(s.rhoTempoInterval.low), number(s.rhoTempoInterval.high)}},
                         {"spearman_percussive", number(s.rhoPercussive)},
                         {"spearman_percussive_ci95", {number(s.rhoPercussiveInterval.low), number(s.rhoPercussiveInterval.high)}},
                         {"auc_energetic_vs_calm", number(s.aucEnergeticVsCalm)},
                         {"auc_minor_vs_major", number(s.aucMinorVsMajor)}};
    j["targets"] = stats;
    nlohmann::json goalList = nlohmann::json::array();
    for (const auto& g : goals)
        goalList.push_back({{"goal", g.description}, {"value", number(g.value)}, {"threshold", g.threshold}, {"met", g.met()}});
    j["goals"] = goalList;
    nlohmann::json songList = nlohmann::json::array();
    for (const auto& s : songs) {
        nlohmann::json values = nlohmann::json::object();
        for (std::size_t t = 0; t < targets.size() && t < s.values.size(); ++t) values[targets[t]] = s.values[t];
        songList.push_back({{"package", s.entry.package},
                            {"path", s.entry.path.string()},
                            {"style_group", s.entry.styleGroup},
                            {"manifest_mode", s.entry.mode},
                            {"mode", s.mode},
                            {"mode_source", s.modeSource},
                            {"duration_seconds", s.durationSeconds},
                            {"proxies", s.proxies.toJson()},
                            {"predictions", values}});
    }
    j["songs"] = songList;
    return j;
}

std::string RealRecordingsCheck::Result::formatTable() const
{
    std::ostringstream out;
    const Counts n = counts();
    out << "real-recordings check: model " << model.name << " " << model.version << (model.trained ? "" : "  [UNTRAINED]") << "\n"
        << "manifest " << manifest << ", split " << split << ": " << songs.size() << " recordings (" << n.energetic
        << " energetic, " << n.calm << " calm, " << n.neutral << " neutral; " << n.minor << " minor, " << n.major
        << " major; mode from";
    for (const auto& [source, count] : n.modeSources) out << " " << source << " " << count;
    out << ")\n"
        << "rho: Spearman with the proxy [bootstrap 95 % interval, " << bootstrapReplicates << " resamples, seed " << seed
        << "]; AUC E>C: energetic vs calm; AUC min>maj: minor vs major\n\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-18s %6s %6s  %-21s  %-21s  %8s  %10s\n", "target", "mean", "std", "rho tempo",
                  "rho percussive", "AUC E>C", "AUC min>maj");
    out << line;
    for (const auto& s : stats)
        out << std::string(s.name).append(18 - std::min<std::size_t>(18, s.name.size()), ' ') << " " << fixed(s.mean, 3, 6) << " "
            << fixed(s.standardDeviation, 3, 6) << "  " << interval(s.rhoTempo, s.rhoTempoInterval) << "  "
            << interval(s.rhoPercussive, s.rhoPercussiveInterval) << "  " << fixed(s.aucEnergeticVsCalm, 2, 8) << "  "
            << fixed(s.aucMinorVsMajor, 2, 10) << "\n";
    out << "\ntargets of issue 10:\n";
    for (const auto& g : goals) {
        std::snprintf(line, sizeof line, "  %-50s %s  %s\n", g.description.c_str(), fixed(g.value, 3, 7).c_str(),
                      g.met() ? "MET" : "MISSED");
        out << line;
    }
    out << "\nper recording:\n";
    std::snprintf(line, sizeof line, "  %-22s %-34s %-9s %-5s %-6s %6s %5s %7s %7s %7s\n", "package", "file", "group", "mode", "(src)",
                  "BPM", "perc", "arousal", "valence", "minor.");
    out << line;
    const auto index = [&](const std::string& name) {
        const auto it = std::find(targets.begin(), targets.end(), name);
        return it == targets.end() ? -1 : int(it - targets.begin());
    };
    const int ia = index("arousal"), iv = index("valence"), im = index("minorness");
    const auto value = [](const Song& s, int i) { return i >= 0 && std::size_t(i) < s.values.size() ? s.values[std::size_t(i)] : kNaN; };
    for (const auto& s : songs) {
        std::string file = s.entry.path.filename().string();
        if (file.size() > 34) file = file.substr(0, 31) + "...";
        std::snprintf(line, sizeof line, "  %-22s %-34s %-9s %-5s %-6s %6.1f %5.2f %7.3f %7.3f %7.3f\n", s.entry.package.c_str(),
                      file.c_str(), s.entry.styleGroup.c_str(), s.mode.c_str(), s.modeSource.c_str(), s.proxies.tempoBpm,
                      s.proxies.percussiveShare, value(s, ia), value(s, iv), value(s, im));
        out << line;
    }
    return out.str();
}

} // namespace emotrace
