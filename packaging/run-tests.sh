#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
