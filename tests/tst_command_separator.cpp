// The pieces CommandSeparator composes, each on its own: CommandTemplate (presets, word
// splitting, placeholders), SeparatorProgressParser (the tools' progress bars) and
// SeparationCache (keys, markers, partial folders). CommandSeparator running real
// commands is tested in tst_separation_backends.

#include <QTest>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "TestData.h"
#include "separation/CommandTemplate.h"
#include "separation/SeparationCache.h"
#include "separation/SeparatorProgressParser.h"
#include "util/Error.h"
#include "util/FileHash.h"

using namespace emotrace;
namespace fs = std::filesystem;

namespace {

using Words = std::vector<std::string>;

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

std::string errorOf(const std::string& spec)
{
    try {
        CommandTemplate{spec};
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

fs::path scratch(const std::string& name)
{
    const fs::path dir = test::workDir("command_separator") / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void writeText(const fs::path& file, const std::string& text)
{
    std::ofstream(file, std::ios::binary) << text;
}

} // namespace

class TestCommandSeparator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- CommandTemplate -------------------------------------------------------------

    void splitsLikeShellWords()
    {
        QCOMPARE(CommandTemplate::split("  a\tb\nc  "), (Words{"a", "b", "c"}));
        QCOMPARE(CommandTemplate::split("'a b'c \"\" ''"), (Words{"a bc", "", ""}));
        // Single quotes are literal; in double quotes a backslash escapes only " and \.
        QCOMPARE(CommandTemplate::split("'a\\b' \"c\\d\\\"e\\\\\""), (Words{"a\\b", "c\\d\"e\\"}));
        QCOMPARE(CommandTemplate::split("x\\ y \\'z"), (Words{"x y", "'z"}));
        // No expansion of any kind.
        QCOMPARE(CommandTemplate::split("$HOME * a|b >out"), (Words{"$HOME", "*", "a|b", ">out"}));
        QCOMPARE(CommandTemplate::split(""), Words{});
        QVERIFY_THROWS_EXCEPTION(Error, CommandTemplate::split("a 'b"));
        QVERIFY_THROWS_EXCEPTION(Error, CommandTemplate::split("a \"b"));
        QVERIFY_THROWS_EXCEPTION(Error, CommandTemplate::split("a \\"));
    }

    void presetsAndValidation()
    {
        const CommandTemplate demucs("demucs");
        QCOMPARE(qs(demucs.text()), QStringLiteral("demucs -n htdemucs -o {output} {input}"));
        QCOMPARE(qs(demucs.program()), QStringLiteral("demucs"));
        QCOMPARE(demucs.arguments(), (Words{"demucs", "-n", "htdemucs", "-o", "{output}", "{input}"}));
        QCOMPARE(qs(CommandTemplate("spleeter").program()), QStringLiteral("spleeter"));
        QCOMPARE(qs(CommandTemplate("umx").text()), qs(CommandTemplate::presetTemplate("umx")));
        QVERIFY(CommandTemplate::presetTemplate("mysep").empty());

        QCOMPARE(qs(CommandTemplate("mysep -i {input} -o {output}").text()), QStringLiteral("mysep -i {input} -o {output}"));
        QCOMPARE(qs(errorOf("tool {input}")), QStringLiteral("command separator 'tool {input}': the template needs "
                                                             "{input} and {output}"));
        QVERIFY(qs(errorOf("  ")).startsWith("command separator: empty command"));
        QVERIFY(qs(errorOf("tool '{input} {output}")).contains("unterminated ' quote"));
    }

    void expandsPlaceholders()
    {
        const CommandTemplate command("tool --in={input} -o '{output}/{track}.d' -d {duration} {other} {input");
        const CommandTemplate::Values values{"/music/My Song.wav", "/cache/x y", "My Song", "181"};
        QCOMPARE(command.expand(values), (Words{"tool", "--in=/music/My Song.wav", "-o", "/cache/x y/My Song.d", "-d",
                                                "181", "{other}", "{input"}));
        // A value that looks like a placeholder stays as it is.
        const CommandTemplate::Values tricky{"/music/{output}.wav", "/out", "{duration}", "5"};
        QCOMPARE(CommandTemplate("t {input} {output} {track}").expand(tricky),
                 (Words{"t", "/music/{output}.wav", "/out", "{duration}"}));
        // The template itself is unchanged.
        QCOMPARE(command.arguments()[1], std::string("--in={input}"));
    }

    // --- SeparatorProgressParser ------------------------------------------------------

    void readsPercentages()
    {
        using P = SeparatorProgressParser;
        // Demucs / Open-Unmix tqdm bars.
        QCOMPARE(P::percentIn(" 45%|████▌     | 52.65/117.0 [00:10<00:12,  5.05seconds/s]"), std::optional<int>(45));
        QCOMPARE(P::percentIn("100%|██████████| 117.0/117.0 [00:23<00:00,  5.01seconds/s]"), std::optional<int>(100));
        QCOMPARE(P::percentIn("  0%|          | 0.0/117.0 [00:00<?, ?seconds/s]"), std::optional<int>(0));
        // The last percentage of a line counts; decimals are dropped.
        QCOMPARE(P::percentIn("files 100% done, model 7%"), std::optional<int>(7));
        QCOMPARE(P::percentIn("progress: 45.5%"), std::optional<int>(45));
        // Nothing that reads as 0..100 before a '%'.
        QCOMPARE(P::percentIn("INFO:spleeter:File /out/song/vocals.wav written succesfully"), std::nullopt);
        QCOMPARE(P::percentIn("%d items, 100 %"), std::nullopt);
        QCOMPARE(P::percentIn("1000%"), std::nullopt);
        QCOMPARE(P::percentIn("250% 30%x 101%"), std::optional<int>(30));
        QCOMPARE(P::percentIn(""), std::nullopt);
    }

    void reportsEachValueOnce()
    {
        SeparatorProgressParser parser;
        std::vector<int> reported;
        for (const char* line : {"loading model", "  0%|", " 10%|#", " 10%|# ", "Selected model is a bag of 4 models",
                                 " 55%|#####", "100%|##########", "  0%|", "100%|##########"})
            if (const auto percent = parser.feed(line)) reported.push_back(*percent);
        QCOMPARE(reported, (std::vector<int>{0, 10, 55, 100, 0, 100}));
    }

    // --- SeparationCache --------------------------------------------------------------

    void keysByContentAndCommand()
    {
        const fs::path root = scratch("keys");
        writeText(root / "song.wav", "not really audio");
        writeText(root / "copy.wav", "not really audio");
        writeText(root / "other.wav", "other bytes");
        const SeparationCache cache(root / "cache");
        QCOMPARE(cache.root(), root / "cache");
        const fs::path entry = cache.entryFolder(root / "song.wav", "demucs -o {output} {input}");
        QCOMPARE(entry, root / "cache" /
                            (fileContentHash(root / "song.wav") + "-" + hex64(fnv1a("demucs -o {output} {input}"))));
        QCOMPARE(cache.entryFolder(root / "copy.wav", "demucs -o {output} {input}"), entry);
        QVERIFY(cache.entryFolder(root / "other.wav", "demucs -o {output} {input}") != entry);
        QVERIFY(cache.entryFolder(root / "song.wav", "umx {input} --outdir {output}") != entry);
        QVERIFY_THROWS_EXCEPTION(Error, cache.entryFolder(root / "missing.wav", "x"));
        QVERIFY(!SeparationCache().root().empty());
    }

    void commitsCompleteEntries()
    {
        const fs::path root = scratch("commit");
        const SeparationCache cache(root / "cache");
        const fs::path entry = root / "cache" / "0123-abcd";
        QCOMPARE(qs(SeparationCache::trackOf(entry)), QString()); // nothing yet

        const fs::path partial = cache.createPartial(entry);
        const fs::path second = cache.createPartial(entry);
        QVERIFY(partial != second);
        QVERIFY(fs::is_directory(partial) && fs::is_empty(partial));
        QVERIFY(partial.filename().string().starts_with("0123-abcd.partial-"));
        writeText(partial / "vocals.wav", "stem");
        // A folder without a marker (a leftover) is replaced.
        fs::create_directories(entry);
        writeText(entry / "stale.wav", "old");
        cache.commit(partial, entry, "My Song", {{"command", {"tool", "x"}}});
        QVERIFY(!fs::exists(partial));
        QVERIFY(fs::is_regular_file(entry / "vocals.wav"));
        QVERIFY(!fs::exists(entry / "stale.wav"));
        QCOMPARE(qs(SeparationCache::trackOf(entry)), QStringLiteral("My Song"));
        const auto marker = test::readJson(entry / SeparationCache::kMarkerFile);
        QVERIFY(marker.at("command") == nlohmann::json::array({"tool", "x"}));

        // Another run of the same entry finished first: its entry stays, this one goes.
        writeText(second / "vocals.wav", "newer");
        cache.commit(second, entry, "Other", nlohmann::json::object());
        QVERIFY(!fs::exists(second));
        QCOMPARE(qs(SeparationCache::trackOf(entry)), QStringLiteral("My Song"));

        // An unreadable marker is no entry.
        writeText(entry / SeparationCache::kMarkerFile, "{ not json");
        QCOMPARE(qs(SeparationCache::trackOf(entry)), QString());
        SeparationCache::remove(entry);
        QVERIFY(!fs::exists(entry));
        SeparationCache::remove(entry); // already gone: no error
    }
};

QTEST_GUILESS_MAIN(TestCommandSeparator)
#include "tst_command_separator.moc"
