#!/usr/bin/env bash
# Installs what hullscan needs to build and test, from Debian 12's packages. Run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(
  build-essential cmake ninja-build pkg-config git python3 python3-jsonschema
  libssl-dev libsqlite3-dev libarchive-dev libzstd-dev zstd libisal-dev isal
  nlohmann-json3-dev libsimdjson-dev libyaml-cpp-dev libyaml-dev libcli11-dev libfmt-dev libexpected-dev libtomlplusplus-dev libexpat1-dev
  libcurl4-openssl-dev googletest libgtest-dev libbenchmark-dev libmimalloc-dev
  clang-14 libclang-rt-14-dev time
  python3-packaging rpm docker-registry skopeo
  ruby php-cli composer default-jdk-headless libmaven3-core-java
)
missing=()
# Differential version tests use node and npm; keep an existing Node.js install as it is.
command -v npm >/dev/null || pkgs+=(nodejs npm)
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
