#!/bin/bash
# make-sample-image.sh OUTDIR: builds hullscan's sample container image from real Debian packages.
#
# Needs: a Debian machine (bookworm) whose apt archive is reachable, apt-get, dpkg-deb, GNU tar,
# python3 >= 3.8 (standard library only). No Docker daemon, no other network access.
#
# Writes, deterministically (same inputs => byte-identical files):
#   OUTDIR/sample.oci/           OCI image layout, tag "latest", linux/<dpkg arch>
#   OUTDIR/sample.docker.tar     the same image as a `docker save` archive, hullscan-sample:latest
#   OUTDIR/sample.expected.tsv   ground truth: name version arch source source_version layer
#   OUTDIR/.cache/debs/          downloaded .debs, reused by later runs (delete it to refresh)
#
# The image, as a Dockerfile would describe it:
#   layer 0  ADD file:sample-base in /            the BASE_PKGS below, merged /usr, dpkg status
#   layer 1  RUN apt-get install -y ADD_PKGS       files of ADD_PKGS + the rewritten status
#   (empty)  ENV LANG=C.UTF-8
#   layer 2  RUN dpkg --purge REMOVE_PKG           whiteouts for its files + rewritten status
# Packages are unpacked with `dpkg-deb -x`; their maintainer scripts are not run. The status file
# is composed from each .deb's control fields (`dpkg-deb -f`) with "Status: install ok installed"
# after the Package line. Layers are diffs of rootfs snapshots, packed by scripts/sample_image.py.
#
# Environment: SOURCE_DATE_EPOCH (default 1717200000 = 2024-06-01T00:00:00Z) clamps all times.
# Exit status: 0 on success; 1 with "make-sample-image: error: ..." on stderr otherwise.
set -Eeuo pipefail
umask 022
export LC_ALL=C
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1717200000}"

# Small packages (about 6 MB of .debs) with varied identities: no Source field (base-files),
# Source differing from the name (libc6 -> glibc), epochs (zlib1g 1:...), an epoch only on the
# binary (bsdutils 1:2.38... from util-linux 2.38...), a binNMU (libbz2-1.0 1.0.8-5+b1 from
# bzip2 1.0.8-5), '~' versions (libssl3), arch all (ca-certificates, netbase), conffiles.
BASE_PKGS=(base-files bsdutils ca-certificates libbz2-1.0 libc6 libgcc-s1 libssl3 netbase zlib1g)
ADD_PKGS=(libsqlite3-0 liblz4-1)
REMOVE_PKG=liblz4-1
TAG="hullscan-sample:latest"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HELPER="$SCRIPT_DIR/sample_image.py"
START=$(date +%s)

die() { echo "make-sample-image: error: $*" >&2; exit 1; }
log() { echo "make-sample-image: $*"; }
trap 'die "command failed (line $LINENO): $BASH_COMMAND"' ERR

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
case "$SOURCE_DATE_EPOCH" in
  ''|*[!0-9]*) die "SOURCE_DATE_EPOCH must be a non-negative integer, got '$SOURCE_DATE_EPOCH'" ;;
esac
for tool in apt-get dpkg dpkg-deb tar cp sha256sum python3; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool not found (on Debian: apt-get install apt dpkg tar coreutils python3)"
done
python3 -c 'import sys; sys.exit(sys.version_info < (3, 8))' ||
  die "python3 >= 3.8 required, found $(python3 --version 2>&1)"
[ -f "$HELPER" ] || die "$HELPER missing"
case "$(tar --help 2>/dev/null || true)" in
  *--keep-directory-symlink*) ;;
  *) die "GNU tar with --keep-directory-symlink required" ;;
esac
ARCH="$(dpkg --print-architecture)"

mkdir -p "$1" || die "cannot create output directory $1"
OUTDIR="$(cd "$1" && pwd)"
CACHE="$OUTDIR/.cache/debs"
WORK="$OUTDIR/.work"
PKGDIR="$WORK/pkgs"
rm -rf "$WORK"
mkdir -p "$CACHE" "$PKGDIR"

py() { python3 "$HELPER" "$@" || die "sample_image.py $1 failed (work files kept in $WORK)"; }

