#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/AnalysisResult.h"
#include "analysis/SongAnalyzer.h"
#include "evaluation/RankStatistics.h"
#include "evaluation/RealRecordingProxies.h"
#include "model/ModelPackage.h"

namespace emotrace {

/// The real-recordings check (issue 10): does a model's view of real music move with what
/// can be measured about it? For every recording of one split of a manifest, level one
/// (SongAnalyzer over the whole song, as `emotrace-cli analyze`) and the
/// RealRecordingProxies; then, per target (the seven mid-level features, arousal,
/// valence): the spread over songs, Spearman's rho with tempo and with percussive share
/// (with a seeded bootstrap 95 % interval), the AUC of energetic against calm style
/// groups and of minor against major pieces; and the targets, met or missed.
///
/// Manifest (CSV, see resources/realcheck/README.md): columns package, path, split,
/// style_group (energetic | calm | neutral) and optionally mode (major | minor | empty).
/// Relative paths are taken from the manifest's folder. Audio is anything FFmpeg
/// decodes; a MIDI file (.mid, .midi) is rendered with FluidSynth and the fluidr3
/// soundfont (core/lab) at 44.1 kHz. Mode of a song: the manifest's when given, else the
/// notes' (ScoreLabeler minorness >= 0.65 minor, <= 0.35 major) for MIDI, else the audio
/// key finding's.
///
/// Owns its model: construct and run on one thread.
class RealRecordingsCheck {
public:
    struct Settings {
        std::string split = "dev";
        AnalysisSettings analysis;       ///< windows of level one (the analyze defaults)
        int bootstrapReplicates = 2000;
        std::uint64_t seed = 1;          ///< of the bootstrap
    };

    /// One manifest row.
    struct Entry {
        std::string package;
        std::filesystem::path path;  ///< resolved against the manifest's folder
        std::string split;
        std::string styleGroup;      ///< energetic, calm or neutral
        std::string mode;            ///< major, minor or empty (unknown)
        int line = 0;                ///< in the manifest
    };

    /// What one recording gave.
    struct Song {
        Entry entry;
        RealRecordingProxies::Values proxies;
        std::string mode;        ///< used for the AUCs: major or minor
        std::string modeSource;  ///< manifest, notes or audio
        std::vector<double> values; ///< [targets]: whole-song features then emotions
        double durationSeconds = 0.0;
    };

    /// Figures of one target over all songs. NaN where undefined (e.g. no calm song).
    struct TargetStats {
        std::string name;
        double mean = 0.0;
        double standardDeviation = 0.0;
        double rhoTempo = 0.0;
        RankStatistics::Interval rhoTempoInterval;
        double rhoPercussive = 0.0;
        RankStatistics::Interval rhoPercussiveInterval;
        double aucEnergeticVsCalm = 0.0; ///< energetic positive
        double aucMinorVsMajor = 0.0;    ///< minor positive
    };

    /// One of the targets.
    struct Goal {
        std::string description; ///< e.g. "arousal std >= 0.12"
        double value = 0.0;      ///< NaN when not measurable
        double threshold = 0.0;
        bool strict = false;     ///< > instead of >=
        bool met() const;
    };

    struct Result {
        ModelIdentity model;
        std::string manifest;
        std::string split;
        std::vector<std::string> targets;
        std::vector<Song> songs;
        std::vector<TargetStats> stats;
        std::vector<Goal> goals;
        int bootstrapReplicates = 0;
        std::uint64_t seed = 0;

        /// How many songs are in each style group and mode, and where the modes came from.
        struct Counts {
            int energetic = 0, calm = 0, neutral = 0, minor = 0, major = 0;
            std::map<std::string, int> modeSources;
        };
        Counts counts() const;

        nlohmann::json toJson() const;
        /// The compact tables the CLI prints: per target, the goals, then per song.
        std::string formatTable() const;
    };

    /// Called after each song (index from 0, of count).
    using SongCallback = std::function<void(int index, int count, const Song& song)>;

    /// With the default Settings.
    explicit RealRecordingsCheck(LoadedModel model);
    RealRecordingsCheck(LoadedModel model, Settings settings);

    /// Reads and validates a manifest. Throws emotrace::Error "<manifest>:<line>: ..." for
    /// a missing column or a bad style_group/mode value.
    static std::vector<Entry> readManifest(const std::filesystem::path& manifest);

    /// Runs the check on the rows of settings.split. Throws emotrace::Error naming the
    /// manifest when the split has fewer than 4 rows or listed files are missing (all of
    /// them named), and naming a recording that fails to decode.
    Result run(const std::filesystem::path& manifest, const SongCallback& onSong = {});

    /// The statistics and goals from songs (exposed for tests).
    static void summarise(Result& result, int bootstrapReplicates, std::uint64_t seed);

private:
    Song measure(const Entry& entry);

    LoadedModel m_model;
    Settings m_settings;
    /// Made once: it folds the model into its inference copy (not per song).
    SongAnalyzer m_analyzer;
};

} // namespace emotrace
