"""Builds small, real OCI image layouts and docker-archives for hullscan's end-to-end tests.

Python standard library only. Layers are given as lists of entries; every blob is written with
its true digest unless a test asks to break it. Used for the bad-input tests (corrupt blobs,
traversal, bombs, hostile manifests) and for scenario images with whiteouts.
"""
import gzip
import hashlib
import io
import json
import os
import tarfile

EPOCH = 1717200000


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def make_tar(entries):
    """entries: list of (name, kind, data) with kind in f (file), x (executable file), d (dir),
    l (symlink), h (hardlink)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, kind, data in entries:
            ti = tarfile.TarInfo(name)
            ti.mtime = EPOCH
            ti.uid = ti.gid = 0
            if kind == "d":
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                tf.addfile(ti)
            elif kind == "l":
                ti.type = tarfile.SYMTYPE
                ti.linkname = data
                tf.addfile(ti)
            elif kind == "h":
                ti.type = tarfile.LNKTYPE
                ti.linkname = data
                tf.addfile(ti)
            else:
                raw = data.encode() if isinstance(data, str) else data
                ti.size = len(raw)
                ti.mode = 0o755 if kind == "x" else 0o644
                tf.addfile(ti, io.BytesIO(raw))
    return buf.getvalue()


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


class Image:
    """An image under construction: layers (tar bytes), history, config."""

    def __init__(self):
        self.layers = []  # list of (tar_bytes, blob_bytes, media_type)
        self.history = []

    def add_layer(self, entries, created_by, compress=True, raw_tar=None):
        tar = raw_tar if raw_tar is not None else make_tar(entries)
        blob = gz(tar) if compress else tar
        mt = "application/vnd.oci.image.layer.v1.tar+gzip" if compress else "application/vnd.oci.image.layer.v1.tar"
        self.layers.append((tar, blob, mt))
        self.history.append({"created": "2024-06-01T00:00:00Z", "created_by": created_by})
        return self

    def add_empty(self, created_by):
        self.history.append({"created": "2024-06-01T00:00:00Z", "created_by": created_by, "empty_layer": True})
        return self

    def config(self, arch="amd64"):
        return json.dumps({
            "architecture": arch, "os": "linux", "created": "2024-06-01T00:00:00Z",
            "config": {"Cmd": ["/bin/sh"]},
            "rootfs": {"type": "layers", "diff_ids": [sha256(t) for t, _, _ in self.layers]},
            "history": self.history,
        }, sort_keys=True).encode()

    def write_oci(self, path, tag="latest", arch="amd64", mutate=None):
        """Writes an OCI layout. mutate(files) may change {relpath: bytes} before writing."""
        files = {}
        cfg = self.config(arch)
        files["blobs/sha256/" + sha256(cfg)[7:]] = cfg
        layers = []
        for tar, blob, mt in self.layers:
            files["blobs/sha256/" + sha256(blob)[7:]] = blob
            layers.append({"mediaType": mt, "digest": sha256(blob), "size": len(blob)})
        manifest = json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha256(cfg), "size": len(cfg)},
            "layers": layers}, sort_keys=True).encode()
        files["blobs/sha256/" + sha256(manifest)[7:]] = manifest
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha256(manifest),
            "size": len(manifest), "platform": {"os": "linux", "architecture": arch},
            "annotations": {"org.opencontainers.image.ref.name": tag}}]}
        files["index.json"] = json.dumps(index).encode()
        files["oci-layout"] = b'{"imageLayoutVersion": "1.0.0"}'
        if mutate:
            mutate(files)
        for rel, data in files.items():
            full = os.path.join(path, rel)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(data)
        return path

    def write_docker_archive(self, path, repo_tag="test/image:latest", members_override=None):
        """Classic docker save: manifest.json, <config>.json, <id>/layer.tar (uncompressed)."""
        cfg = self.config()
        members = [(sha256(cfg)[7:] + ".json", cfg)]
        layer_paths = []
        for i, (tar, _, _) in enumerate(self.layers):
            lid = hashlib.sha256(b"layer%d" % i + tar[:64]).hexdigest()
            layer_paths.append(lid + "/layer.tar")
            members.append((lid + "/layer.tar", tar))
        manifest = [{"Config": sha256(cfg)[7:] + ".json", "RepoTags": [repo_tag], "Layers": layer_paths}]
        members.append(("manifest.json", json.dumps(manifest).encode()))
        if members_override:
            members = members_override(members)
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tf:
            for name, data in members:
                ti = tarfile.TarInfo(name)
                ti.size = len(data)
                ti.mtime = EPOCH
                tf.addfile(ti, io.BytesIO(data))
        return path


def dpkg_status(*pkgs):
    """pkgs: (name, version, source or None)."""
    out = []
    for name, version, source in pkgs:
        s = "Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: %s\n" % (name, version)
        if source:
            s += "Source: %s\n" % source
        s += "Maintainer: Test <t@example.org>\nDescription: test package\n"
        out.append(s)
    return "\n".join(out)


OS_RELEASE_DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'