# cached_deb NAME: prints the newest cached .deb of NAME for $ARCH or all; fails if none.
# Package names cannot contain '_', so "NAME_" is an exact prefix.
cached_deb() {
  local best="" bestv="" f v
  for f in "$CACHE/${1}_"*"_${ARCH}.deb" "$CACHE/${1}_"*"_all.deb"; do
    [ -f "$f" ] || continue
    v="$(dpkg-deb -f "$f" Version 2>/dev/null)" || continue
    if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$bestv"; then best="$f"; bestv="$v"; fi
  done
  [ -n "$best" ] && echo "$best"
}

# apt_download PKG...: apt-get download into a scratch dir, then move into the cache.
apt_download() {
  local tmp="$CACHE/.partial"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # Root downloads cannot drop to the _apt sandbox user in a root-owned dir; say so explicitly.
  local sandbox=()
  [ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
  if (cd "$tmp" && apt-get download -q "${sandbox[@]}" "$@") >"$WORK/apt.log" 2>&1; then
    mv "$tmp"/*.deb "$CACHE/" && rmdir "$tmp"
    return 0
  fi
  rm -rf "$tmp"
  return 1
}

fetch_debs() {
  local missing=() p
  for p in "$@"; do cached_deb "$p" >/dev/null || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && { log "using cached .debs in $CACHE"; return 0; }
  log "downloading ${missing[*]}"
  apt_download "${missing[@]}" && return 0
  # Retry after `apt-get update` only when the failure is about missing or stale package lists.
  local lists=/var/lib/apt/lists
  eval "$(apt-config shell lists Dir::State::Lists/d 2>/dev/null || true)"
  if ! ls "${lists%/}"/*_Packages* >/dev/null 2>&1 ||
     grep -Eq "Unable to locate package|has no installation candidate|Can't select candidate|404" \
       "$WORK/apt.log"; then
    [ "$(id -u)" = 0 ] || { cat "$WORK/apt.log" >&2; die "apt package lists missing or stale; run 'apt-get update' as root"; }
    log "apt package lists missing or stale: running apt-get update"
    apt-get update -q >"$WORK/apt-update.log" 2>&1 ||
      { cat "$WORK/apt-update.log" >&2; die "apt-get update failed"; }
    apt_download "${missing[@]}" && return 0
  fi
  cat "$WORK/apt.log" >&2
  die "apt-get download ${missing[*]} failed (output above)"
}

# unpack NAME: control fields, control members, file list and files of NAME's .deb.
unpack() {
  local name="$1" deb d
  deb="$(cached_deb "$name")" || die "no .deb for $name in $CACHE"
  d="$PKGDIR/$name"
  mkdir -p "$d"
  dpkg-deb -f "$deb" >"$d/control" || die "dpkg-deb -f $deb failed"
  dpkg-deb -e "$deb" "$d/ctrl" || die "dpkg-deb -e $deb failed"
  dpkg-deb -x "$deb" "$d/root" || die "dpkg-deb -x $deb failed"
  # /var/lib/dpkg/info/NAME.list format: "/." then every path, no trailing '/'.
  dpkg-deb --fsys-tarfile "$deb" | tar -t --quoting-style=literal -f - |
    sed -e 's|^\./$|/.|' -e 's|^\./|/|' -e 's|\(.\)/$|\1|' >"$d/list" ||
    die "listing $deb failed"
}

# install_into ROOTFS NAME...: copy unpacked packages in, keeping merged-/usr symlinks
# (dpkg-deb -x would replace the /lib symlink with a directory).
install_into() {
  local rootfs="$1" p
  shift
  for p in "$@"; do
    tar -C "$PKGDIR/$p/root" -cf - . |
      tar -C "$rootfs" -xpf - --keep-directory-symlink --no-same-owner ||
      die "copying $p into $rootfs failed"
  done
}

ALL_PKGS=("${BASE_PKGS[@]}" "${ADD_PKGS[@]}")
fetch_debs "${ALL_PKGS[@]}"
for p in "${ALL_PKGS[@]}"; do unpack "$p"; done
FINAL_PKGS=()
for p in "${ALL_PKGS[@]}"; do [ "$p" = "$REMOVE_PKG" ] || FINAL_PKGS+=("$p"); done

# Layer 0: merged-/usr skeleton (as debootstrap makes for bookworm), base packages, dpkg db.
S0="$WORK/state0"
mkdir -p "$S0/usr/bin" "$S0/usr/sbin" "$S0/usr/lib" "$S0/usr/lib64"
ln -s usr/bin "$S0/bin"
ln -s usr/sbin "$S0/sbin"
ln -s usr/lib "$S0/lib"
ln -s usr/lib64 "$S0/lib64"
install_into "$S0" "${BASE_PKGS[@]}"
py dpkg-db "$S0" "$PKGDIR" "${BASE_PKGS[@]}"
[ -L "$S0/etc/os-release" ] || die "base-files did not provide the /etc/os-release symlink"

# Layer 1: two more packages and the rewritten status.
S1="$WORK/state1"
cp -a "$S0" "$S1"
install_into "$S1" "${ADD_PKGS[@]}"
py dpkg-db "$S1" "$PKGDIR" "${ALL_PKGS[@]}"

# Layer 2 (after the empty ENV entry): purge one of them.
S2="$WORK/state2"
cp -a "$S1" "$S2"
py remove "$S2" "$PKGDIR" "$REMOVE_PKG"
py dpkg-db "$S2" "$PKGDIR" "${FINAL_PKGS[@]}"

join() { local IFS=,; echo "$*"; }
TAB=$'\t'
{
  echo "layer${TAB}/bin/sh -c #(nop) ADD file:sample-base in /${TAB}$S0${TAB}$(join "${BASE_PKGS[@]}")${TAB}-"
  echo "layer${TAB}RUN /bin/sh -c apt-get install -y ${ADD_PKGS[*]} # buildkit${TAB}$S1${TAB}$(join "${ADD_PKGS[@]}")${TAB}-"
  echo "empty${TAB}ENV LANG=C.UTF-8${TAB}-${TAB}-${TAB}-"
  echo "layer${TAB}RUN /bin/sh -c dpkg --purge $REMOVE_PKG # buildkit${TAB}$S2${TAB}-${TAB}$REMOVE_PKG"
} >"$WORK/plan.tsv"
py build --plan "$WORK/plan.tsv" --pkgdir "$PKGDIR" --work "$WORK" --arch "$ARCH" --tag "$TAG"

# Replace the previous outputs only now that the new ones are complete and verified.
rm -rf "$OUTDIR/sample.oci"
mv "$WORK/out/sample.oci" "$OUTDIR/sample.oci"
mv -f "$WORK/out/sample.docker.tar" "$OUTDIR/sample.docker.tar"
mv -f "$WORK/out/sample.expected.tsv" "$OUTDIR/sample.expected.tsv"
py verify "$OUTDIR" >/dev/null

if command -v skopeo >/dev/null 2>&1; then
  for ref in "oci:$OUTDIR/sample.oci:latest" "docker-archive:$OUTDIR/sample.docker.tar"; do
    n="$(skopeo inspect "$ref" 2>"$WORK/skopeo.err" |
         python3 -c 'import json,sys; print(len(json.load(sys.stdin)["Layers"]))')" ||
      { cat "$WORK/skopeo.err" >&2; die "skopeo inspect $ref failed"; }
    [ "$n" = 3 ] || die "skopeo inspect $ref: $n layers, expected 3"
    log "skopeo inspect $ref: ok ($n layers)"
  done
else
  log "skopeo not installed: skipping the skopeo cross-check"
fi

log "wrote:"
(cd "$OUTDIR" && find sample.oci sample.docker.tar sample.expected.tsv -type f | sort |
  while read -r f; do
    printf '  %-84s %9s bytes  sha256:%s\n' "$OUTDIR/$f" "$(stat -c %s "$f")" \
      "$(sha256sum "$f" | cut -d' ' -f1)"
  done)
log "packages per layer:"
while IFS="$TAB" read -r idx hist created added removed total entries whiteouts; do
  case "$idx" in '#'*) continue ;; esac
  printf '  layer %s (history[%s]): +%s -%s => %s installed (%s tar entries, %s whiteouts)  %s\n' \
    "$idx" "$hist" "$added" "$removed" "$total" "$entries" "$whiteouts" "$created"
done <"$WORK/summary.tsv"
log "ground truth ($OUTDIR/sample.expected.tsv):"
sed 's/^/  /' "$OUTDIR/sample.expected.tsv"
rm -rf "$WORK"
log "done in $(($(date +%s) - START)) s (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
