#!/usr/bin/env bash
# Main job: install, build, then analyse the bundled demo song on the command line.
# Until the trained default model ships, the demo runs an untrained, seeded model
# (the CLI says so in its output).
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/build.sh
model="${EMOTRACE_MODEL:-build/models/untrained-w128}"
[ -f "$model/weights.pt" ] || ./build/app/emotrace-cli model init --out "$model" --width 128 --seed 1
./build/app/emotrace-cli analyze resources/demo/demo-song.ogg --model "$model" --json build/demo-song.analysis.json "$@"
