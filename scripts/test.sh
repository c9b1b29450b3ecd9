#!/usr/bin/env bash
# The whole test suite from a clean checkout: installs build + test dependencies, builds with
# warnings as errors, installs genlab into a temporary prefix and builds examples/ against the
# installed package (as a user would), then runs every CTest test except those labelled `slow`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
scripts/build.sh -DGENLAB_WERROR=ON
scripts/check-install.sh
(cd build && ctest -LE slow --output-on-failure -j "$(nproc)")
