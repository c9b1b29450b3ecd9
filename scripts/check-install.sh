#!/usr/bin/env bash
# Installs the built genlab into a temporary prefix and builds and runs examples/generate_image
# against it through find_package(genlab) and through pkg-config, never the build tree.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install build --prefix "$prefix" > /dev/null
cmake -S examples/generate_image -B "$prefix/example-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" > /dev/null
cmake --build "$prefix/example-build" > /dev/null
# A tiny model to load: 3 steps on generated data.
./build/tests/genlab_make_data idx "$prefix/data" 256
"$prefix/bin/genlab" train gan-mlp --data "$prefix/data" --steps 3 --every 3 --eval-every 0 --run "$prefix/run" --quiet > /dev/null
"$prefix/example-build/generate_image" "$prefix/run" "$prefix/out.ppm"
test -s "$prefix/out.ppm"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" c++ -std=c++17 examples/generate_image/main.cpp -o "$prefix/example-pc" \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs genlab) -Wl,-rpath,"$prefix/lib"
"$prefix/example-pc" "$prefix/run" "$prefix/out2.ppm"
cmp "$prefix/out.ppm" "$prefix/out2.ppm"
echo "install check: the example built and ran against the installed package (CMake and pkg-config)"
