"""Bad and hostile input: each ends in one clear message and a documented exit code, or a
diagnostic in the report; never a crash or a hang. Images are built here with imagekit."""
import gzip
import io
import os
import subprocess
import zipfile
import zlib

from harness import BIN, SHARED, CliTest, main
import imagekit as ik


def debian_image():
    img = ik.Image()
    img.add_layer([("etc/", "d", ""), ("etc/os-release", "f", ik.OS_RELEASE_DEBIAN),
                   ("var/", "d", ""), ("var/lib/", "d", ""), ("var/lib/dpkg/", "d", ""),
                   ("var/lib/dpkg/status", "f", ik.dpkg_status(("libc6", "2.36-9+deb12u4", "glibc"),
                                                              ("zlib1g", "1:1.2.13.dfsg-1", "zlib")))],
                  "/bin/sh -c #(nop) ADD file:base in /")
    return img


class BadInput(CliTest):
    def test_missing_file_is_input_error(self):
        r = self.run_cli("sbom", "docker-archive:" + self.path("nope.tar"), "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("nope.tar", r.err)

    def test_registry_unreachable_is_network_error(self):
        # Nothing listens on 127.0.0.1 port 9: a registry reference fails as a network error (5).
        r = self.run_cli("sbom", "127.0.0.1:9/app:1.2", "--no-cache")
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("https://127.0.0.1:9/v2/", r.err)

    def test_unknown_format_is_usage_error(self):
        img = debian_image().write_oci(self.path("img"))
        r = self.run_cli("sbom", "oci:" + img, "--format", "xml")
        self.assertEqual(r.code, 2, r.err)

    def test_layer_digest_mismatch(self):
        def flip(files):
            for k, v in files.items():
                if k.startswith("blobs/") and v[:2] == b"\x1f\x8b":
                    # Same length, different bytes: a different (valid) gzip of the same tar.
                    files[k] = gzip.compress(gzip.decompress(v), compresslevel=1, mtime=1)[:len(v)].ljust(len(v), b"\0")
        img = debian_image().write_oci(self.path("img"), mutate=flip)
        r = self.run_cli("sbom", "oci:" + img, "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("layer 1/1", r.err)
        self.assertTrue("digest mismatch" in r.err or "corrupt" in r.err or "trailing" in r.err, r.err)

    def test_missing_blob(self):
        def drop(files):
            for k in list(files):
                if k.startswith("blobs/") and files[k][:2] == b"\x1f\x8b":
                    del files[k]
        img = debian_image().write_oci(self.path("img"), mutate=drop)
        r = self.run_cli("sbom", "oci:" + img, "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("sha256:", r.err)

    def test_truncated_gzip_layer(self):
        img = ik.Image()
        tar = ik.make_tar([("etc/", "d", ""), ("etc/big", "f", os.urandom(200000))])
        img.layers.append((tar, ik.gz(tar)[:50000], "application/vnd.oci.image.layer.v1.tar+gzip"))
        img.history.append({"created_by": "x"})
        # The manifest names the truncated blob with its true digest: only decompression can tell.
        r = self.run_cli("sbom", "oci:" + img.write_oci(self.path("img")), "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("truncated gzip", r.err)

    def test_truncated_tar_layer(self):
        img = ik.Image()
        tar = ik.make_tar([("etc/", "d", ""), ("etc/big", "f", os.urandom(200000))])
        img.add_layer(None, "x", raw_tar=tar[:100000])
        r = self.run_cli("sbom", "oci:" + img.write_oci(self.path("img")), "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("layer 1/1", r.err)

    def test_path_traversal_entries_are_skipped_with_diagnostic(self):
        img = debian_image()
        img.add_layer(None, "evil", raw_tar=ik.make_tar([("../../etc/passwd", "f", "root::0:0::/:/bin/sh\n"),
                                                          ("etc/link", "h", "../../../etc/shadow")]))
        r = self.run_cli("sbom", "oci:" + img.write_oci(self.path("img")), "--format", "json", "--no-cache")
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("escapes the image root", r.err)
        self.assertEqual(len(r.json()["packages"]), 2)
        r = self.run_cli("sbom", "oci:" + self.path("img"), "--format", "json", "--no-cache", "--strict")
        self.assertEqual(r.code, 3)
        self.assertFalse(os.path.exists("/etc/shadow.hullscan-test"))

    def test_garbage_package_db_is_a_diagnostic(self):
        img = ik.Image()
        img.add_layer([("etc/", "d", ""), ("etc/os-release", "f", ik.OS_RELEASE_DEBIAN),
                       ("var/lib/dpkg/status", "f", "Package: ok\nVersion: 1\nStatus: install ok installed\n\n"
                        "\x00\x01garbage without fields\n\nVersion: 2\n"),
                       ("lib/apk/db/installed", "f", os.urandom(4096)),
                       ("var/lib/rpm/rpmdb.sqlite", "f", os.urandom(8192))], "garbage")
        r = self.run_cli("sbom", "oci:" + img.write_oci(self.path("img")), "--format", "json", "--no-cache")
        self.assertEqual(r.code, 0, r.err)
        names = [p["name"] for p in r.json()["packages"]]
        self.assertIn("ok", names)
        self.assertIn("rpmdb.sqlite", r.err)
        self.assertGreaterEqual(len(r.json()["diagnostics"]), 1)

    def test_decompression_bomb_stops_quickly(self):
        # 10 GiB of zeros in one tar entry: a 512-byte header, then zeros, as ~10 MB of gzip.
        hdr = ik.make_tar([("zeros", "f", b"")])[:512]
        import tarfile, io
        ti = tarfile.TarInfo("zeros")
        ti.size = 10 << 30
        hdr = ti.tobuf(format=tarfile.GNU_FORMAT)
        co = zlib.compressobj(1, zlib.DEFLATED, 31)
        chunk = b"\0" * (64 << 20)
        parts = [co.compress(hdr)]
        for _ in range(16):  # 1 GiB compressed once, then repeated as gzip members
            parts.append(co.compress(chunk))
        parts.append(co.flush())
        member = b"".join(parts)
        blob = member * 10
        img = ik.Image()
        img.layers.append((b"", blob, "application/vnd.oci.image.layer.v1.tar+gzip"))
        img.history.append({"created_by": "bomb"})
        # diff_id of the layer cannot be computed cheaply here; any value is fine: the bomb guard
        # must stop reading long before the end.
        path = img.write_oci(self.path("img"))
        r = self.run_cli("sbom", "oci:" + path, "--no-cache", timeout=120)
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("decompression bomb", r.err)

    def test_platform_missing_lists_present(self):
        import json
        def multi(files):  # a two-platform index: arm64 and s390x, no amd64
            index = json.loads(files["index.json"])
            m = index["manifests"][0]
            other = dict(m, platform={"os": "linux", "architecture": "s390x"})
            index["manifests"] = [m, other]
            files["index.json"] = json.dumps(index).encode()
        img = debian_image().write_oci(self.path("img"), arch="arm64", mutate=multi)
        r = self.run_cli("sbom", "oci:" + img, "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("linux/arm64", r.err)
        self.assertIn("linux/s390x", r.err)
        r = self.run_cli("sbom", "oci:" + img, "--no-cache", "--platform", "linux/arm64", "--format", "json")
        self.assertEqual(r.code, 0, r.err)

    def test_docker_archive_member_outside(self):
        def evil(members):
            out = []
            for name, data in members:
                if name == "manifest.json":
                    data = data.replace(b'"Layers": ["', b'"Layers": ["../../../../etc/passwd", "', 1)
                out.append((name, data))
            return out
        path = debian_image().write_docker_archive(self.path("img.tar"), members_override=evil)
        r = self.run_cli("sbom", "docker-archive:" + path, "--no-cache")
        self.assertEqual(r.code, 3, r.err)

    def test_not_an_image(self):
        with open(self.path("junk.bin"), "wb") as f:
            f.write(os.urandom(10000))
        r = self.run_cli("sbom", self.path("junk.bin"), "--no-cache")
        self.assertEqual(r.code, 3, r.err)
        self.assertEqual(r.err.count("\n"), 1, r.err)  # one clear message

    def test_many_tiny_entries(self):
        entries = [("d/", "d", "")] + [("d/f%06d" % i, "f", "") for i in range(200000)]
        img = ik.Image()
        img.add_layer(entries, "many")
        r = self.run_cli("history", "oci:" + img.write_oci(self.path("img")), "--format", "json", "--no-cache")
        self.assertEqual(r.code, 0, r.err)
        self.assertIn('"file_count": 200000', r.out)


class HostileLanguageFilesTest(CliTest):
    """Hostile language-package files in one layer: each gets its own diagnostic, the rest of the
    layer is still read, and memory stays bounded."""

    def test_each_bad_file_is_a_diagnostic_and_the_rest_goes_on(self):
        many = io.BytesIO()  # a jar of 100,001 members (the limit is 100,000)
        with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as z:
            for i in range(100001):
                z.writestr("m/%06d" % i, b"")
        bomb = io.BytesIO()  # a jar holding a nested jar that inflates 1,000 times its size
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("BOOT-INF/lib/huge.jar", "w", force_zip64=True) as f:
                chunk = bytes(1 << 20)
                for _ in range(300):
                    f.write(chunk)
        go = os.path.join(SHARED, "fixtures", "lang", "go", "hello-go")
        self.require(go, "Go fixture binary")
        with open(go, "rb") as f:
            truncated_elf = f.read()[:3000]
        lock = ('{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": {'
                '"": {"name": "app", "version": "1.0.0"}, '
                '"node_modules/minimist": {"version": "1.2.0"}}}')
        img = ik.Image()
        img.add_layer([("app/", "d", ""),
                       ("app/package-lock.json", "f", lock),
                       ("app/node_modules/", "d", ""), ("app/node_modules/huge/", "d", ""),
                       ("app/node_modules/huge/package.json", "f", b'{"name": "huge", "version": "1.0.0", "x": "'
                        + b" " * (100 << 20) + b'"}'),
                       ("app/node_modules/minimist/", "d", ""),
                       ("app/node_modules/minimist/package.json", "f", '{"name": "minimist", "version": "1.2.0"}'),
                       ("app/many.jar", "f", many.getvalue()),
                       ("app/bomb.jar", "f", bomb.getvalue()),
                       ("app/Cargo.lock", "f", "[[package]]\nname = \"x\"\nversion = \n"),
                       ("app/Gemfile.lock", "f", "GEM\n  specs:\n    rack (\n"),
                       ("usr/", "d", ""), ("usr/local/", "d", ""), ("usr/local/bin/", "d", ""),
                       ("usr/local/bin/truncated", "x", truncated_elf)], "hostile")
        r = self.run_cli("sbom", "oci:" + img.write_oci(self.path("img")), "--format", "json", "--no-cache")
        self.assertEqual(r.code, 0, r.err)
        doc = r.json()
        pkgs = {(p["name"], p["path"]) for p in doc["packages"]}
        self.assertIn(("minimist", "/app/node_modules/minimist/package.json"), pkgs)
        diags = {d["path"]: d for d in doc["diagnostics"]}
        self.assertEqual(diags["/app/node_modules/huge/package.json"]["code"], "limit_exceeded")
        self.assertIn("/app/many.jar", diags)
        self.assertIn("100000", diags["/app/many.jar"]["message"].replace(",", ""))
        self.assertEqual(diags["/app/bomb.jar"]["code"], "limit_exceeded")
        self.assertEqual(diags["/app/Cargo.lock"]["code"], "corrupt")
        self.assertIn("/usr/local/bin/truncated", diags)
        self.assertNotIn("huge", {n for n, _ in pkgs})
        # Peak RSS of the same scan (GNU time, KiB): far below the 100 MB file and the bomb.
        t = subprocess.run(["/usr/bin/time", "-f", "maxrss=%M", BIN, "sbom", "oci:" + self.path("img"),
                            "--format", "json", "--no-cache", "-o", os.devnull],
                           capture_output=True, text=True, timeout=600)
        rss_mib = int(t.stderr.rsplit("maxrss=", 1)[1].split()[0]) / 1024
        self.assertLess(rss_mib, 100, "peak RSS %.0f MiB" % rss_mib)


if __name__ == "__main__":
    main()
