#!/usr/bin/env bash
# Benchmark of the vulnerability side, against baselines measured in the same run:
#   1. `db update --mirror FEEDS` of every shipped feed into a new DB, against reading (decompressing)
#      the same feed files once to /dev/null (cat / gzip -dc / zstd -dc / unzip -p): records/s, DB size.
#   2. Matching: an SBOM of N packages drawn from the DB's own affected packages (every query hits),
#      scanned with `scan sbom:FILE -v`; the scanner's "match done" time (queries, version
#      comparisons, enriched findings; best of 5, wall and CPU), per 1,000 packages, against the
#      sqlite3 CLI running the same N point queries on the DB's match index.
#   3. `scan` of the debian-app test image with a warm layer cache, against `sbom` of the same image
#      (warm): the cost of matching on top of reading the inventory.
# The machine is shared and noisy: compare ratios, not seconds.
#
#   bash bench/vuln_bench.sh [N_PACKAGES]      (default 5000)
# Env: HULLSCAN_SHARED_DIR (default ../shared), HULLSCAN_TEST_IMAGES (default the test image cache).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${HULLSCAN_SHARED_DIR:-$(cd "$ROOT/.." && pwd)/shared}
FEEDS=$SHARED/feeds
IMAGES=${HULLSCAN_TEST_IMAGES:-${XDG_CACHE_HOME:-$HOME/.cache}/hullscan-test-images}
N=${1:-5000}
BIN=${HULLSCAN_BIN:-$ROOT/build/src/cli/hullscan}
[ -x "$BIN" ] || { echo "build hullscan first (cmake + ninja, or scripts/setup.sh)"; exit 1; }
[ -d "$FEEDS" ] || { echo "no feeds at $FEEDS"; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.3f}')"; }

# 1. Import.
readall() {
  while read -r _ rel; do
    f=$FEEDS/$rel
    case "$rel" in
      *.zip) unzip -p "$f" > /dev/null ;;
      *.zst) zstd -dcq "$f" > /dev/null ;;
      *.gz) gzip -dc "$f" > /dev/null ;;
      *) cat "$f" > /dev/null ;;
    esac
  done < "$FEEDS/MANIFEST.sha256"
}
readall  # warm the page cache
t0=$(now); readall; t1=$(now); t_read=$(secs "$t0" "$t1")
t0=$(now); "$BIN" db update --db "$WORK/a.db" --mirror "$FEEDS" > "$WORK/import.txt"; t1=$(now)
t_import=$(secs "$t0" "$t1")
records=$(awk '/feeds imported/ {gsub(/\(/,"",$4); print $4}' "$WORK/import.txt")
feeds=$(awk '/feeds imported/ {print $1}' "$WORK/import.txt")
size=$(stat -c %s "$WORK/a.db")
echo "db import: $feeds feeds, $records records in $t_import s ($(python3 -c "print(int($records/$t_import))") records/s), DB $(( size / 1048576 )) MiB"
echo "  baseline: reading the same feed files once (decompressed to /dev/null): $t_read s; ratio $(python3 -c "print(f'{$t_import/$t_read:.1f}')") x   (target: whole set <= 30 s)"
grep -E "wolfi|PyPI|AlmaLinux|epss" "$WORK/import.txt" | sed 's/^/  /'

# 2. Matching N packages.
python3 - "$WORK/a.db" "$N" "$WORK/sbom.json" "$WORK/queries.sql" <<'PY'
import json, sqlite3, sys
db, n, out, sql = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
purl_type = {"PyPI": "pypi", "npm": "npm", "Go": "golang", "crates.io": "cargo", "Maven": "maven",
             "RubyGems": "gem", "Packagist": "composer", "NuGet": "nuget", "Alpine:v3.20": "apk"}
rows = con.execute("SELECT DISTINCT ecosystem, name FROM affected WHERE ecosystem IN (%s) ORDER BY ecosystem, name"
                   % ",".join("'%s'" % e for e in purl_type)).fetchall()
