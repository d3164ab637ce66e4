#!/usr/bin/env bash
# Main job: install, build, then open the bundled demo song in the desktop explorer
# (or, without a display, analyse and explain it on the command line). The model is the
# shipped default (models/emotrace-lab-v1) unless $EMOTRACE_MODEL names another.
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/emotrace "$@"
fi
echo "(no display: showing the command-line analysis instead of the window)"
./build/app/emotrace-cli analyze resources/demo/demo-song.ogg --json build/demo-song.analysis.json
./build/app/emotrace-cli explain resources/demo/demo-song.ogg --json build/demo-song.explanation.json
echo "(the song's symbolic ground truth: resources/demo/demo-song.labels.json)"
