#!/usr/bin/env bash
# Benchmark of `hullscan sbom` on a large image, against baselines measured in the same run:
#   - igzip -dc of the same gzip layer blobs to /dev/null, one after the other (ISA-L, Debian's isal)
#   - zstd -dc of the zstd layer blobs of the zstd-layers test image
# Prints wall times, ratios and peak RSS (/usr/bin/time -v). The machine is shared and noisy:
# compare ratios, not seconds.
#
#   bash bench/sbom_bench.sh [BIG_GIB]      (default 1; builds the image once, as root)
# Env: HULLSCAN_BIN (default build/src/cli/hullscan), HULLSCAN_BENCH_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/hullscan-bench),
#      HULLSCAN_TEST_IMAGES (for the zstd-layers comparison), HULLSCAN_SHARED_DIR.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${HULLSCAN_SHARED_DIR:-$(cd "$ROOT/.." && pwd)/shared}
GIB=${1:-1}
DIR=${HULLSCAN_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hullscan-bench}/big-$GIB
BIN=${HULLSCAN_BIN:-$ROOT/build/src/cli/hullscan}
[ -x "$BIN" ] || { echo "build hullscan first (cmake + ninja, or scripts/setup.sh)"; exit 1; }
command -v igzip >/dev/null || { echo "igzip missing: apt-get install isal"; exit 1; }
if [ ! -f "$DIR/expected/big.packages.tsv" ]; then
  echo "building the benchmark image (>= $GIB GiB) into $DIR"
  bash "$SHARED/images/build-images.sh" --big "$GIB" "$DIR" > "$DIR.build.log" 2>&1 || { tail -20 "$DIR.build.log"; exit 1; }
fi
IMG=$DIR/big.oci
manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$IMG/index.json")
mapfile -t blobs < <(python3 -c 'import json,sys; [print(l["digest"].split(":")[1]) for l in json.load(open(sys.argv[1]))["layers"]]' "$IMG/blobs/sha256/$manifest")
comp=0; for b in "${blobs[@]}"; do comp=$(( comp + $(stat -c %s "$IMG/blobs/sha256/$b") )); done

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.3f}')"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# Warm the page cache so that every contender reads from memory.
cat "${blobs[@]/#/$IMG/blobs/sha256/}" > /dev/null

best() {  # best of 3 wall times of a command
  local best_s=999999 t0 t1 s
  for _ in 1 2 3; do t0=$(now); "$@" > /dev/null 2>&1; t1=$(now); s=$(secs "$t0" "$t1")
    best_s=$(python3 -c "print(min($best_s,$s))"); done
  echo "$best_s"
}
igz() { for blob in "${blobs[@]}"; do igzip -dc "$IMG/blobs/sha256/$blob" > /dev/null; done; }
t_igzip=$(best igz)

CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT
cold_run() { rm -rf "$CACHE/c"; "$BIN" sbom "oci:$IMG:latest" --format json --cache-dir "$CACHE/c" -o /dev/null; }
t_cold=$(best cold_run)
# The same cold scan without the language extractors: what language extraction costs.
cold_os_run() { rm -rf "$CACHE/o"; "$BIN" sbom "oci:$IMG:latest" --format json --pkg-types os --cache-dir "$CACHE/o" -o /dev/null; }
t_cold_os=$(best cold_os_run)
/usr/bin/time -v "$BIN" sbom "oci:$IMG:latest" --format json --cache-dir "$CACHE/rss" -o /dev/null 2> "$CACHE/time.txt"
rss_cold=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$CACHE/time.txt")
warm_run() { "$BIN" sbom "oci:$IMG:latest" --format json --cache-dir "$CACHE/rss" -o /dev/null; }
t_warm=$(best warm_run)
/usr/bin/time -v "$BIN" sbom "oci:$IMG:latest" --format json --cache-dir "$CACHE/rss" -o /dev/null 2> "$CACHE/time2.txt"
rss_warm=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$CACHE/time2.txt")
pkgs=$("$BIN" sbom "oci:$IMG:latest" --format json --cache-dir "$CACHE/rss" | python3 -c 'import json,sys; p=json.load(sys.stdin)["packages"]; print(len(p), "packages,", sum(1 for x in p if x["type"] not in ("deb","apk","rpm")), "of them language packages")')
unc=$(python3 -c "import json,subprocess,sys; d=json.loads(subprocess.run(['$BIN','history','oci:$IMG:latest','--format','json','--cache-dir','$CACHE/rss'],capture_output=True,text=True).stdout); e=d if isinstance(d,list) else d['history']; print(sum(x.get('size_bytes',0) or 0 for x in e))")

echo "image: big ($GIB GiB target) ${#blobs[@]} gzip layers, compressed $((comp/1048576)) MiB, content $((unc/1048576)) MiB, $pkgs"
echo "igzip -dc (sequential, same blobs):   ${t_igzip} s"
echo "hullscan sbom cold (empty cache):      ${t_cold} s   ratio $(ratio "$t_cold" "$t_igzip") x igzip   (target <= 1.15)"
echo "hullscan sbom cold, OS packages only:  ${t_cold_os} s   language extraction adds $(python3 -c "print(f'{($t_cold/$t_cold_os-1)*100:.1f}')") %   (target <= 10 %)"
echo "hullscan sbom warm (cached layers):    ${t_warm} s   ($(python3 -c "print(int($t_warm*1000))") ms, target <= 50 ms)"
echo "peak RSS cold: $((rss_cold/1024)) MiB   warm: $((rss_warm/1024)) MiB   (target <= 200 MiB)"

ZIMG=${HULLSCAN_TEST_IMAGES:-${XDG_CACHE_HOME:-$HOME/.cache}/hullscan-test-images}/zstd-layers.oci
if [ -d "$ZIMG" ]; then
  zman=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$ZIMG/index.json")
  mapfile -t zblobs < <(python3 -c 'import json,sys; [print(l["digest"].split(":")[1]) for l in json.load(open(sys.argv[1]))["layers"]]' "$ZIMG/blobs/sha256/$zman")
  zst() { for blob in "${zblobs[@]}"; do zstd -dcq "$ZIMG/blobs/sha256/$blob" > /dev/null; done; }
  t_zstd=$(best zst)
  zcold() { rm -rf "$CACHE/z"; "$BIN" sbom "oci:$ZIMG:latest" --format json --cache-dir "$CACHE/z" -o /dev/null; }
  t_zcold=$(best zcold)
  echo "zstd-layers: zstd -dc (sequential): ${t_zstd} s   hullscan sbom cold: ${t_zcold} s   ratio $(ratio "$t_zcold" "$t_zstd") x zstd"
fi
