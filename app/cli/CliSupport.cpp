#include "cli/CliSupport.h"

#include <QTextStream>

#include <cstdio>
#include <string_view>

#include "model/ModelPackage.h"
#include "util/InputFile.h"

namespace emotrace::cli {

QStringList decodeArguments(int argc, char** argv)
{
    QStringList out;
    for (int a = 0; a < argc; ++a) out << fromBytes(argv[a]);
    return out;
}

std::string bytes(const QString& text)
{
    std::string out;
    qsizetype start = 0; // text between escapes is converted in runs, keeping surrogate pairs whole
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool escape = i < text.size() && text[i].unicode() >= 0xDC80 && text[i].unicode() <= 0xDCFF
                            && (i == 0 || !text[i - 1].isHighSurrogate());
        if (i < text.size() && !escape) continue;
        out += text.mid(start, i - start).toStdString();
        if (escape) out += static_cast<char>(text[i].unicode() - 0xDC00);
        start = i + 1;
    }
    return out;
}

QString fromBytes(const std::string& text)
{
    QString out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = InputFile::utf8SequenceLength(text, i);
        if (n == 0) {
            out += QChar(0xDC00 + static_cast<unsigned char>(text[i]));
            ++i;
        } else {
            out += QString::fromUtf8(text.data() + i, static_cast<qsizetype>(n));
            i += n;
        }
    }
    return out;
}

std::string printable(const std::string& text)
{
    return InputFile::printable(std::string_view(text).substr(0, text.find('\n')));
}

int fail(const std::string& message)
{
    const std::string line = "emotrace-cli: " + printable(message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return 1;
}

int fail(const QString& message) { return fail(bytes(message)); }

int fail(const char* message) { return fail(std::string(message)); }

int usage(const QCommandLineParser& parser, const QString& message)
{
    QTextStream(stderr) << "emotrace-cli: " << message << "\n\n" << parser.helpText();
    return 2;
}

bool positiveNumber(const QCommandLineParser& parser, const QString& name, double& value, QString& error, double max)
{
    if (!parser.isSet(name)) return true;
    bool ok = false;
    const double v = parser.value(name).toDouble(&ok);
    if (!ok || !(v > 0.0) || !(v <= max)) { // also refuses NaN and infinity
        error = "--" + name + " needs a number in (0, " + QString::number(max) + "], got '" + parser.value(name) + "'";
        return false;
    }
    value = v;
    return true;
}

bool integerIn(const QCommandLineParser& parser, const QString& name, long long low, long long high, std::int64_t& value,
               QString& error)
{
    if (!parser.isSet(name)) return true;
    bool ok = false;
    const long long v = parser.value(name).toLongLong(&ok);
    if (!ok || v < low || v > high) {
        error = "--" + name + " needs an integer in " + QString::number(low) + ".." + QString::number(high) + ", got '"
                + parser.value(name) + "'";
        return false;
    }
    value = v;
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
    return ok && threads >= 1 && threads <= kMaxThreads ? threads : -1;
}

} // namespace emotrace::cli
