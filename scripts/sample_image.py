#!/usr/bin/env python3
"""Helpers for scripts/make-sample-image.sh: dpkg database, layer diffs, image packing, checks.

The shell script fetches real Debian packages and unpacks them into rootfs snapshots (one per
layer). This module, using the Python 3 standard library only, turns those snapshots into a
deterministic container image:

  dpkg-db ROOTFS PKGDIR PKG...   write var/lib/dpkg/status and var/lib/dpkg/info/* for PKG...
  remove  ROOTFS PKGDIR PKG      delete PKG's files the way `dpkg --purge` does
  build   --plan PLAN --pkgdir PKGDIR --work WORKDIR [--arch A] [--tag T]
                                 diff the snapshots into layer tars; write the OCI layout, the
                                 docker-archive and the ground-truth TSV into WORKDIR/out; verify
  verify  OUTDIR                 recompute every digest and diff_id and check the layer tars

Formats followed:
  OCI image layout   https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md
  OCI manifest/index https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md
  OCI config         https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md
  OCI layers, .wh.   https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md
  docker-archive     https://github.com/moby/moby/blob/v24.0.0/image/tarexport/save.go
  dpkg status/info   https://manpages.debian.org/bookworm/dpkg/dpkg.1.en.html (FILES)
                     https://www.debian.org/doc/debian-policy/ch-controlfields.html
Determinism: SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
clamps every mtime; tar entries are sorted depth-first with uid/gid 0; gzip has no name and
mtime 0 (like `gzip -n`).
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import tarfile
import time

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
REF_NAME = "org.opencontainers.image.ref.name"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# dpkg architecture -> OCI platform (architecture, variant).
OCI_PLATFORMS = {
    "amd64": ("amd64", None),
    "arm64": ("arm64", "v8"),
    "armhf": ("arm", "v7"),
    "i386": ("386", None),
    "ppc64el": ("ppc64le", None),
    "s390x": ("s390x", None),
}


class Failure(Exception):
    """A check failed; main() prints the message and exits 1."""


def fail(msg):
    raise Failure(msg)


def sde():
    value = os.environ.get("SOURCE_DATE_EPOCH", "1717200000")
    if not value.isdigit():
        fail(f"SOURCE_DATE_EPOCH: not a non-negative integer: {value!r}")
    return int(value)


def rfc3339(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def canonical_json(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def write_if_changed(path, data, mode=0o644):
    """Writes only when the content differs, so an unchanged file keeps its mtime."""
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                os.chmod(path, mode)
                return
    except FileNotFoundError:
        pass
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


# ---------------------------------------------------------------------------------------------
# dpkg database

def read_control(pkgdir, name):
    """Returns (raw control text, {field: value}) of PKGDIR/NAME/control (`dpkg-deb -f` output)."""
    path = os.path.join(pkgdir, name, "control")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        fail(f"read control of {name}: {e}")
    fields = {}
    last = None
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0] in " \t":
            if last is None:
                fail(f"{path}: continuation line before any field")
            fields[last] += "\n" + line
            continue
        key, sep, value = line.partition(":")
        if not sep:
            fail(f"{path}: malformed line {line!r}")
        last = key.strip()
        fields[last] = value.strip()
    for key in ("Package", "Version", "Architecture"):
        if key not in fields:
            fail(f"{path}: missing {key} field")
    if fields["Package"] != name:
        fail(f"{path}: Package is {fields['Package']!r}, expected {name!r}")
    return text, fields


def source_of(fields):
    """(source name, source version) per Debian policy 5.6.1: 'Source: name (version)'."""
    src = fields.get("Source", "").strip()
    if not src:
        return fields["Package"], fields["Version"]
    m = re.fullmatch(r"(\S+)\s*\(\s*([^)\s]+)\s*\)", src)
    if m:
        return m.group(1), m.group(2)
    if re.fullmatch(r"\S+", src):
        return src, fields["Version"]
    fail(f"package {fields['Package']}: malformed Source field {src!r}")


def info_name(fields):
    """dpkg names info files pkg:arch for Multi-Arch: same packages, pkg otherwise."""
    if fields.get("Multi-Arch", "") == "same":
        return f"{fields['Package']}:{fields['Architecture']}"
    return fields["Package"]


def md5_file(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def status_stanza(rootfs, pkgdir, name):
    text, _ = read_control(pkgdir, name)
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines[0].startswith("Package:"):
        fail(f"control of {name}: first field is not Package")
    out = [lines[0], "Status: install ok installed"]
    conffiles = []
    conf_path = os.path.join(pkgdir, name, "ctrl", "conffiles")
    if os.path.exists(conf_path):
        with open(conf_path, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if not parts or not parts[0].startswith("/"):
                    continue  # flags such as remove-on-upgrade
                target = os.path.join(rootfs, parts[0].lstrip("/"))
                if os.path.isfile(target):
                    conffiles.append(f" {parts[0]} {md5_file(target)}")
    body = lines[1:]
    if conffiles:
        # dpkg writes Conffiles just before Description; keep the control order otherwise.
        at = next((i for i, l in enumerate(body) if l.startswith("Description:")), len(body))
        body = body[:at] + ["Conffiles:"] + conffiles + body[at:]
    return "\n".join(out + body) + "\n"


def cmd_dpkg_db(args):
    rootfs, pkgdir = args.rootfs, args.pkgdir
    names = sorted(set(args.packages))
    dbdir = os.path.join(rootfs, "var", "lib", "dpkg")
    infodir = os.path.join(dbdir, "info")
    os.makedirs(infodir, mode=0o755, exist_ok=True)
    stanzas = [status_stanza(rootfs, pkgdir, n) for n in names]
    write_if_changed(os.path.join(dbdir, "status"), "\n".join(stanzas).encode() + b"\n")

    wanted = {}
    for n in names:
        _, fields = read_control(pkgdir, n)
        iname = info_name(fields)
        with open(os.path.join(pkgdir, n, "list"), "rb") as f:
            wanted[f"{iname}.list"] = (f.read(), 0o644)
        ctrl = os.path.join(pkgdir, n, "ctrl")
        for member in sorted(os.listdir(ctrl)):
            if member == "control":
                continue
            src = os.path.join(ctrl, member)
            with open(src, "rb") as f:
                wanted[f"{iname}.{member}"] = (f.read(), stat.S_IMODE(os.lstat(src).st_mode))
    for existing in sorted(os.listdir(infodir)):
        if existing not in wanted:
            os.unlink(os.path.join(infodir, existing))
    for fname, (data, mode) in sorted(wanted.items()):
        write_if_changed(os.path.join(infodir, fname), data, mode)
    return 0


def read_list(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return [l.rstrip("\n") for l in f if l.strip() and l.strip() != "/."]


def cmd_remove(args):
    """Deletes the files of one package like `dpkg --purge`: files and symlinks it lists, then
    the directories it lists that are empty and not listed by another installed package."""
    rootfs = args.rootfs
    _, fields = read_control(args.pkgdir, args.package)
    iname = info_name(fields)
    infodir = os.path.join(rootfs, "var", "lib", "dpkg", "info")
    own_list = os.path.join(infodir, f"{iname}.list")
    if not os.path.exists(own_list):
        fail(f"remove {args.package}: not installed in {rootfs} (no {own_list})")
    paths = read_list(own_list)
    shared = set()
    for other in os.listdir(infodir):
        if other.endswith(".list") and other != f"{iname}.list":
            shared.update(read_list(os.path.join(infodir, other)))
    pkgroot = os.path.join(args.pkgdir, args.package, "root")
    dirs = []
    for p in paths:
        target = os.path.join(rootfs, p.lstrip("/"))
        # Ask the unpacked package, not the rootfs: /lib is a directory in the package but a
        # symlink (merged /usr) in the image, and that symlink must stay.
        if os.path.isdir(os.path.join(pkgroot, p.lstrip("/"))) and \
                not os.path.islink(os.path.join(pkgroot, p.lstrip("/"))):
            dirs.append(p)
        elif os.path.lexists(target):
            if os.path.isdir(target) and not os.path.islink(target):
                fail(f"remove {args.package}: {p} is a file in the package, a directory here")
            os.unlink(target)
    for p in sorted(dirs, key=lambda d: d.count("/"), reverse=True):
        if p in shared:
            continue
        target = os.path.join(rootfs, p.lstrip("/"))
        if os.path.islink(target) or not os.path.isdir(target):
            continue
        try:
            os.rmdir(target)
        except OSError:
            pass  # not empty: other content lives there
    return 0


# ---------------------------------------------------------------------------------------------
# Filesystem snapshots and layer diffs

def sort_key(path):
    """Depth-first order: a directory, then everything below it, then its next sibling."""
    return tuple(path.split("/"))


class Node:
    """One filesystem entry as it will appear in a layer: type, mode, clamped mtime, content."""

    __slots__ = ("kind", "mode", "mtime", "size", "digest", "link", "source")

    def __init__(self, kind, mode, mtime, size=0, digest="", link="", source=None):
        self.kind, self.mode, self.mtime = kind, mode, mtime
        self.size, self.digest, self.link, self.source = size, digest, link, source

    def key(self):
        return (self.kind, self.mode, self.mtime, self.size, self.digest, self.link)


def snapshot(root, epoch):
    """Maps every path under ROOT (relative, '/'-separated) to its Node; symlinks not followed."""
    if not os.path.isdir(root):
        return {}
    nodes = {}

    def walk(abs_dir, rel_dir):
        with os.scandir(abs_dir) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            rel = f"{rel_dir}/{e.name}" if rel_dir else e.name
            st = os.lstat(e.path)
            mode = stat.S_IMODE(st.st_mode)
            mtime = min(int(st.st_mtime), epoch)
            if stat.S_ISDIR(st.st_mode):
                nodes[rel] = Node("dir", mode, mtime, source=e.path)
                walk(e.path, rel)
            elif stat.S_ISLNK(st.st_mode):
                nodes[rel] = Node("sym", mode, mtime, link=os.readlink(e.path), source=e.path)
            elif stat.S_ISREG(st.st_mode):
                nodes[rel] = Node("reg", mode, mtime, st.st_size, sha256_file(e.path), source=e.path)
            else:
                fail(f"snapshot {e.path}: unsupported file type (mode {oct(st.st_mode)})")

    walk(root, "")
    return nodes


def diff(old, new):
    """Docker-style change set: {path: Node} for added/changed entries and every ancestor
    directory, plus a set of topmost deleted paths (whiteouts)."""
    changed = {p for p, n in new.items() if p not in old or old[p].key() != n.key()}
    deleted = set()
    for p in old:
        if p in new:
            continue
        parent = p.rpartition("/")[0]
        if parent and (parent not in new or new[parent].kind != "dir"):
            continue  # covered by the whiteout or the replacement of an ancestor
        deleted.add(p)
    wanted = set(changed)
    for p in list(changed) + list(deleted):
        parts = p.split("/")
        for i in range(1, len(parts)):
            wanted.add("/".join(parts[:i]))
    return {p: new[p] for p in wanted}, deleted


def tarinfo(name, node):
    ti = tarfile.TarInfo(name)
    ti.mode = node.mode
    ti.mtime = node.mtime
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    if node.kind == "dir":
        ti.type = tarfile.DIRTYPE
        ti.name = name + "/"
    elif node.kind == "sym":
        ti.type = tarfile.SYMTYPE
        ti.linkname = node.link
    else:
        ti.type = tarfile.REGTYPE
        ti.size = node.size
    return ti


def write_layer(path, entries, whiteouts, epoch):
    """Writes a PAX tar of ENTRIES ({path: Node}) and WHITEOUTS (deleted paths), sorted."""
    items = [(p, n) for p, n in entries.items()]
    for p in whiteouts:
        parent, _, base = p.rpartition("/")
        wh = f"{parent}/{WHITEOUT_PREFIX}{base}" if parent else WHITEOUT_PREFIX + base
        items.append((wh, Node("reg", 0o644, epoch)))
    items.sort(key=lambda it: sort_key(it[0]))
    with open(path, "wb") as f, tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for p, n in items:
            ti = tarinfo(p, n)
            if n.kind == "reg" and n.source is not None:
                with open(n.source, "rb") as src:
                    data = src.read()
                if len(data) != n.size or sha256_bytes(data) != n.digest:
                    fail(f"write layer {path}: {n.source} changed while packing")
                tar.addfile(ti, io.BytesIO(data))
            else:
                tar.addfile(ti)


def raw_tar_names(data, label):
    """Names exactly as stored in the headers (ustar prefix/name or PAX 'path'), which
    tarfile would normalise (it strips the trailing '/' of directories)."""
    names = []
    off = 0
    pax_path = None
    while off + 512 <= len(data):
        h = data[off:off + 512]
        if h == bytes(512):
            break
        if h[257:263] != b"ustar\0":
            fail(f"{label}: header at offset {off} is not ustar/PAX")
        try:
            size = int(h[124:136].split(b"\0")[0].strip() or b"0", 8)
        except ValueError:
            fail(f"{label}: bad size field at offset {off}")
        body = data[off + 512:off + 512 + size]
        typ = h[156:157]
        name = h[0:100].split(b"\0")[0]
        prefix = h[345:500].split(b"\0")[0]
        off += 512 + (size + 511) // 512 * 512
        if typ == b"x":
            i = 0
            while i < len(body):
                sp = body.index(b" ", i)
                length = int(body[i:sp])
                key, _, value = body[sp + 1:i + length - 1].partition(b"=")
                if key == b"path":
                    pax_path = value
                i += length
            continue
        if typ == b"g":
            continue
        full = pax_path if pax_path is not None else (prefix + b"/" + name if prefix else name)
        names.append(full.decode("utf-8", "surrogateescape"))
        pax_path = None
    return names


def read_layer(data, epoch, label):
    """Reads a layer tar (bytes), checks the entry rules (relative names, '/' after directory
    names, ancestors first, depth-first sorted, uid/gid 0, clamped mtimes) and returns
    [(path, Node)], Node None for a whiteout."""
    out = []
    seen_dirs = set()
    prev_key = None
    raw_names = raw_tar_names(data, label)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        members = tar.getmembers()
        if len(members) != len(raw_names):
            fail(f"{label}: header scan found {len(raw_names)} entries, tarfile {len(members)}")
        for ti, raw in zip(members, raw_names):
            where = f"{label}: entry {raw!r}"
            if raw.startswith(("/", "./")) or "/../" in f"/{raw}" or "//" in raw or raw in ("", "."):
                fail(f"{where}: name must be relative, without './', '..' or '//'")
            if ti.isdir() != raw.endswith("/"):
                fail(f"{where}: directories and only directories must end with '/'")
            if ti.uid != 0 or ti.gid != 0:
                fail(f"{where}: uid/gid {ti.uid}/{ti.gid}, expected 0/0")
            if ti.mtime > epoch:
                fail(f"{where}: mtime {ti.mtime} is after SOURCE_DATE_EPOCH {epoch}")
            rel = raw.rstrip("/")
            key = sort_key(rel)
            if prev_key is not None and key <= prev_key:
                fail(f"{where}: entries are not in sorted depth-first order")
            prev_key = key
            parent, _, base = rel.rpartition("/")
            if parent and parent not in seen_dirs:
                fail(f"{where}: ancestor directory {parent}/ not in the layer before it")
            if base.startswith(WHITEOUT_PREFIX):
                if not ti.isreg() or ti.size != 0:
                    fail(f"{where}: whiteout must be an empty regular file")
                if base == OPAQUE_MARKER:
                    fail(f"{where}: opaque whiteouts are not produced by this script")
                hidden = base[len(WHITEOUT_PREFIX):]
                out.append((f"{parent}/{hidden}" if parent else hidden, None))
                continue
            mode = ti.mode & 0o7777
            if ti.isdir():
                seen_dirs.add(rel)
                out.append((rel, Node("dir", mode, ti.mtime)))
            elif ti.issym():
                out.append((rel, Node("sym", mode, ti.mtime, link=ti.linkname)))
            elif ti.isreg():
                content = tar.extractfile(ti).read()
                out.append((rel, Node("reg", mode, ti.mtime, len(content), sha256_bytes(content))))
            else:
                fail(f"{where}: unexpected tar entry type {ti.type!r}")
    return out


def apply_layer(state, layer_entries):
    """Applies a read-back layer to a {path: Node} state like an overlay (whiteouts delete)."""
    state = dict(state)
    for p, node in layer_entries:
        if node is None or (p in state and state[p].kind == "dir" and node.kind != "dir"):
            prefix = p + "/"
            for q in [q for q in state if q == p or q.startswith(prefix)]:
                del state[q]
            if node is None:
                continue
        state[p] = node
    return state


def same_tree(a, b):
    if a.keys() != b.keys():
        extra = sorted(a.keys() - b.keys())[:5]
        missing = sorted(b.keys() - a.keys())[:5]
        return f"paths differ: extra {extra}, missing {missing}"
    for p in sorted(a):
        if a[p].key() != b[p].key():
            return f"{p}: {a[p].key()} != {b[p].key()}"
    return None


# ---------------------------------------------------------------------------------------------
# Image assembly

def gzip_bytes(data):
    # Like `gzip -n -6`: no file name, mtime 0.
    return gzip.compress(data, compresslevel=6, mtime=0)


def read_plan(path):
    """Plan TSV lines: kind<TAB>created_by<TAB>state_dir<TAB>added<TAB>removed
    (kind 'layer' or 'empty'; package lists comma-separated, '-' for none)."""
    steps = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 5 or cols[0] not in ("layer", "empty"):
                fail(f"{path}:{lineno}: malformed plan line")
            split = lambda s: [] if s == "-" else s.split(",")
            steps.append({"kind": cols[0], "created_by": cols[1], "state": cols[2],
                          "added": split(cols[3]), "removed": split(cols[4])})
    return steps


def tar_member(tar, name, data, epoch, mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.mode, ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname = mode, epoch, 0, 0, "", ""
    if data is None:
        ti.type = tarfile.DIRTYPE
        tar.addfile(ti)
    else:
        ti.size = len(data)
        tar.addfile(ti, io.BytesIO(data))


def cmd_build(args):
    epoch = sde()
    created = rfc3339(epoch)
    if args.arch not in OCI_PLATFORMS:
        fail(f"architecture {args.arch!r}: no OCI platform mapping")
    oci_arch, variant = OCI_PLATFORMS[args.arch]
    steps = read_plan(args.plan)
    work = args.work
    layer_dir = os.path.join(work, "layers")
    os.makedirs(layer_dir, exist_ok=True)

    prev = {}
    layers = []  # dicts: tar path, diff_id, gz bytes digest
    history = []
    installed = {}  # name -> layer index that introduced it
    counts = []
    for step in steps:
        entry = {"created": created, "created_by": step["created_by"]}
        if step["created_by"].endswith("# buildkit"):
            entry["comment"] = "buildkit.dockerfile.v0"
        if step["kind"] == "empty":
            entry["empty_layer"] = True
            history.append(entry)
            if step["added"] or step["removed"]:
                fail("plan: an empty layer cannot add or remove packages")
            continue
        history.append(entry)
        index = len(layers)
        cur = snapshot(step["state"], epoch)
        if not cur:
            fail(f"layer {index}: state directory {step['state']} is empty or missing")
        entries, whiteouts = diff(prev, cur)
        tar_path = os.path.join(layer_dir, f"{index}.tar")
        write_layer(tar_path, entries, whiteouts, epoch)
        # Read the tar back and check that it turns the previous state into the current one.
        with open(tar_path, "rb") as f:
            raw = f.read()
        problem = same_tree(apply_layer(prev, read_layer(raw, epoch, tar_path)), cur)
        if problem:
            fail(f"layer {index}: applying it to the previous state does not give "
                 f"{step['state']}: {problem}")
        gz = gzip_bytes(raw)
        layers.append({"tar": tar_path, "diff_id": "sha256:" + sha256_bytes(raw),
                       "gz": gz, "digest": "sha256:" + sha256_bytes(gz), "size": len(gz),
                       "tar_size": len(raw), "entries": len(entries) + len(whiteouts)})
        for name in step["removed"]:
            if name not in installed:
                fail(f"layer {index}: removes {name}, which no earlier layer installed")
            del installed[name]
        for name in step["added"]:
            installed[name] = index
        counts.append((index, len(history) - 1, step["created_by"], len(step["added"]), len(step["removed"]),
                       len(installed), len(entries), len(whiteouts)))
        prev = cur

    # Ground truth from the control fields the script wrote into the status files.
    rows = []
    for name in sorted(installed):
        _, fields = read_control(args.pkgdir, name)
        src, src_ver = source_of(fields)
        rows.append([name, fields["Version"], fields["Architecture"], src, src_ver,
                     str(installed[name])])
    tsv = "name\tversion\tarch\tsource\tsource_version\tlayer\n"
    tsv += "".join("\t".join(r) + "\n" for r in rows)

    config = {
        "architecture": oci_arch,
        "os": "linux",
        "created": created,
        "config": {"Env": [f"PATH={DEFAULT_PATH}", "LANG=C.UTF-8"]},
        "rootfs": {"type": "layers", "diff_ids": [l["diff_id"] for l in layers]},
        "history": history,
    }
    if variant:
        config["variant"] = variant
    config_bytes = canonical_json(config)
    config_hex = sha256_bytes(config_bytes)
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": "sha256:" + config_hex,
                   "size": len(config_bytes)},
        "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": l["digest"], "size": l["size"]}
                   for l in layers],
    }
    manifest_bytes = canonical_json(manifest)
    platform = {"architecture": oci_arch, "os": "linux"}
    if variant:
        platform["variant"] = variant
    repo, _, tag = args.tag.rpartition(":")
    index_json = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{"mediaType": OCI_MANIFEST, "digest": "sha256:" + sha256_bytes(manifest_bytes),
                       "size": len(manifest_bytes), "platform": platform,
                       "annotations": {REF_NAME: tag}}],
    }

    stage = os.path.join(work, "out")
    oci = os.path.join(stage, "sample.oci")
    blobs = os.path.join(oci, "blobs", "sha256")
    os.makedirs(blobs)
    for data in [config_bytes, manifest_bytes] + [l["gz"] for l in layers]:
        with open(os.path.join(blobs, sha256_bytes(data)), "wb") as f:
            f.write(data)
    with open(os.path.join(oci, "oci-layout"), "wb") as f:
        f.write(canonical_json({"imageLayoutVersion": "1.0.0"}))
    with open(os.path.join(oci, "index.json"), "wb") as f:
        f.write(canonical_json(index_json))

    # docker-archive (docker save layout): <v1id>/{VERSION,json,layer.tar}, <config>.json,
    # manifest.json, repositories. v1 ids are derived from the chain id and the parent id.
    members = []
    parent = ""
    chain = ""
    layer_paths = []
    for i, l in enumerate(layers):
        chain = l["diff_id"] if i == 0 else "sha256:" + sha256_bytes(f"{chain} {l['diff_id']}".encode())
        v1 = {"created": created, "layer_id": chain}
        if parent:
            v1["parent"] = parent
        v1_id = sha256_bytes(canonical_json(v1))
        v1_json = {"id": v1_id, "created": created, "os": "linux", "architecture": oci_arch}
        if parent:
            v1_json["parent"] = parent
        if i == len(layers) - 1:
            v1_json["config"] = config["config"]
        with open(l["tar"], "rb") as f:
            layer_bytes = f.read()
        members += [(f"{v1_id}/", None), (f"{v1_id}/VERSION", b"1.0"),
                    (f"{v1_id}/json", canonical_json(v1_json)),
                    (f"{v1_id}/layer.tar", layer_bytes)]
        layer_paths.append(f"{v1_id}/layer.tar")
        parent = v1_id
    docker_manifest = [{"Config": f"{config_hex}.json", "RepoTags": [args.tag],
                        "Layers": layer_paths}]
    members += [(f"{config_hex}.json", config_bytes),
                ("manifest.json", canonical_json(docker_manifest)),
                ("repositories", canonical_json({repo: {tag: parent}}))]
    members.sort(key=lambda m: sort_key(m[0].rstrip("/")))
    with open(os.path.join(stage, "sample.docker.tar"), "wb") as f, \
            tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members:
            tar_member(tar, name, data, epoch, 0o755 if data is None else 0o644)
    with open(os.path.join(stage, "sample.expected.tsv"), "w", encoding="utf-8") as f:
        f.write(tsv)

    verify(stage)
    # Summary for the shell script: layer index, history index, created_by, added, removed,
    # installed after the layer, tar entries, whiteouts.
    with open(os.path.join(work, "summary.tsv"), "w", encoding="utf-8") as f:
        for c in counts:
            f.write("\t".join(str(x) for x in c) + "\n")
        for l in layers:
            f.write(f"#layer\t{l['diff_id']}\t{l['digest']}\t{l['tar_size']}\t{l['size']}\n")
    return 0


# ---------------------------------------------------------------------------------------------
# Verification

def load_json(data, what):
    try:
        return json.loads(data)
    except ValueError as e:
        fail(f"{what}: invalid JSON: {e}")


def check_descriptor(blobs, desc, what):
    digest = desc.get("digest", "")
    if not digest.startswith("sha256:"):
        fail(f"{what}: digest {digest!r} is not sha256")
    path = os.path.join(blobs, digest[7:])
    if not os.path.isfile(path):
        fail(f"{what}: blob {digest} missing")
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != desc.get("size"):
        fail(f"{what}: blob {digest} has {len(data)} bytes, descriptor says {desc.get('size')}")
    if "sha256:" + sha256_bytes(data) != digest:
        fail(f"{what}: blob content does not hash to {digest}")
    return data


def verify(outdir):
    """Recomputes every digest and diff_id of both image forms and checks the layer tars."""
    epoch = sde()
    oci = os.path.join(outdir, "sample.oci")
    blobs = os.path.join(oci, "blobs", "sha256")
    for name in sorted(os.listdir(blobs)):
        if sha256_file(os.path.join(blobs, name)) != name:
            fail(f"{blobs}/{name}: content does not match its name")
    with open(os.path.join(oci, "oci-layout"), "rb") as f:
        if load_json(f.read(), "oci-layout").get("imageLayoutVersion") != "1.0.0":
            fail("oci-layout: imageLayoutVersion is not 1.0.0")
    with open(os.path.join(oci, "index.json"), "rb") as f:
        index = load_json(f.read(), "index.json")
    mans = index.get("manifests", [])
    if len(mans) != 1 or mans[0].get("annotations", {}).get(REF_NAME) != "latest":
        fail("index.json: expected one manifest annotated ref.name=latest")
    if mans[0].get("mediaType") != OCI_MANIFEST or mans[0].get("platform", {}).get("os") != "linux":
        fail("index.json: manifest descriptor lacks the OCI media type or linux platform")
    manifest = load_json(check_descriptor(blobs, mans[0], "index.json manifest"), "manifest")
    if manifest.get("config", {}).get("mediaType") != OCI_CONFIG:
        fail("manifest: config media type is not the OCI config type")
    config_bytes = check_descriptor(blobs, manifest["config"], "manifest config")
    config = load_json(config_bytes, "config")
    diff_ids = config.get("rootfs", {}).get("diff_ids", [])
    if len(diff_ids) != len(manifest.get("layers", [])):
        fail("config: diff_ids count differs from manifest layers count")
    non_empty = [h for h in config.get("history", []) if not h.get("empty_layer")]
    if len(non_empty) != len(diff_ids):
        fail("config: non-empty history entries do not match the layer count")
    if not any(h.get("empty_layer") for h in config.get("history", [])):
        fail("config: no empty_layer history entry")
    oci_layers = []
    for i, desc in enumerate(manifest["layers"]):
        if desc.get("mediaType") != OCI_LAYER_GZIP:
            fail(f"manifest layer {i}: media type {desc.get('mediaType')!r}")
        gz = check_descriptor(blobs, desc, f"manifest layer {i}")
        try:
            raw = gzip.decompress(gz)
        except (OSError, EOFError) as e:
            fail(f"manifest layer {i}: gunzip failed: {e}")
        if "sha256:" + sha256_bytes(raw) != diff_ids[i]:
            fail(f"manifest layer {i}: uncompressed digest differs from diff_ids[{i}]")
        oci_layers.append(raw)

    with tarfile.open(os.path.join(outdir, "sample.docker.tar"), mode="r:") as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar if m.isreg()}
    dman = load_json(files.get("manifest.json", b"null"), "docker manifest.json")
    if not isinstance(dman, list) or len(dman) != 1:
        fail("docker manifest.json: expected exactly one image")
    dman = dman[0]
    cfg = files.get(dman.get("Config", ""))
    if cfg is None or sha256_bytes(cfg) + ".json" != dman["Config"]:
        fail("docker-archive: config file missing or not named after its sha256")
    if cfg != config_bytes:
        fail("docker-archive: config differs from the OCI config")
    if dman.get("RepoTags") != ["hullscan-sample:latest"]:
        fail(f"docker-archive: RepoTags {dman.get('RepoTags')}")
    if len(dman.get("Layers", [])) != len(diff_ids):
        fail("docker-archive: layer count differs from diff_ids")
    tmp_state = {}
    for i, lp in enumerate(dman["Layers"]):
        data = files.get(lp)
        if data is None:
            fail(f"docker-archive: {lp} missing")
        if "sha256:" + sha256_bytes(data) != diff_ids[i]:
            fail(f"docker-archive: {lp} does not hash to diff_ids[{i}]")
        if data != oci_layers[i]:
            fail(f"docker-archive: {lp} differs from OCI layer {i}")
        tmp_state = apply_layer(tmp_state, read_layer(data, epoch, f"docker-archive {lp}"))
    if "var/lib/dpkg/status" not in tmp_state or "etc/os-release" not in tmp_state:
        fail("final filesystem lacks var/lib/dpkg/status or etc/os-release")
    if tmp_state["etc/os-release"].kind != "sym" or \
            tmp_state["etc/os-release"].link != "../usr/lib/os-release":
        fail("etc/os-release is not the symlink ../usr/lib/os-release")
    return 0


def cmd_verify(args):
    verify(args.outdir)
    print(f"verify: {args.outdir}: all digests and diff_ids match")
    return 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("dpkg-db")
    s.add_argument("rootfs")
    s.add_argument("pkgdir")
    s.add_argument("packages", nargs="+")
    s.set_defaults(func=cmd_dpkg_db)
    s = sub.add_parser("remove")
    s.add_argument("rootfs")
    s.add_argument("pkgdir")
    s.add_argument("package")
    s.set_defaults(func=cmd_remove)
    s = sub.add_parser("build")
    s.add_argument("--plan", required=True)
    s.add_argument("--pkgdir", required=True)
    s.add_argument("--work", required=True)
    s.add_argument("--arch", default="amd64")
    s.add_argument("--tag", default="hullscan-sample:latest")
    s.set_defaults(func=cmd_build)
    s = sub.add_parser("verify")
    s.add_argument("outdir")
    s.set_defaults(func=cmd_verify)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except Failure as e:
        print(f"sample_image.py {args.cmd}: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"sample_image.py {args.cmd}: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
