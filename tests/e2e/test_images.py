"""End-to-end over the real images of ../shared/images/build-images.sh (HULLSCAN_TEST_IMAGES):
every form of every image gives the ground truth of expected/*.tsv exactly (OS packages, their
layers and paths), the same inventory in every form, valid CycloneDX and SPDX, and the history
of expected/*.history.tsv. Skips loudly when the images were not built."""
import csv
import json
import os
import subprocess
import sys

from harness import IMAGES, SHARED, CliTest, main

FORMS = {
    "docker": "docker-archive:{d}/{n}.docker.tar",
    "docker-oci": "docker-archive:{d}/{n}.docker-oci.tar",
    "oci": "oci:{d}/{n}.oci:latest",
    "oci-archive": "oci-archive:{d}/{n}.oci.tar",
    "bare-oci-dir": "{d}/{n}.oci",
}
OS_TYPES = {"deb", "apk", "rpm"}


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def expected_os_packages(name):
    rows = set()
    for r in read_tsv(os.path.join(IMAGES, "expected", name + ".packages.tsv")):
        if r["ecosystem"] not in OS_TYPES:
            continue
        extra = dict(kv.split("=", 1) for kv in r["extra"].split(";") if "=" in kv)
        rows.add((r["ecosystem"], r["name"], r["version"], int(r["layer"]), r["path"], extra.get("arch", ""),
                  extra.get("source", extra.get("origin", ""))))
    return rows


def got_os_packages(doc):
    return {(p["type"], p["name"], p["version"], p["layer_index"], p["path"], p["arch"], p["source_name"])
            for p in doc["packages"] if p["type"] in OS_TYPES}


