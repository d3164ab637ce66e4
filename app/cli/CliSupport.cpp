#include "cli/CliSupport.h"

#include <QTextStream>

#include "model/ModelPackage.h"

namespace emotrace::cli {

int fail(const QString& message)
{
    QTextStream(stderr) << "emotrace-cli: " << message << "\n";
    return 1;
}

int usage(const QCommandLineParser& parser, const QString& message)
{
    QTextStream(stderr) << "emotrace-cli: " << message << "\n\n" << parser.helpText();
    return 2;
}

bool positiveNumber(const QCommandLineParser& parser, const QString& name, double& value, QString& error)
{
    if (!parser.isSet(name)) return true;
    bool ok = false;
    value = parser.value(name).toDouble(&ok);
    if (!ok || !(value > 0.0)) {
        error = "--" + name + " needs a positive number of seconds, got '" + parser.value(name) + "'";
        return false;
    }
    return true;
}

QString modelFolder(const QCommandLineParser& parser)
{
    return QString::fromStdString(ModelPackage::resolveFolder(parser.isSet("model") ? parser.value("model").toStdString() : "").string());
}

int threadsOption(const QCommandLineParser& parser)
{
    if (!parser.isSet("threads")) return 0;
    bool ok = false;
    const int threads = parser.value("threads").toInt(&ok);
    return ok && threads >= 1 ? threads : -1;
}

} // namespace emotrace::cli