rows = rows[:n]
comps, queries = [], []
for i, (eco, name) in enumerate(rows):
    t = purl_type[eco]
    version = {"apk": "0.0.1-r0", "golang": "v0.0.1"}.get(t, "0.0.1")
    if t == "maven" and ":" in name:
        g, a = name.split(":", 1); p = "pkg:maven/%s/%s@%s" % (g, a, version)
    elif t in ("golang", "composer", "npm") and "/" in name:
        p = "pkg:%s/%s@%s" % (t, name, version)
    elif t == "apk":
        p = "pkg:apk/alpine/%s@%s?distro=alpine-3.20.3" % (name, version)
    else:
        p = "pkg:%s/%s@%s" % (t, name, version)
    comps.append({"type": "library", "bom-ref": "c%d" % i, "name": name, "version": version, "purl": p})
    # The index key: FNV-1a 64 of "ecosystem\0name" as a signed integer (store/row_codec.h).
    h = 0xcbf29ce484222325
    for b in eco.encode() + b"\0" + name.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    key = h - (1 << 64) if h >= 1 << 63 else h
    queries.append("SELECT length(entry) FROM match_index WHERE key=%d;" % key)
doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
       "metadata": {"component": {"type": "operating-system", "name": "alpine", "version": "3.20.3"}},
       "components": comps}
json.dump(doc, open(out, "w"))
open(sql, "w").write("\n".join(queries) + "\n")
print(len(comps))
PY
npk=$(python3 -c "import json; print(len(json.load(open('$WORK/sbom.json'))['components']))")
t0=$(now); sqlite3 "$WORK/a.db" < "$WORK/queries.sql" > /dev/null; t1=$(now); t_sql=$(secs "$t0" "$t1")
best_ms=999999
best_cpu=999999
for _ in 1 2 3 4 5; do
  "$BIN" -v scan "sbom:$WORK/sbom.json" --db "$WORK/a.db" --format json -o "$WORK/out.json" 2> "$WORK/scan.log"
  ms=$(grep -o 'match done.*' "$WORK/scan.log" | grep -o ' ms=[0-9.]*' | cut -d= -f2)
  cpu=$(grep -o 'match done.*' "$WORK/scan.log" | grep -o 'cpu_ms=[0-9.]*' | cut -d= -f2)
  best_ms=$(python3 -c "print(min($best_ms,$ms))")
  best_cpu=$(python3 -c "print(min($best_cpu,$cpu))")
done
nf=$(python3 -c "import json; print(len(json.load(open('$WORK/out.json'))['vulnerabilities']))")
echo "match: $npk packages, $nf findings: $best_ms ms ($(python3 -c "print(f'{$best_ms*1000/$npk:.2f}')") ms per 1,000 packages; target <= 20), CPU time $best_cpu ms (all threads)"
echo "  baseline: sqlite3 CLI, the same $npk point queries: $(python3 -c "print(f'{$t_sql*1000:.0f}')") ms; ratio $(python3 -c "print(f'{$best_ms/($t_sql*1000):.2f}')") x"

# 3. Warm scan of debian-app.
IMG=$IMAGES/debian-app.oci
if [ -d "$IMG" ]; then
  "$BIN" scan "oci:$IMG" --db "$WORK/a.db" --cache-dir "$WORK/cache" -o /dev/null
  best() { local b=999999 t0 t1 s; for _ in 1 2 3 4 5; do t0=$(now); "$@" > /dev/null 2>&1; t1=$(now); s=$(secs "$t0" "$t1"); b=$(python3 -c "print(min($b,$s))"); done; echo "$b"; }
  t_scan=$(best "$BIN" scan "oci:$IMG" --db "$WORK/a.db" --cache-dir "$WORK/cache" --format json -o /dev/null)
  t_sbom=$(best "$BIN" sbom "oci:$IMG" --cache-dir "$WORK/cache" --format json -o /dev/null)
  echo "scan debian-app warm: $(python3 -c "print(f'{$t_scan*1000:.0f}')") ms (target <= 100 ms); sbom warm (no matching): $(python3 -c "print(f'{$t_sbom*1000:.0f}')") ms; ratio $(python3 -c "print(f'{$t_scan/$t_sbom:.2f}')") x"
  # The same image's inventory as a realistic matching load (OS and language packages).
  "$BIN" -v scan "oci:$IMG" --db "$WORK/a.db" --cache-dir "$WORK/cache" --format json -o "$WORK/app.json" 2> "$WORK/app.log"
  line=$(grep -o 'match done.*' "$WORK/app.log")
  np=$(echo "$line" | grep -o 'packages=[0-9]*' | cut -d= -f2); ms=$(echo "$line" | grep -o ' ms=[0-9.]*' | cut -d= -f2)
  nf=$(echo "$line" | grep -o 'findings=[0-9]*' | cut -d= -f2)
  echo "match debian-app: $np packages, $nf findings: $ms ms ($(python3 -c "print(f'{$ms*1000/$np:.2f}')") ms per 1,000 packages)"
else
  echo "scan debian-app warm: SKIPPED (no test image at $IMG)"
fi