class Images(CliTest):
    def setUp(self):
        super().setUp()
        self.require(IMAGES and os.path.join(IMAGES, "expected", "debian-app.packages.tsv"), "test images")

    def forms(self, name):
        for form, pattern in FORMS.items():
            ref = pattern.format(d=IMAGES, n=name)
            path = ref.split(":", 1)[1] if ":" in ref.split("/")[0] else ref
            path = path.rsplit(":latest", 1)[0]
            if os.path.exists(path):
                yield form, ref

    def sbom_json(self, ref, *extra):
        r = self.run_cli("sbom", ref, "--format", "json", "--cache-dir", self.cache, *extra)
        self.assertEqual(r.code, 0, ref + ": " + r.err)
        return r.json()

    def check_image(self, name, expect_os):
        want = expected_os_packages(name)
        self.assertGreater(len(want), 0)
        docs = {}
        for form, ref in self.forms(name):
            with self.subTest(form=form):
                doc = self.sbom_json(ref)
                got = got_os_packages(doc)
                self.assertEqual(sorted(want - got)[:5], [], "missing from " + form)
                self.assertEqual(sorted(got - want)[:5], [], "extra in " + form)
                self.assertEqual(doc["image"]["os"]["id"], expect_os[0])
                self.assertEqual(doc["image"]["os"]["version_id"], expect_os[1])
                docs[form] = doc
        self.assertGreaterEqual(len(docs), 2)
        # Every form: the same packages, OS, diff_ids and build steps, byte for byte.
        def comparable(d):
            return json.dumps({"packages": d["packages"], "os": d["image"]["os"],
                               "layers": [(l["diff_id"], l["created_by"], l["size_bytes"], l["file_count"])
                                          for l in d["layers"]]}, sort_keys=True)
        first = next(iter(docs.values()))
        for form, doc in docs.items():
            self.assertEqual(comparable(doc), comparable(first), form)

    def test_debian_base(self):
        self.check_image("debian-base", ("debian", "12"))

    def test_debian_app(self):
        self.check_image("debian-app", ("debian", "12"))

    def test_zstd_layers(self):
        self.check_image("zstd-layers", ("debian", "12"))

    def test_distroless_like(self):
        self.check_image("distroless-like", ("debian", "12"))

    def test_alpine(self):
        self.check_image("alpine-base", ("alpine", "3.20.3"))
        self.check_image("alpine-old", ("alpine", "3.12.12"))

    def test_language_packages_match_ground_truth(self):
        # Every npm, PyPI, Maven and Go package of debian-app, with its evidence path and layer;
        # a package installed in node_modules and listed by the lock file is one package with
        # two locations (its also_at holds the lock file with that file's layer).
        want = set()
        for r in read_tsv(os.path.join(IMAGES, "expected", "debian-app.packages.tsv")):
            if r["ecosystem"] in OS_TYPES:
                continue
            want.add((r["ecosystem"], r["name"], r["version"], int(r["layer"]), r["path"]))
        doc = self.sbom_json("oci:%s/debian-app.oci:latest" % IMAGES)
        types = {"npm", "pypi", "maven", "golang"}
        langs = [p for p in doc["packages"] if p["type"] in types]
        got = set()
        for p in langs:
            got.add((p["type"], p["name"], p["version"], p["layer_index"], p["path"]))
            for loc in p["also_at"]:
                got.add((p["type"], p["name"], p["version"], loc["layer_index"], loc["path"]))
        self.assertEqual(sorted(got - want), [])
        self.assertEqual(sorted(want - got), [])

        by_path = {}
        for p in langs:
            by_path.setdefault((p["name"], p["path"]), p)
        # The project's own package.json is listed as the project, not as a dependency.
        root = by_path[("hullscan-demo-app", "/app/package.json")]
        self.assertTrue(root["project"])
        self.assertEqual(sum(1 for p in langs if p["project"]), 1)
        # axios: installed (layer 4) and in the lock file (layer 3): one package.
        axios = [p for p in langs if p["name"] == "axios"]
        self.assertEqual(len(axios), 1)
        self.assertEqual(axios[0]["path"], "/app/node_modules/axios/package.json")
        self.assertEqual(axios[0]["also_at"], [{"path": "/app/package-lock.json", "layer_index": 3,
                                                "layer_diff_id": doc["layers"][3]["diff_id"]}])
        # The lock file still lists what a later layer deleted from node_modules: listed, marked
        # not installed, exactly the npm rows of the removed list.
        removed = {(r["name"], r["version"]) for r in read_tsv(os.path.join(IMAGES, "expected", "debian-app.removed.tsv"))
                   if r["ecosystem"] == "npm"}
        stale = {(p["name"], p["version"]) for p in langs if p["not_installed"]}
        self.assertEqual(stale, removed)
        for p in langs:
            if p["not_installed"]:
                self.assertEqual(p["path"], "/app/package-lock.json")
        # Debian's Python modules belong to their Debian packages (dpkg's file lists); the venv's
        # pip, the jars under /app and the Go binaries in /usr/local and /opt belong to none.
        owners = {p["name"]: p["os_owner"] for p in langs if p["type"] == "pypi"}
        self.assertEqual(owners, {"certifi": "python3-certifi", "chardet": "python3-chardet",
                                  "charset-normalizer": "python3-charset-normalizer", "idna": "python3-idna",
                                  "pip": "", "requests": "python3-requests", "six": "python3-six",
                                  "urllib3": "python3-urllib3"})
        self.assertEqual([p["name"] for p in langs if p["type"] != "pypi" and p["os_owner"]], [])

    def test_pkg_types_restricts_the_extractors(self):
        ref = "oci:%s/debian-app.oci:latest" % IMAGES
        os_only = self.sbom_json(ref, "--pkg-types", "os")
        self.assertEqual({p["type"] for p in os_only["packages"]}, {"deb"})
        self.assertEqual(os_only["image"]["os"]["id"], "debian")
        libs = self.sbom_json(ref, "--pkg-types", "library")
        self.assertEqual({p["type"] for p in libs["packages"]}, {"npm", "pypi", "maven", "golang"})
        self.assertEqual(libs["image"]["os"]["id"], "debian", "the OS is identified either way")
        r = self.run_cli("sbom", ref, "--format", "json", "--pkg-types", "os,bogus", "--cache-dir", self.cache)
        self.assertEqual(r.code, 2, r.err)
        self.assertIn("--pkg-types", r.err)

    def test_removed_packages_are_gone(self):
        path = os.path.join(IMAGES, "expected", "debian-app.removed.tsv")
        doc = self.sbom_json("oci:%s/debian-app.oci:latest" % IMAGES)
        present = {(p["type"], p["name"], p["version"]) for p in doc["packages"] if not p["not_installed"]}
        rows = read_tsv(path)
        self.assertEqual(len(rows), 5)
        for r in rows:
            self.assertNotIn((r["ecosystem"], r["name"], r["version"]), present)

    def test_history_matches_config(self):
        rows = read_tsv(os.path.join(IMAGES, "expected", "debian-app.history.tsv"))
        for form, ref in self.forms("debian-app"):
            with self.subTest(form=form):
                r = self.run_cli("history", ref, "--format", "json", "--cache-dir", self.cache)
                self.assertEqual(r.code, 0, r.err)
                got = r.json()
                entries = got if isinstance(got, list) else got["history"]
                self.assertEqual(len(entries), len(rows))
                for e, want in zip(entries, rows):
                    self.assertEqual(e["created_by"], want["created_by"])
                    self.assertEqual(e["empty_layer"], want["empty_layer"] == "true")
                    if want["layer"] != "-":
                        self.assertEqual(e["diff_id"], want["diff_id"])
                        self.assertEqual(e["file_count"], int(want["files"]))

    def test_history_table_like_docker(self):
        r = self.run_cli("history", "oci:%s/debian-app.oci:latest" % IMAGES, "--cache-dir", self.cache)
        self.assertEqual(r.code, 0, r.err)
        lines = r.out.splitlines()
        self.assertTrue(lines[0].startswith("IMAGE"), lines[0])
        for col in ("CREATED", "CREATED BY", "SIZE", "COMMENT"):
            self.assertIn(col, lines[0])
        self.assertEqual(len(lines), 1 + len(read_tsv(os.path.join(IMAGES, "expected", "debian-app.history.tsv"))))
        self.assertIn("CMD [\"node\" \"server.js\"]", lines[1])  # newest first
        self.assertIn("<missing>", lines[2])
        self.assertIn("…", r.out)  # long CREATED BY truncated
        r2 = self.run_cli("history", "oci:%s/debian-app.oci:latest" % IMAGES, "--no-trunc", "--cache-dir", self.cache)
        self.assertIn("python3-requests python3-urllib3 python3-venv nodejs", r2.out)

    def test_sbom_formats_validate(self):
        validate = os.path.join(SHARED, "schemas", "validate.py")
        self.require(validate, "schema validator")
        for fmt, kind in (("cyclonedx", "cyclonedx-1.6"), ("spdx", "spdx-2.3")):
            with self.subTest(fmt=fmt):
                out = self.path("sbom." + fmt + ".json")
                r = self.run_cli("sbom", "oci:%s/debian-app.oci:latest" % IMAGES, "--format", fmt, "-o", out,
                                 "--cache-dir", self.cache)
                self.assertEqual(r.code, 0, r.err)
                v = subprocess.run([sys.executable, validate, kind, out], capture_output=True, text=True)
                self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
                text = open(out).read()
                self.assertIn("pkg:deb/debian/libssl3@3.0", text)

    def test_cyclonedx_components_identical_across_forms(self):
        comps = {}
        for form, ref in self.forms("debian-app"):
            r = self.run_cli("sbom", ref, "--format", "cyclonedx", "--cache-dir", self.cache)
            self.assertEqual(r.code, 0, r.err)
            comps[form] = json.dumps(r.json()["components"], sort_keys=True)
        self.assertGreaterEqual(len(comps), 4)
        self.assertEqual(len(set(comps.values())), 1, list(comps))

    def test_cache_makes_second_scan_skip_layers(self):
        ref = "oci:%s/debian-app.oci:latest" % IMAGES
        r1 = self.run_cli("sbom", ref, "--format", "json", "--cache-dir", self.cache, "-v")
        r2 = self.run_cli("sbom", ref, "--format", "json", "--cache-dir", self.cache, "-v")
        self.assertEqual(r1.code, 0, r1.err)
        self.assertEqual(r1.out, r2.out)  # byte-identical, cold or warm
        self.assertIn("from_cache=0", r1.err)
        self.assertEqual(r2.err.count("from_cache=1"), 9, r2.err)
        # Another image sharing the base layer reads that layer from the cache too.
        r3 = self.run_cli("sbom", "oci:%s/debian-base.oci:latest" % IMAGES, "--cache-dir", self.cache, "-v")
        self.assertIn("from_cache=1", r3.err)

    def test_rootfs_dir(self):
        # A root filesystem: unpack the alpine layer (it is the whole image) and scan the tree.
        import tarfile
        rootfs = self.path("rootfs")
        os.makedirs(rootfs)
        doc = self.sbom_json("oci:%s/alpine-base.oci:latest" % IMAGES)
        blob = doc["layers"][0]["digest"].split(":")[1]
        with tarfile.open(os.path.join(IMAGES, "alpine-base.oci", "blobs", "sha256", blob)) as tf:
            tf.extractall(rootfs, filter="tar") if hasattr(tarfile, "data_filter") else tf.extractall(rootfs)
        d = self.sbom_json("dir:" + rootfs)
        self.assertEqual({(p["name"], p["version"]) for p in d["packages"]},
                         {(p["name"], p["version"]) for p in doc["packages"]})
        self.assertEqual(d["image"]["os"]["id"], "alpine")


if __name__ == "__main__":
    main()
