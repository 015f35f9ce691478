#!/usr/bin/env bash
# Quick start, step 2: the whole test suite.
#   1. dependencies (as root), 2. build + unit tests, 3. test images (built once per machine
#   into a cache dir from ../shared/images/build-images.sh), 4. end-to-end CLI tests,
#   5. a clang ASan+UBSan build that replays every fuzz corpus and runs the unit tests again.
# Environment: HULLSCAN_TEST_IMAGES (where test images live; default
# ${XDG_CACHE_HOME:-$HOME/.cache}/hullscan-test-images), HULLSCAN_SHARED_DIR (default ../shared),
# HULLSCAN_SKIP_SANITIZERS=1 to leave out step 5 during development.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SHARED=${HULLSCAN_SHARED_DIR:-$(cd "$ROOT/.." && pwd)/shared}
IMAGES=${HULLSCAN_TEST_IMAGES:-${XDG_CACHE_HOME:-$HOME/.cache}/hullscan-test-images}
export HULLSCAN_SHARED_DIR=$SHARED
T0=$(date +%s)
step() { printf '\n== [%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

if [ "$(id -u)" = 0 ]; then step "dependencies"; bash scripts/install-deps.sh; fi

step "build"
# Line tables only (-g1): backtraces keep file:line, the build is about a quarter faster.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DHULLSCAN_SHARED_DIR="$SHARED" >/dev/null
ninja -C build

step "test images"
if [ -x "$SHARED/images/build-images.sh" ]; then
  # Rebuilt only when missing: the script's own cache makes a rebuild fast anyway.
  if [ ! -f "$IMAGES/expected/debian-app.packages.tsv" ] || [ ! -d "$IMAGES/debian-app.oci" ]; then
    if [ "$(id -u)" = 0 ]; then
      bash "$SHARED/images/build-images.sh" "$IMAGES" > "$ROOT/build/build-images.log" 2>&1 || {
        tail -30 "$ROOT/build/build-images.log"; echo "building test images failed"; exit 1; }
    else
      echo "SKIPPED: test images need root to build (build-images.sh); image e2e tests will skip"
    fi
  fi
  export HULLSCAN_TEST_IMAGES=$IMAGES
else
  echo "SKIPPED: $SHARED/images/build-images.sh not found; image e2e tests will skip"
fi
bash scripts/make-sample-image.sh build/sample >/dev/null
# node-semver for the differential semver test (skipped, loudly, when npm cannot fetch it).
if command -v npm >/dev/null && [ ! -f build/semver-diff/node_modules/semver/package.json ]; then
  npm install --silent --no-audit --no-fund --prefix build/semver-diff semver >/dev/null 2>&1 || true
fi
[ -f build/semver-diff/node_modules/semver/package.json ] && export HULLSCAN_SEMVER_JS=$ROOT/build/semver-diff/node_modules/semver
export HULLSCAN_SAMPLE_DIR=$ROOT/build/sample

step "unit, e2e and fuzz-replay tests"
ctest --test-dir build --output-on-failure -j2

if [ "${HULLSCAN_SKIP_SANITIZERS:-0}" != 1 ]; then
  step "ASan+UBSan build (clang): fuzz corpora and unit tests"
  CC=clang-14 CXX=clang++-14 cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1" \
    -DHULLSCAN_SANITIZE=ON -DHULLSCAN_FUZZ=OFF -DHULLSCAN_BENCH=OFF -DHULLSCAN_SHARED_DIR="$SHARED" >/dev/null
  ninja -C build-asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j2 -L 'unit|fuzz-regress'
fi
step "done"
