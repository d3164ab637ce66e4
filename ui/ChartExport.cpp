#include "ChartExport.h"

#include <QFileInfo>
#include <QPixmap>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QWidget>

#include "QCustomPlotInclude.h"

#include <cstdio>

namespace emotrace::ui {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

bool savePixmap(const QPixmap& pixmap, const QString& path, const char* format, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (!pixmap.save(&file, format)) {
        file.cancelWriting();
        return fail(error, QStringLiteral("%1: cannot encode the image").arg(path));
    }
    if (!file.commit()) return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace

bool ChartExport::savePlot(QCustomPlot* plot, const QString& path, QString* error, int width, int height)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png") return savePixmap(plot->toPixmap(width, height), path, "PNG", error);
    if (suffix == "jpg" || suffix == "jpeg") return savePixmap(plot->toPixmap(width, height), path, "JPG", error);
    if (suffix == "pdf") {
        // QCustomPlot writes the PDF by file name: write beside the target, then rename
        // over it (atomic on one file system).
        QTemporaryFile temp(QFileInfo(path).absolutePath() + "/.emotrace-export-XXXXXX.pdf");
        if (!temp.open()) return fail(error, QStringLiteral("%1: %2").arg(path, temp.errorString()));
        temp.close();
        if (!plot->savePdf(temp.fileName(), width, height))
            return fail(error, QStringLiteral("%1: cannot write the PDF").arg(path));
        if (std::rename(QFile::encodeName(temp.fileName()).constData(), QFile::encodeName(path).constData()) != 0)
            return fail(error, QStringLiteral("%1: cannot replace the file").arg(path));
        temp.setAutoRemove(false);
        return true;
    }
    return fail(error, QStringLiteral("%1: unknown image type (use .png, .jpg or .pdf)").arg(path));
}

bool ChartExport::saveWidget(QWidget* widget, const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png") return savePixmap(widget->grab(), path, "PNG", error);
    if (suffix == "jpg" || suffix == "jpeg") return savePixmap(widget->grab(), path, "JPG", error);
    return fail(error, QStringLiteral("%1: unknown image type (use .png or .jpg)").arg(path));
}

bool ChartExport::saveBytes(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    if (!file.commit()) return fail(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
    return true;
}

QString ChartExport::csvField(const QString& text)
{
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) return text;
    QString quoted = text;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

} // namespace emotrace::ui
