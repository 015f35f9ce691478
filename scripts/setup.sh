#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build hullscan, build the sample image from real
# Debian packages, and scan it (local layer cache, no server, nothing from ../shared).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ "$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else echo "not root: skipping apt-get (run scripts/install-deps.sh as root)"; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build hullscan
bash scripts/make-sample-image.sh build/sample
echo
echo "== build/hullscan scan oci:build/sample/sample.oci:latest"
./build/src/cli/hullscan scan oci:build/sample/sample.oci:latest
echo
echo "== build/hullscan history build/sample/sample.docker.tar"
./build/src/cli/hullscan history build/sample/sample.docker.tar
