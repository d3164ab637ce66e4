#include "AnalysisWorker.h"

#include <QMetaType>

#include <filesystem>

#include "analysis/SongAnalyzer.h"
#include "audio/AudioDecoder.h"
#include "explain/SongExplainer.h"
#include "model/ModelPackage.h"
#include "model/TorchRuntime.h"
#include "separation/SeparatorFactory.h"
#include "util/Error.h"

namespace emotrace::ui {

struct AnalysisWorker::State {
    std::optional<LoadedModel> model;
    QString modelFolder;
    /// Built from the model (each folds it into its own inference copy): kept across songs
    /// and rebuilt only when the model or the settings they were made with change.
    std::optional<SongAnalyzer> analyzer;
    std::optional<SongExplainer> explainer;
    AnalysisJobSettings builtWith;
    std::unique_ptr<Separator> separator;
    QString separatorSpec;
    bool threadsConfigured = false;
};

void AnalysisWorker::registerMetaTypes()
{
    qRegisterMetaType<emotrace::ui::WaveformEnvelope>();
    qRegisterMetaType<emotrace::AnalysisResult>();
    qRegisterMetaType<emotrace::SourceExplanation>();
    qRegisterMetaType<emotrace::ModelInfo>();
    qRegisterMetaType<std::shared_ptr<const emotrace::AudioBuffer>>();
    qRegisterMetaType<std::shared_ptr<const emotrace::StemSet>>();
}

AnalysisWorker::AnalysisWorker(QObject* parent) : QObject(parent), m_state(std::make_unique<State>())
{
    registerMetaTypes();
    m_thread = std::thread([this] { run(); });
}

AnalysisWorker::~AnalysisWorker()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_pending.reset();
        if (m_running) m_running->store(true);
    }
    m_wake.notify_all();
    m_thread.join();
}

quint64 AnalysisWorker::open(const QString& song, const AnalysisJobSettings& settings)
{
    quint64 id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = ++m_lastJob;
        m_pending = Job{id, song, settings};
        if (m_running) m_running->store(true);
        m_busy.store(true);
    }
    m_wake.notify_all();
    return id;
}

void AnalysisWorker::cancel()
{
    std::lock_guard lock(m_mutex);
    m_pending.reset();
    if (m_running) m_running->store(true);
}

void AnalysisWorker::run()
{
    for (;;) {
        Job job;
        std::shared_ptr<std::atomic<bool>> flag;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_quit || m_pending.has_value(); });
            if (m_quit) return;
            job = std::move(*m_pending);
            m_pending.reset();
            flag = std::make_shared<std::atomic<bool>>(false);
            m_running = flag;
        }
        runJob(job, *flag);
    }
}

void AnalysisWorker::markDone()
{
    // Before the terminal signal: a receiver that still sees isBusy() knows a newer job
    // was requested and can ignore this one's end.
    std::lock_guard lock(m_mutex);
    m_running.reset();
    if (!m_pending) m_busy.store(false);
}

void AnalysisWorker::runJob(const Job& job, const std::atomic<bool>& cancelFlag)
{
    Q_EMIT started(job.id, job.song);
    // Forwarded only when the percentage moves, so a busy stage does not flood the queue.
    std::string lastStage;
    int lastPercent = -1;
    const Progress progressSink(
        [&](std::string_view stage, int percent) {
            if (cancelFlag.load(std::memory_order_relaxed)) return;
            if (stage == lastStage && percent == lastPercent) return;
            lastStage = std::string(stage);
            lastPercent = percent;
            Q_EMIT progress(job.id, QString::fromUtf8(stage.data(), qsizetype(stage.size())), percent);
        },
        &cancelFlag);
    try {
        State& s = *m_state;
        const std::filesystem::path path = job.song.toStdString();
        const auto shared = std::make_shared<const AudioBuffer>(AudioDecoder::decode(path, progressSink));
        const AudioBuffer& audio = *shared;
        progressSink.checkCancelled();
        Q_EMIT sharedAudioReady(job.id, shared);
        Q_EMIT envelopeReady(job.id, WaveformEnvelope::of(audio));

        if (job.settings.modelFolder.isEmpty())
            throw Error("no model configured: set a model folder in the settings or $EMOTRACE_MODEL");
        if (!s.threadsConfigured) {
            configureTorchThreads(job.settings.threads);
            s.threadsConfigured = true;
        }
        if (!s.model || s.modelFolder != job.settings.modelFolder) {
            Q_EMIT progress(job.id, QStringLiteral("load model"), 0);
            s.analyzer.reset();
            s.explainer.reset();
            s.model.reset();
            s.model = ModelPackage::load(job.settings.modelFolder.toStdString());
            s.modelFolder = job.settings.modelFolder;
            Q_EMIT progress(job.id, QStringLiteral("load model"), 100);
        }
        const AnalysisJobSettings& want = job.settings;
        if (!s.analyzer || s.builtWith.windowSeconds != want.windowSeconds) {
            AnalysisSettings analysis;
            analysis.windowSeconds = want.windowSeconds;
            analysis.hopSeconds = want.windowSeconds / 2.0;
            s.analyzer.reset();
            s.analyzer.emplace(*s.model, analysis);
        }
        if (!s.explainer || s.builtWith.windowSeconds != want.windowSeconds || s.builtWith.limeSegments != want.limeSegments
            || s.builtWith.limeSamples != want.limeSamples) {
            SongExplainer::Settings explain;
            explain.windowSeconds = want.windowSeconds;
            explain.segments = want.limeSegments;
            if (want.limeSamples > 0) explain.lime.samples = want.limeSamples;
            s.explainer.reset();
            s.explainer.emplace(*s.model, explain);
        }
        s.builtWith = want;
        Q_EMIT modelLoaded(job.id, s.model->info, s.modelFolder);
        progressSink.checkCancelled();

        const SongInfo info = SongInfo::ofFile(path);

        const AnalysisResult levelOne = s.analyzer->analyzeAudio(audio, info, progressSink);
        progressSink.checkCancelled();
        Q_EMIT levelOneReady(job.id, levelOne);

        if (!s.separator || s.separatorSpec != job.settings.separatorSpec) {
            s.separator.reset();
            s.separator = SeparatorFactory::create(job.settings.separatorSpec.toStdString());
            s.separatorSpec = job.settings.separatorSpec;
        }
        const auto sharedStems = std::make_shared<const StemSet>(s.separator->separate(audio, info.path, progressSink));
        const StemSet& stems = *sharedStems;
        progressSink.checkCancelled();
        Q_EMIT sharedStemsReady(job.id, sharedStems);

        const SourceExplanation levelTwo = s.explainer->explainStems(audio, stems, info, progressSink);
        progressSink.checkCancelled();
        Q_EMIT levelTwoReady(job.id, levelTwo);
        markDone();
        Q_EMIT finished(job.id, job.song);
    } catch (const Cancelled&) {
        markDone();
        Q_EMIT cancelled(job.id, job.song);
    } catch (const Error& e) {
        markDone();
        Q_EMIT failed(job.id, QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        markDone();
        Q_EMIT failed(job.id, tr("internal error: %1").arg(QString::fromStdString(e.what())));
    }
}

} // namespace emotrace::ui
