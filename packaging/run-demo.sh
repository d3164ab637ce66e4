#!/usr/bin/env bash
# Main job: install, build, then open the bundled demo song in the desktop explorer
# (or, without a display, analyse and explain it on the command line).
# Until the trained default model ships, the demo uses an untrained, seeded model
# (both the window and the CLI say so).
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/build.sh
model="${EMOTRACE_MODEL:-build/models/untrained-w128}"
[ -f "$model/weights.pt" ] || ./build/app/emotrace-cli model init --out "$model" --width 128 --seed 1
export EMOTRACE_MODEL="$model"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/emotrace "$@"
fi
echo "(no display: showing the command-line analysis instead of the window)"
./build/app/emotrace-cli analyze resources/demo/demo-song.ogg --json build/demo-song.analysis.json
./build/app/emotrace-cli explain resources/demo/demo-song.ogg --json build/demo-song.explanation.json
