#!/usr/bin/env bash
# Installs the dependencies (Debian 12) and builds EmoTrace into build/ (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
