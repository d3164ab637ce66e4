#include "ExportController.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QThreadPool>

#include "ChartData.h"
#include "ChartExport.h"
#include "QCustomPlotInclude.h"
#include "SongSession.h"
#include "separation/StemWriter.h"
#include "util/Error.h"

namespace emotrace::ui {

namespace {

/// The audio writers, shared by the synchronous calls and the pool-thread jobs: an empty
/// string on success, else the one-line error. Any thread (the stems are immutable).
QString writeStemFiles(const StemSet& stems, const QString& folder, const QString& songBase, AudioEncoder::Format format)
{
    try {
        StemWriter::writeAll(stems, folder.toStdString(), songBase.toStdString() + "-", format);
        return {};
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
}

QString writeStemMix(const StemSet& stems, const std::vector<std::uint8_t>& mask, const QString& path)
{
    try {
        AudioEncoder::write(path.toStdString(), StemWriter::mix(stems, mask), AudioEncoder::formatFor(path.toStdString()), 24);
        return {};
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
}

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

} // namespace

ExportController::ExportController(const SongSession* session, ChartWidgets widgets, QObject* parent)
    : QObject(parent), m_session(session), m_widgets(widgets)
{
}

QWidget* ExportController::chartWidget(Chart chart) const
{
    switch (chart) {
    case Chart::EmotionPlane: return m_widgets.emotionPlane;
    case Chart::MidLevel: return m_widgets.midLevel;
    case Chart::Sources:
    case Chart::Perturbations: return m_widgets.sources;
    case Chart::Waveform: return m_widgets.waveform;
    }
    return nullptr;
}

QString ExportController::songBaseName() const
{
    return QFileInfo(m_session->song()).completeBaseName();
}

bool ExportController::exportChart(Chart chart, const QString& path, QString* error, QSize size) const
{
    const bool csv = QFileInfo(path).suffix().compare("csv", Qt::CaseInsensitive) == 0;
    if (csv) {
        const auto& one = m_session->levelOne();
        const auto& two = m_session->levelTwo();
        QString data;
        switch (chart) {
        case Chart::EmotionPlane: data = one ? ChartData::emotionPlaneCsv(*one) : ChartData::emotionPlaneCsv({}); break;
        case Chart::MidLevel: data = one ? ChartData::midLevelCsv(*one) : ChartData::midLevelCsv({}); break;
        case Chart::Sources: data = two ? ChartData::sourcesCsv(*two, m_session->selectedTarget()) : ChartData::sourcesCsv({}, {}); break;
        case Chart::Perturbations:
            data = two ? ChartData::perturbationsCsv(*two, m_session->selectedTarget()) : ChartData::perturbationsCsv({}, {});
            break;
        case Chart::Waveform: data = ChartData::waveformCsv(m_session->envelope()); break;
        }
        return ChartExport::saveBytes(path, data.toUtf8(), error);
    }
    if (chart == Chart::Perturbations) return fail(error, tr("%1: the perturbation table exports as CSV only").arg(path));
    if (chart == Chart::Waveform) return ChartExport::saveWidget(m_widgets.waveform, path, error);
    auto* plot = static_cast<QCustomPlot*>(chartWidget(chart));
    const int w = size.isValid() ? size.width() : 0, h = size.isValid() ? size.height() : 0;
    return ChartExport::savePlot(plot, path, error, w, h);
}

bool ExportController::exportAnalysisJson(const QString& path, QString* error) const
{
    const auto& one = m_session->levelOne();
    if (!one) return fail(error, tr("nothing to export: no analysis yet"));
    return ChartExport::saveBytes(path, QByteArray::fromStdString(one->toJson().dump(2) + "\n"), error);
}

bool ExportController::exportExplanationJson(const QString& path, QString* error) const
{
    const auto& two = m_session->levelTwo();
    if (!two) return fail(error, tr("nothing to export: the sources have not been explained yet"));
    return ChartExport::saveBytes(path, QByteArray::fromStdString(two->toJson().dump(2) + "\n"), error);
}

bool ExportController::exportStems(const QString& folder, AudioEncoder::Format format, QString* error) const
{
    const auto& stems = m_session->stems();
    if (!stems || stems->size() == 0) return fail(error, tr("nothing to export: the song has not been separated yet"));
    const QString message = writeStemFiles(*stems, folder, songBaseName(), format);
    return message.isEmpty() || fail(error, message);
}

bool ExportController::exportExplanationMix(const QString& path, bool complement, QString* error) const
{
    const auto& stems = m_session->stems();
    const auto mask = m_session->explanationMask(complement);
    if (!stems || mask.empty() || mask.size() != stems->size())
        return fail(error, tr("nothing to export: the sources have not been explained yet"));
    const QString message = writeStemMix(*stems, mask, path);
    return message.isEmpty() || fail(error, message);
}

void ExportController::runInPool(std::function<QString()> job, const QString& what)
{
    QPointer<ExportController> self(this);
    QThreadPool::globalInstance()->start([job = std::move(job), self, what] {
        const QString message = job();
        // Back on the GUI thread (qApp's), where the QPointer may be read safely.
        QMetaObject::invokeMethod(qApp, [self, message, what] {
            if (!self) return;
            if (message.isEmpty()) Q_EMIT self->written(what);
            else Q_EMIT self->failed(message);
        });
    });
}

bool ExportController::startStemsExport(const QString& folder, AudioEncoder::Format format, QString* error)
{
    const auto stems = m_session->stems(); // the pool thread's own reference to the immutable stems
    if (!stems || stems->size() == 0) return fail(error, tr("nothing to export: the song has not been separated yet"));
    const QString base = songBaseName();
    runInPool([stems, folder, base, format] { return writeStemFiles(*stems, folder, base, format); }, tr("the stems in %1").arg(folder));
    return true;
}

bool ExportController::startExplanationMixExport(const QString& path, bool complement, QString* error)
{
    const auto stems = m_session->stems();
    const auto mask = m_session->explanationMask(complement);
    if (!stems || mask.empty() || mask.size() != stems->size())
        return fail(error, tr("nothing to export: the sources have not been explained yet"));
    runInPool([stems, mask, path] { return writeStemMix(*stems, mask, path); }, path);
    return true;
}

} // namespace emotrace::ui
