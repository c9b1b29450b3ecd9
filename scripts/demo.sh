#!/usr/bin/env bash
# The main job on the bundled data: installs what genlab needs, builds it, trains the classic MLP GAN
# on Fashion-MNIST (Debian's dataset-fashion-mnist) and writes a 64-sample grid to demo-samples.png.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
run="runs/demo-$(date +%Y%m%d-%H%M%S)"
./build/apps/cli/genlab train gan-mlp --run "$run" "$@"
./build/apps/cli/genlab sample "$run" -n 64 --seed 7 --scale 3 -o demo-samples.png
echo "demo: run in $run, samples in demo-samples.png, loss curves in $run/report/losses.svg"
