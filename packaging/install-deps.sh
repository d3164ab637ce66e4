#!/usr/bin/env bash
# Installs every build, run and test dependency of EmoTrace from Debian 12's archive.
# Idempotent: packages already present are left alone; apt-get runs only when one is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # Qt 6
  qt6-base-dev qt6-base-dev-tools qt6-multimedia-dev libqt6sql6-sqlite qt6-l10n-tools
  qt6-tools-dev qt6-tools-dev-tools libgl-dev
  # libraries
  libtorch-dev libavformat-dev libavcodec-dev libswresample-dev libavutil-dev
  libeigen3-dev libqcustomplot-dev nlohmann-json3-dev libfluidsynth-dev libzip-dev libopenmpt-dev
  # an optimised BLAS behind libtorch's linear and recurrent layers (the learned separator):
  # Debian's default reference BLAS runs them 10-15x slower
  libopenblas0-pthread
  # soundfonts for the music lab
  fluid-soundfont-gm timgm6mb-soundfont musescore-general-soundfont opl3-soundfont avldrums.lv2-soundfont
  # tracker modules for the real-stems separation check (lab multitracks; no other game packages)
  tecnoballz-data tomatoes-data
  # tests: fixtures made with the reference tools, test media, headless GUI
  python3 python3-numpy python3-torch python3-sklearn ffmpeg sox xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
