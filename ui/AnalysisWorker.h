#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "WaveformEnvelope.h"
#include "analysis/AnalysisResult.h"
#include "audio/AudioBuffer.h"
#include "explain/SourceExplanation.h"
#include "model/ModelInfo.h"
#include "separation/SeparatorFactory.h"
#include "separation/StemSet.h"

namespace emotrace::ui {

/// What one analysis job needs besides the song (read from QSettings by the window).
struct AnalysisJobSettings {
    QString modelFolder;           ///< model package folder
    /// SeparatorFactory spec; by default SeparatorFactory::defaultSpec() (builtin until the
    /// shipped learned separator is recommended by its card).
    QString separatorSpec = QString::fromStdString(SeparatorFactory::defaultSpec());
    double windowSeconds = 40.0;   ///< s; the hop is half of it
    int limeSamples = 0;           ///< 0: exhaustive when 2^n <= 1024, else audioLIME's 1000
    int limeSegments = 1;          ///< temporal segments per stem
    int threads = 0;               ///< libtorch threads (0 = all cores), set once per process
};

/// Runs EmoTrace's two levels for one song at a time on a worker thread it owns: decode,
/// SongAnalyzer (level one), separation and SongExplainer (level two). The model package
/// is loaded on that thread, once (again only when the folder changes), and used there
/// only. The object itself lives on the GUI thread; its signals are emitted from the
/// worker thread and so reach GUI-thread receivers queued, carrying value types.
///
/// Cancel: open() while a job runs raises that job's cancel flag (passed to core through
/// emotrace::Progress); the worker starts the new job once the old one has thrown
/// Cancelled. Only the newest request waits: requests made meanwhile are replaced.
///
/// Every signal carries the id of the job it belongs to (open() returns it). A result can
/// be emitted just before a cancel lands and arrive after a newer job began, so receivers
/// (SongSession) drop every signal whose id is not the job they are showing.
class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    explicit AnalysisWorker(QObject* parent = nullptr);
    /// Cancels the running job and joins the thread. Core checks cancel inside its long
    /// loops (decoding, separation, every model window), so this returns promptly.
    ~AnalysisWorker() override;

    /// Queues a song (replacing any queued one) and cancels the running job. Returns the
    /// new job's id (1, 2, ...: never 0). GUI thread.
    quint64 open(const QString& song, const AnalysisJobSettings& settings);
    /// Cancels the running job (and drops a queued one). GUI thread.
    void cancel();
    /// True from open() until the newest job ends (false before its terminal signal).
    bool isBusy() const { return m_busy.load(); }

    /// Registers the value types used in queued signals (called by the constructor).
    static void registerMetaTypes();

Q_SIGNALS:
    void started(quint64 job, const QString& song);
    /// stage: core's stage name ("decode", "model", "separate", "explain", ...); 0..100.
    void progress(quint64 job, const QString& stage, int percent);
    /// The decoded song, shared, not copied (a long song is hundreds of MB; a value
    /// signal would copy it per queued receiver).
    void sharedAudioReady(quint64 job, std::shared_ptr<const emotrace::AudioBuffer> audio);
    /// The waveform overview, computed on the worker thread right after decoding.
    void envelopeReady(quint64 job, const emotrace::ui::WaveformEnvelope& envelope);
    /// The model's description (names, target ranges) and the folder this job loaded it
    /// from, once per job after loading.
    void modelLoaded(quint64 job, const emotrace::ModelInfo& info, const QString& folder);
    void levelOneReady(quint64 job, const emotrace::AnalysisResult& result);
    /// The separated stems, shared, not copied.
    void sharedStemsReady(quint64 job, std::shared_ptr<const emotrace::StemSet> stems);
    void levelTwoReady(quint64 job, const emotrace::SourceExplanation& explanation);
    void finished(quint64 job, const QString& song);
    void cancelled(quint64 job, const QString& song);
    /// One line naming what failed.
    void failed(quint64 job, const QString& message);

private:
    struct Job {
        quint64 id = 0;
        QString song;
        AnalysisJobSettings settings;
    };
    struct State; ///< worker-thread-only state (model, separator): keeps torch out of this header

    void run();
    void runJob(const Job& job, const std::atomic<bool>& cancelFlag);
    /// Worker thread: the running job has ended; clears busy unless another is queued.
    void markDone();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Job> m_pending;                 ///< guarded by m_mutex
    std::shared_ptr<std::atomic<bool>> m_running; ///< cancel flag of the running job; m_mutex
    bool m_quit = false;                          ///< m_mutex
    quint64 m_lastJob = 0;                        ///< m_mutex
    std::atomic<bool> m_busy{false};
    std::unique_ptr<State> m_state;               ///< touched by the worker thread only
    std::thread m_thread;
};

} // namespace emotrace::ui

Q_DECLARE_METATYPE(emotrace::ui::WaveformEnvelope)
Q_DECLARE_METATYPE(emotrace::AnalysisResult)
Q_DECLARE_METATYPE(emotrace::SourceExplanation)
Q_DECLARE_METATYPE(emotrace::ModelInfo)
Q_DECLARE_METATYPE(std::shared_ptr<const emotrace::AudioBuffer>)
Q_DECLARE_METATYPE(std::shared_ptr<const emotrace::StemSet>)
