#!/bin/sh
# Installs the Debian game-music packages of EmoTrace's real-recordings set and (re)writes
# the manifest resources/realcheck/dev-set.csv (rules: README.md beside this script).
# Usage: resources/realcheck/make-dev-set.sh [--no-install] [OUT.csv]
# Needs: apt-get (as root, unless --no-install), ffprobe (ffmpeg), python3, and a built
# emotrace-cli ($EMOTRACE_CLI, else build/app/emotrace-cli) for the modes of MIDI files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
install=1
if [ "${1:-}" = "--no-install" ]; then install=0; shift; fi
out=${1:-$here/dev-set.csv}
cli=${EMOTRACE_CLI:-$root/build/app/emotrace-cli}

# Only these packages (issue 10): every other game-music package is kept for an
# independent check and must not be used here.
packages="asc-music blobwars-data colobot-common-sounds drascula-music extremetuxracer-data fillets-ng-data
hyperrogue-music neverball-common pushover-data scorched3d-data singularity-music tecnoballz-data tomatoes-data
xmoto-data openttd-openmsx"

if [ "$install" = 1 ]; then
    missing=""
    for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
        apt-get install -y --no-install-recommends $missing || { apt-get update && apt-get install -y --no-install-recommends $missing; }
    fi
fi
[ -x "$cli" ] || { echo "make-dev-set.sh: $cli not found (build emotrace-cli or set EMOTRACE_CLI)" >&2; exit 1; }

PACKAGES="$packages" CLI="$cli" OUT="$out" python3 - <<'PY'
import csv, hashlib, json, os, re, subprocess, sys

# Where each package keeps its music (sound effects, speech and videos live elsewhere).
MUSIC = {
    "asc-music": r"/asc/music/[^/]+\.mp3$",
    "blobwars-data": r"/blobwars/music/[^/.]+$",           # Ogg Vorbis without extension
    "colobot-common-sounds": r"/colobot/music/[^/]+\.ogg$",
    "drascula-music": r"/drascula/audio/[^/]+\.ogg$",        # the language folders hold copies
    "extremetuxracer-data": r"/etr/music/[^/]+\.ogg$",
    "fillets-ng-data": r"/fillets-ng/music/[^/]+\.ogg$",
    "hyperrogue-music": r"/hyperrogue/music/[^/]+\.ogg$",
    "neverball-common": r"/neverball/bgm/[^/]+\.ogg$",
    "pushover-data": r"/pushover/themes/[^/]+\.ogg$",
    "scorched3d-data": r"/data/music/[^/]+\.ogg$",
    "singularity-music": r"/singularity/music/.+\.ogg$",
    "tecnoballz-data": r"/tecnoballz/musics/[^/]+\.mod$",
    "tomatoes-data": r"/tomatoes/music/[^/]+\.(it|mod|xm|s3m)$",
    "xmoto-data": r"/Musics/[^/]+\.ogg$",
    "openttd-openmsx": r"/openmsx/[^/]+\.mid$",
}
MIN_SECONDS = 30.0
# Style group from the title or file name: each word below is a regular expression searched
# case-insensitively anywhere in "file name + title" (so "spunkyrace" is a race; "harp"
# must not follow an "s", so "be_sharp" is no harp). A name that matches both lists, or
# neither, is neutral.
ENERGETIC = ["battle", "war", "strike", "fight", "attack", "metal", "techno", "trance", "race", "run", "rush", "speed",
             "fast", "action", "boss", "danger", "hell", "electr", "party", "hunting", "chase", "threat", "enemy", "busy",
             "chugga", "rock", "storm", "march"]
CALM = ["calm", "ambient", "sad", "sleep", "love", "zen", "peace", "relax", "quiet", "slow", "easy", "dream", "lullaby",
        "(?<!s)harp", "whistle", "chimes", "fade", "garden", "mosey", "lazy", "gentle", "nocturne"]

def group(name):
    n = name.lower()
    e = any(re.search(k, n) for k in ENERGETIC)
    c = any(re.search(k, n) for k in CALM)
    return "energetic" if e and not c else "calm" if c and not e else "neutral"

def probe(path):
    r = subprocess.run(["ffprobe", "-v", "quiet", "-of", "json", "-show_entries", "format=duration:format_tags=title", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, ""
    fmt = json.loads(r.stdout or "{}").get("format", {})
    tags = {k.lower(): v for k, v in fmt.get("tags", {}).items()}
    d = fmt.get("duration")
    return (float(d) if d else None), tags.get("title", "")

rows, seen = [], set()
for pkg in os.environ["PACKAGES"].split():
    files = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout.splitlines()
    pieces = []
    for f in sorted(files):
        if not re.search(MUSIC[pkg], f) or not os.path.isfile(f):
            continue
        digest = hashlib.sha1(open(f, "rb").read()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        title, mode, seconds = "", "", None
        if f.endswith(".mid"):
            # the notes' key finding (ScoreLabeler minorness), decided only outside 0.35..0.65
            label = json.loads(subprocess.run([os.environ["CLI"], "lab", "label", f], capture_output=True, text=True,
                                              check=True).stdout)
            m = label["minorness"]
            mode = "minor" if m >= 0.65 else "major" if m <= 0.35 else ""
        else:
            seconds, title = probe(f)
            if seconds is None or seconds < MIN_SECONDS:
                continue
            tags = f + ".tags"
            if os.path.isfile(tags):
                for line in open(tags, encoding="utf-8", errors="replace"):
                    if line.startswith("title="):
                        title = line[6:].strip()
        pieces.append(dict(package=pkg, path=f, title=title, mode=mode,
                           seconds="" if seconds is None else "%.1f" % seconds))
    # Half of each package's pieces (rounded up) go to dev: ordered by style group, then by
    # a hash of the file name, and dealt alternately (dev first), so that every style group
    # of a package is halved too (the calm pieces are few).
    for p in pieces:
        p["style_group"] = group(os.path.basename(p["path"]) + " " + p["title"])
    order = {"calm": 0, "energetic": 1, "neutral": 2}
    pieces.sort(key=lambda p: (order[p["style_group"]], hashlib.sha1(os.path.basename(p["path"]).encode()).hexdigest()))
    for i, p in enumerate(pieces):
        p["split"] = "dev" if i % 2 == 0 else "train-unlabelled"
        rows.append(p)

rows.sort(key=lambda p: (p["package"], p["split"], p["path"]))
with open(os.environ["OUT"], "w", newline="") as out:
    w = csv.DictWriter(out, fieldnames=["package", "path", "split", "style_group", "mode", "title", "seconds"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
dev = [r for r in rows if r["split"] == "dev"]
print("%s: %d pieces, %d in dev (%d energetic, %d calm)" % (os.environ["OUT"], len(rows), len(dev),
      sum(r["style_group"] == "energetic" for r in dev), sum(r["style_group"] == "calm" for r in dev)))
PY
