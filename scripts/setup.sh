#!/usr/bin/env bash
# Installs every Debian package genlab needs to build, run and test. Idempotent: packages already
# present are skipped, and apt-get runs only when something is missing.
#   scripts/setup.sh          build + run dependencies (LibTorch, OpenBLAS, libraries, data: Fashion-MNIST,
#                             text corpora, music corpus and a General MIDI soundfont)
#   scripts/setup.sh --test   also what the test suite needs (GoogleTest, python3-torch and scipy for
#                             parity, SentencePiece for bench/tokenizer)
set -euo pipefail

runtime=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-openmp libopenblas-dev
  libgflags-dev libgoogle-glog-dev libprotobuf-dev protobuf-compiler
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev libgloo-dev
  libpng-dev libgif-dev libsndfile1-dev libfluidsynth-dev libsodium-dev zlib1g-dev
  dataset-fashion-mnist bible-kjv fortunes-ru
  freedoom openttd-openmsx fluid-soundfont-gm
)
testing=(libgtest-dev libgmock-dev googletest libbenchmark-dev python3-torch python3-numpy python3-scipy sentencepiece)

want=("${runtime[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${testing[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#want[@]} packages present"
fi

# LibTorch and python3-torch load libblas.so.3 and liblapack.so.3, and through them
# libopenblas.so.0, by way of Debian's alternatives. libopenblas-dev pulls in the pthread build of
# OpenBLAS, which the alternatives prefer: it runs a thread pool of its own beside LibTorch's OpenMP
# team. The OpenMP build shares that team (DCGAN training 3.6 -> 5.3 steps/s here), so it is
# selected for all three.
multiarch=$(gcc -dumpmachine)
for lib in libblas.so.3 liblapack.so.3 libopenblas.so.0; do
  target=/usr/lib/$multiarch/openblas-openmp/$lib
  current=$(update-alternatives --query "$lib-$multiarch" | awk '/^Value:/ {print $2}')
  if [[ "$current" != "$target" ]]; then
    echo "setup: $lib -> $target"
    "${sudo_cmd[@]}" update-alternatives --set "$lib-$multiarch" "$target"
  fi
done
