#!/usr/bin/env bash
# Configures and builds genlab into build/ (Release, Ninja, ccache when present). Extra arguments go
# to cmake's configure step, e.g. scripts/build.sh -DGENLAB_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja "$@" > build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
rm -f build-configure.log
cmake --build build -j "$(nproc)"
