#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build hullscan, build the sample image from real
# Debian packages, import the vulnerability feeds into the local advisory DB, and scan the image
# (local SQLite DB and layer cache, no server). Feeds come from their official locations, or from a
# mirror: HULLSCAN_FEED_MIRROR, else ../shared/feeds when it exists (machines without internet).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ "$(id -u)" = 0 ]; then bash scripts/install-deps.sh; else echo "not root: skipping apt-get (run scripts/install-deps.sh as root)"; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build hullscan
bash scripts/make-sample-image.sh build/sample
MIRROR=${HULLSCAN_FEED_MIRROR:-}
if [ -z "$MIRROR" ] && [ -d "$ROOT/../shared/feeds" ]; then MIRROR=$(cd "$ROOT/../shared/feeds" && pwd); fi
echo
if [ -n "$MIRROR" ]; then
  echo "== build/hullscan db update --mirror $MIRROR"
  ./build/src/cli/hullscan db update --mirror "$MIRROR"
else
  echo "== build/hullscan db update"
  ./build/src/cli/hullscan db update
fi
echo
echo "== build/hullscan scan oci:build/sample/sample.oci:latest"
./build/src/cli/hullscan scan oci:build/sample/sample.oci:latest
echo
echo "== build/hullscan history build/sample/sample.docker.tar"
./build/src/cli/hullscan history build/sample/sample.docker.tar
