"""Vulnerability scanning end to end: the real feeds from the shared feed folder imported with
`hullscan db import`, then `hullscan scan` of real images and small root filesystems.

Every expected finding below is justified by the feed record that states it (quoted in a comment);
every test also asserts the absence of near misses: a fix at exactly the installed version, a record
of another release of the same distro, a "never affected" marker."""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from harness import BIN, IMAGES, SHARED, CliTest, Run, main

FEEDS = os.path.join(SHARED, "feeds") if SHARED else ""
SCHEMAS = os.path.join(SHARED, "schemas") if SHARED else ""

# The feed files the tests import (paths relative to the feed folder).
IMPORT = [
    "alpine/secdb-normalized/v3.12/main.json",
    "alpine/secdb-normalized/v3.12/community.json",
    "alpine/secdb-normalized/v3.20/main.json",
    "alpine/secdb-normalized/v3.20/community.json",
    "debian/security-tracker-data/DSA/list",
    "debian/security-tracker-data/DLA/list",
    "kev/known_exploited_vulnerabilities.json",
    "epss/epss_scores-2026-01-30.csv.gz",
    "nvd/vulnz-cache/nvdcve-modified.json.gz",
    "osv/samples/osvdev-export-sample.zip",
    "osv/Go/all.zip",
    "osv/ghsa-subset/all.zip",
    "osv/PyPI/pysec-yaml.zip",
    "osv/crates.io/all.zip",
    "osv/samples/ghsa-github-reviewed-sample.zip",
    "native/rubysec/ruby-advisory-db.tar.zst",
    "native/friendsofphp/security-advisories.tar.zst",
]

_DB = {}


def shared_db():
    """One DB for the whole module (importing takes seconds); built on first use."""
    if "path" not in _DB:
        d = tempfile.mkdtemp(prefix="hullscan-e2e-db-")
        _DB["dir"] = d
        _DB["path"] = os.path.join(d, "advisories.db")
        p = subprocess.run([BIN, "db", "import", "--db", _DB["path"]] + [os.path.join(FEEDS, f) for f in IMPORT],
                           capture_output=True, text=True, timeout=900)
        _DB["import"] = Run(p)
    return _DB["path"]


def write_rootfs(root, os_release, packages):
    """A minimal root filesystem: /etc/os-release and a dpkg status with the given packages."""
    os.makedirs(os.path.join(root, "etc"), exist_ok=True)
    os.makedirs(os.path.join(root, "var/lib/dpkg"), exist_ok=True)
    with open(os.path.join(root, "etc/os-release"), "w") as f:
        f.write(os_release)
    with open(os.path.join(root, "var/lib/dpkg/status"), "w") as f:
        for name, source, version in packages:
            f.write("Package: %s\nStatus: install ok installed\nArchitecture: amd64\n" % name)
            if source:
                f.write("Source: %s\n" % source)
            f.write("Version: %s\nDescription: test\n\n" % version)


BULLSEYE = 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\n' \
           'VERSION_CODENAME=bullseye\nID=debian\n'
BUSTER = 'PRETTY_NAME="Debian GNU/Linux 10 (buster)"\nNAME="Debian GNU/Linux"\nVERSION_ID="10"\n' \
         'VERSION_CODENAME=buster\nID=debian\n'


class VulnTest(CliTest):
    def setUp(self):
        super().setUp()
        self.require(FEEDS, "shared feed folder")
        self.db = shared_db()
        self.assertEqual(_DB["import"].code, 0, _DB["import"].out + _DB["import"].err)

    def scan(self, ref, *args, codes=(0,)):
        r = self.run_cli("scan", ref, "--db", self.db, "--cache-dir", self.cache, *args)
        self.assertIn(r.code, codes, r.err)
        return r

    def scan_json(self, ref, *args):
        r = self.scan(ref, "--format", "json", *args)
        return r.json()

    def findings(self, doc):
        return {(v["package"]["name"], v["id"]): v for v in doc["vulnerabilities"]}

    def image(self, name, form="oci"):
        self.require(IMAGES, "test images (shared/images/build-images.sh)")
        p = os.path.join(IMAGES, "%s.%s" % (name, form))
        self.require(p, "test image %s" % name)
        return ("oci:" if form == "oci" else "docker-archive:") + p


class AlpineTest(VulnTest):
    def test_alpine_3_12_secdb(self):
        doc = self.scan_json(self.image("alpine-old"))
        got = self.findings(doc)
        # secdb v3.12/main.json, zlib: "1.2.12-r2": ["CVE-2022-37434"]; installed zlib 1.2.12-r0.
        f = got[("zlib", "CVE-2022-37434")]
        self.assertEqual(f["installed_version"], "1.2.12-r0")
        self.assertEqual(f["fixed_version"], "1.2.12-r2")
        self.assertEqual(f["status"], "fixed")
        self.assertEqual(f["data_source"], "alpine-secdb")
        self.assertEqual(f["layer_index"], 0)
        self.assertEqual(f["match"]["ecosystem"], "Alpine:v3.12")
        self.assertEqual(f["match"]["name"], "zlib")
        # EPSS 2026-01-30 lists CVE-2022-37434 (the test reads the score from the feed itself).
        self.assertIsNotNone(f["epss"])
        # Near misses: zlib "1.2.12-r0": ["CVE-2018-25032"] is the installed version; busybox
        # "1.31.1-r22": ["ALPINE-13661", "CVE-2022-28391"] likewise; openssl "0": ["CVE-2022-1292"]
        # (never affected); busybox CVE-2022-30065 is only in the v3.20 data (fixed 1.35.0-r17).
        ids = {k[1] for k in got} | {a for v in got.values() for a in v["aliases"]}
        for absent in ("CVE-2018-25032", "CVE-2022-28391", "ALPINE-13661", "CVE-2022-1292", "CVE-2022-30065",
                       "CVE-2022-0778"):
            self.assertNotIn(absent, ids)

    def test_alpine_3_20_secdb(self):
        doc = self.scan_json(self.image("alpine-base"))
        got = self.findings(doc)
        # secdb v3.20/main.json, openssl: "3.3.2-r1": ["CVE-2024-9143"]; libcrypto3 and libssl3
        # (origin openssl) are 3.3.2-r0.
        for pkg in ("libcrypto3", "libssl3"):
            f = got[(pkg, "CVE-2024-9143")]
            self.assertEqual(f["fixed_version"], "3.3.2-r1")
            self.assertEqual(f["match"]["kind"], "source-name")
            self.assertEqual(f["match"]["name"], "openssl")
        # Near miss: openssl "3.3.2-r0": ["CVE-2024-6119"] is the installed version.
        self.assertNotIn(("libssl3", "CVE-2024-6119"), got)
        self.assertNotIn(("busybox", "CVE-2023-42364"), got)  # "1.36.1-r29": installed


class DebianTest(VulnTest):
    def test_bullseye_rootfs_dsa(self):
        root = self.path("bullseye")
        write_rootfs(root, BULLSEYE, [("libssl1.1", "openssl", "1.1.1n-0+deb11u3"),
                                      ("zlib1g", "zlib", "1:1.2.11.dfsg-2+deb11u1"),
                                      ("xserver-common", "xorg-server", "2:1.20.11-1+deb11u6")])
        got = self.findings(self.scan_json("dir:" + root))
        # DSA/list: "DSA-5343-1 openssl" {CVE-2022-2097 ...} [bullseye] - openssl 1.1.1n-0+deb11u4
        f = got[("libssl1.1", "DSA-5343-1")]
        self.assertEqual(f["fixed_version"], "1.1.1n-0+deb11u4")
        self.assertIn("CVE-2023-0286", f["aliases"])
        self.assertEqual(f["match"]["ecosystem"], "Debian:11")
        self.assertEqual(f["data_source"], "debian-dsa-list")
        # DSA-5218-1 zlib {CVE-2022-37434} [bullseye] - zlib 1:1.2.11.dfsg-2+deb11u2
        self.assertEqual(got[("zlib1g", "DSA-5218-1")]["fixed_version"], "1:1.2.11.dfsg-2+deb11u2")
        # Near misses: DSA-5169-1 openssl [bullseye] 1.1.1n-0+deb11u3 (= installed); DSA-5139-1 (deb11u2);
        # DSA-5380-1 xorg-server 2:1.20.11-1+deb11u6 (= installed); zlib deb11u1 (DSA for CVE-2018-25032).
        ids = {k[1] for k in got}
        for absent in ("DSA-5169-1", "DSA-5139-1", "DSA-5380-1", "DSA-5342-1"):
            self.assertNotIn(absent, ids)
        self.assertEqual(set(got), {("libssl1.1", "DSA-5343-1"), ("zlib1g", "DSA-5218-1")})

    def test_buster_rootfs_dla_and_no_bullseye_data(self):
        root = self.path("buster")
        write_rootfs(root, BUSTER, [("libssl1.1", "openssl", "1.1.1n-0+deb10u3"),
                                    ("zlib1g", "zlib", "1:1.2.11.dfsg-1+deb10u1")])
        got = self.findings(self.scan_json("dir:" + root))
        # DLA/list: "DLA-3325-1 openssl" [buster] - openssl 1.1.1n-0+deb10u4
        self.assertEqual(got[("libssl1.1", "DLA-3325-1")]["fixed_version"], "1.1.1n-0+deb10u4")
        self.assertEqual(got[("libssl1.1", "DLA-3325-1")]["data_source"], "debian-dla-list")
        # DLA-3103-1 zlib {CVE-2022-37434} [buster] - zlib 1:1.2.11.dfsg-1+deb10u2
        self.assertEqual(got[("zlib1g", "DLA-3103-1")]["fixed_version"], "1:1.2.11.dfsg-1+deb10u2")
        # The bullseye record of the same CVEs (DSA-5343-1, fixed 1.1.1n-0+deb11u4, higher than the
        # installed deb10u3) must not match a buster system.
        every = {k[1] for k in got} | {a for v in got.values() for a in v["aliases"]}
        self.assertNotIn("DSA-5343-1", every)

    def test_bookworm_image_has_no_findings_from_older_lists(self):
        # The shipped DSA/DLA lists end in April 2023, before bookworm's first advisory.
        doc = self.scan_json(self.image("debian-base"))
        self.assertEqual(doc["vulnerabilities"], [])
        self.assertTrue(any(f["name"] == "debian-dsa-list:DSA/list" for f in doc["db"]["feeds"]))


class LanguageTest(VulnTest):
    """debian-app: an npm app (lockfile and node_modules), a Python venv plus Debian's own Python
    packages, jars (one fat jar), Go binaries (modules and the Go toolchain as `stdlib`)."""

    def test_debian_app_language_findings(self):
        doc = self.scan_json(self.image("debian-app"))
        # Keyed by id and by every alias: records of several feeds for one vulnerability are merged
        # into one finding whose id is the first record's.
        got = {}
        for v in doc["vulnerabilities"]:
            for i in [v["id"]] + v["aliases"]:
                got.setdefault((v["package"]["type"], v["package"]["name"], i), []).append(v)
        # ghsa-subset GHSA-4w2v-q235-vp99 (axios): npm, introduced 0, fixed 0.21.1; installed 0.21.0,
        # in node_modules and in the lock file: one package with two locations, one finding.
        axios = got[("npm", "axios", "GHSA-4w2v-q235-vp99")]
        self.assertEqual([v["target"] for v in axios], ["/app/node_modules/axios/package.json"])
        self.assertEqual(axios[0]["fixed_version"], "0.21.1")
        self.assertEqual(axios[0]["match"]["ecosystem"], "npm")
        # GHSA-p6mc-m468-83gw (lodash) fixed 4.17.19 would match lodash 4.17.15, but a later layer
        # deletes node_modules/lodash: the lock file's entry is not installed, so no finding.
        self.assertNotIn(("npm", "lodash", "GHSA-p6mc-m468-83gw"), got)
        self.assertFalse(any(k[1] == "lodash" for k in got))
        # GHSA-mjmj-j48q-9wg2 (org.yaml:snakeyaml) fixed 2.0; snakeyaml 1.33 is in three jars, one
        # nested in the Spring Boot fat jar.
        snake = got[("maven", "org.yaml:snakeyaml", "GHSA-mjmj-j48q-9wg2")]
        self.assertIn("/app/lib/app-all.jar!/BOOT-INF/lib/snakeyaml-1.33.jar!/META-INF/maven/org.yaml/snakeyaml/pom.properties",
                      {v["target"] for v in snake})
        self.assertEqual(snake[0]["fixed_version"], "2.0")
        # Go vulndb GO-2023-1751 (stdlib): SEMVER introduced 0, fixed 1.19.9; binaries built with go1.19.8.
        std = got[("golang", "stdlib", "GO-2023-1751")]
        self.assertEqual(std[0]["installed_version"], "go1.19.8")
        self.assertEqual(std[0]["fixed_version"], "1.19.9")
        # GO-2023-1988 (golang.org/x/net) fixed 0.13.0; installed v0.7.0.
        self.assertIn(("golang", "golang.org/x/net", "GO-2023-1988"), got)
        # PyPA PYSEC-2023-228 (pip) fixed 23.3; pip 23.0.1 in /opt/venv.
        self.assertEqual(got[("pypi", "pip", "PYSEC-2023-228")][0]["fixed_version"], "23.3")
        # Near misses: GO-2023-1571 (x/net) is fixed in 0.7.0 = installed; GO-2026-4559 starts at 0.50.0.
        self.assertNotIn(("golang", "golang.org/x/net", "GO-2023-1571"), got)
        self.assertNotIn(("golang", "golang.org/x/net", "GO-2026-4559"), got)
        # Debian's own python3-urllib3/requests (/usr/lib/python3/dist-packages) carry Debian's
        # backports: they are matched through Debian's data, never the PyPI feed.
        for vs in got.values():
            for v in vs:
                self.assertFalse(v["target"].startswith("/usr/lib/python3/dist-packages/"), v)


class FsTest(VulnTest):
    """fs:PATH: a project directory or a single lock file, checked before it becomes an image."""

    APP = os.path.join(SHARED, "fixtures", "lang", "npm", "generated", "app")

    def test_single_lockfile(self):
        self.require(self.APP, "npm fixtures")
        lock = os.path.join(self.APP, "package-lock.json")
        doc = self.scan_json("fs:" + lock)
        pkgs = [p for p in doc["packages"] if p["type"] == "npm"]
        self.assertEqual(len(pkgs), 55)  # the fixture's README: the same 55 packages in every lock file
        self.assertEqual({p["path"] for p in pkgs}, {"/package-lock.json"})
        got = {(v["package"]["name"], i) for v in doc["vulnerabilities"] for i in [v["id"]] + v["aliases"]}
        # Without node_modules the lock file is the truth: lodash 4.17.15 (GHSA-p6mc-m468-83gw,
        # fixed 4.17.19), qs 6.5.1 (CVE-2022-24999, fixed 6.5.3), minimist 1.2.0 (CVE-2021-44906).
        for want in (("lodash", "GHSA-p6mc-m468-83gw"), ("qs", "CVE-2022-24999"), ("minimist", "CVE-2021-44906")):
            self.assertIn(want, got)
        self.assertEqual({v["target"] for v in doc["vulnerabilities"]}, {"/package-lock.json"})

    def test_project_directory(self):
        self.require(self.APP, "npm fixtures")
        doc = self.scan_json("fs:" + self.APP)
        pkgs = {(p["name"], p["path"]): p for p in doc["packages"]}
        root = pkgs[("hullscan-demo-app", "/package.json")]
        self.assertTrue(root["project"])
        axios = pkgs[("axios", "/node_modules/axios/package.json")]
        self.assertEqual([l["path"] for l in axios["also_at"]], ["/package-lock.json"])
        # The fixture's node_modules holds only some packages: the rest of the lock file is
        # listed as not installed and not matched (qs), the installed ones are (lodash, axios).
        self.assertTrue(pkgs[("qs", "/package-lock.json")]["not_installed"])
        got = {(v["package"]["name"], i) for v in doc["vulnerabilities"] for i in [v["id"]] + v["aliases"]}
        self.assertIn(("lodash", "GHSA-p6mc-m468-83gw"), got)
        self.assertIn(("axios", "GHSA-4w2v-q235-vp99"), got)
        self.assertNotIn(("qs", "CVE-2022-24999"), got)
        self.assertNotIn("hullscan-demo-app", {n for n, _ in got})

    def test_missing_path(self):
        r = self.scan("fs:" + self.path("nothing-here"), codes=(3,))
        self.assertIn("no such file or directory", r.err)


class EcosystemsTest(VulnTest):
    """crates.io, RubyGems, Packagist and NuGet from real lock files, checked with fs:FILE. Each
    expected finding is quoted from its feed record; near misses are asserted absent."""

    FIX = os.path.join(SHARED, "fixtures", "lang")

    def ids(self, ref):
        doc = self.scan_json(ref)
        got = {}
        for v in doc["vulnerabilities"]:
            for i in [v["id"]] + v["aliases"]:
                got[(v["package"]["name"], i)] = v
        return doc, got

    def test_crates_io(self):
        src = os.path.join(self.FIX, "rust", "Cargo-trivy-ci-test.lock")
        self.require(src, "Cargo.lock fixture")
        lock = self.path("proj/Cargo.lock")
        os.makedirs(os.path.dirname(lock))
        shutil.copy(src, lock)
        doc, got = self.ids("fs:" + lock)
        # RUSTSEC-2019-0001 (crates.io all.zip): ammonia SEMVER introduced 0.0.0-0, fixed 2.1.0;
        # the lock file has ammonia 1.9.0.
        v = got[("ammonia", "RUSTSEC-2019-0001")]
        self.assertEqual((v["installed_version"], v["fixed_version"], v["target"]), ("1.9.0", "2.1.0", "/Cargo.lock"))
        self.assertEqual(v["package"]["purl"], "pkg:cargo/ammonia@1.9.0")

    def test_rubygems(self):
        lock = os.path.join(self.FIX, "ruby", "Gemfile.lock")
        self.require(lock, "Gemfile.lock fixture")
        doc, got = self.ids("fs:" + lock)
        # RubySec gems/actionpack/CVE-2014-7818.yml: unaffected "< 3.0.0", patched "~> 3.2.20",
        # "~> 4.0.11", "~> 4.1.7", ">= 4.2.0.beta3"; actionpack 4.1.1 is in none of them.
        self.assertEqual(got[("actionpack", "CVE-2014-7818")]["installed_version"], "4.1.1")
        # gems/rack/CVE-2015-3225.yml: patched ">= 1.6.2", "~> 1.5.4", "~> 1.4.6": rack 1.5.2 is affected.
        self.assertIn(("rack", "CVE-2015-3225"), got)
        # Near miss: gems/rack/CVE-2013-0263.yml is patched ">= 1.5.2".
        self.assertNotIn(("rack", "CVE-2013-0263"), got)
        self.assertEqual({v["target"] for v in doc["vulnerabilities"]}, {"/Gemfile.lock"})

    def test_packagist(self):
        lock = os.path.join(self.FIX, "php", "composer.lock")
        self.require(lock, "composer.lock fixture")
        doc, got = self.ids("fs:" + lock)
        # FriendsOfPHP guzzlehttp/psr7/CVE-2023-29197.yaml: branch 1.9 versions ['<1.9.1']; psr7 1.9.0.
        v = got[("guzzlehttp/psr7", "CVE-2023-29197")]
        self.assertEqual((v["installed_version"], v["fixed_version"]), ("1.9.0", "1.9.1"))
        # Near miss: GHSA-w248-ffj2-4v5q (GHSA sample) guzzlehttp/guzzle introduced 4.0.0, fixed
        # 6.5.7; the lock file has guzzle 6.5.8.
        self.assertNotIn(("guzzlehttp/guzzle", "GHSA-w248-ffj2-4v5q"), got)
        self.assertNotIn(("guzzlehttp/guzzle", "CVE-2022-31043"), got)

    def test_nuget(self):
        cfg = os.path.join(self.FIX, "dotnet", "packages.config")
        self.require(cfg, "packages.config fixture")
        doc, got = self.ids("fs:" + cfg)
        # GHSA-5crp-9r3c-p9vr (GHSA sample): NuGet Newtonsoft.Json introduced 0, fixed 13.0.1;
        # packages.config pins 6.0.4.
        v = got[("Newtonsoft.Json", "GHSA-5crp-9r3c-p9vr")]
        self.assertEqual((v["installed_version"], v["fixed_version"], v["target"]), ("6.0.4", "13.0.1", "/packages.config"))
        # Near miss: the same record against 13.0.1 itself, in a packages.lock.json written here.
        lock = self.path("proj/packages.lock.json")
        os.makedirs(os.path.dirname(lock))
        with open(lock, "w") as f:
            json.dump({"version": 1, "dependencies": {"net8.0": {"Newtonsoft.Json": {
                "type": "Direct", "requested": "[13.0.1, )", "resolved": "13.0.1"}}}}, f)
        doc2, got2 = self.ids("fs:" + lock)
        self.assertEqual([p["name"] for p in doc2["packages"]], ["Newtonsoft.Json"])
        self.assertNotIn(("Newtonsoft.Json", "GHSA-5crp-9r3c-p9vr"), got2)


class OutputTest(VulnTest):
    def test_formats_are_schema_valid_and_deterministic(self):
        ref = self.image("alpine-old")
        validate = os.path.join(SCHEMAS, "validate.py")
        for fmt, kind in (("sarif", "sarif-2.1.0"), ("cyclonedx", "cyclonedx-1.6")):
            out = self.path("out." + fmt)
            r = self.scan(ref, "--format", fmt, "-o", out)
            self.assertEqual(r.code, 0, r.err)
            v = subprocess.run(["python3", validate, kind, out], capture_output=True, text=True)
            self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        a = self.scan(ref, "--format", "json").out
        b = self.scan(ref, "--format", "json").out
        self.assertEqual(a, b)
        with open(self.path("out.cyclonedx")) as f:
            cdx = json.load(f)
        self.assertTrue(any(v["id"] == "CVE-2022-37434" for v in cdx["vulnerabilities"]))

    def test_table_and_explain(self):
        r = self.scan(self.image("alpine-old"), "--explain")
        self.assertIn("CVE-2022-37434", r.out)
        self.assertIn("Total:", r.out)
        self.assertIn("Alpine:v3.12", r.out)  # the explain line names the query

    def test_filters_gate_and_ignorefile(self):
        ref = self.image("alpine-old")
        base = self.scan_json(ref)
        self.assertGreater(len(base["vulnerabilities"]), 0)
        r = self.scan(ref, "--exit-code", "7", codes=(7,))
        ign = self.path("ignore.txt")
        with open(ign, "w") as f:
            f.write("# accepted\n")
            for v in base["vulnerabilities"]:
                f.write("%s exp:2099-01-01 # accepted risk\n" % v["id"])
        r = self.scan(ref, "--exit-code", "7", "--ignorefile", ign)
        self.assertEqual(r.code, 0, r.out + r.err)
        with open(ign, "w") as f:
            f.write("CVE-2022-37434 exp:2020-01-01\n")
        r = self.scan(ref, "--format", "json", "--ignorefile", ign)
        self.assertIn("expired", r.err)
        self.assertTrue(any(v["id"] == "CVE-2022-37434" for v in r.json()["vulnerabilities"]))
        sev = self.scan_json(ref, "--severity", "CRITICAL")
        self.assertTrue(all(v["severity"] == "CRITICAL" for v in sev["vulnerabilities"]))
        r = self.run_cli("scan", ref, "--db", self.db, "--severity", "SEVERE")
        self.assertEqual(r.code, 2)
        with open(ign, "w") as f:
            f.write("CVE-1 exp:tomorrow\n")
        r = self.run_cli("scan", ref, "--db", self.db, "--ignorefile", ign)
        self.assertEqual(r.code, 2)
        self.assertIn("line 1", r.err)

    def test_sbom_in_gives_the_same_findings(self):
        ref = self.image("alpine-base")
        want = self.scan_json(ref)["vulnerabilities"]
        for fmt in ("cyclonedx", "spdx"):
            sb = self.path("sbom." + fmt + ".json")
            r = self.run_cli("sbom", ref, "--format", fmt, "-o", sb, "--cache-dir", self.cache)
            self.assertEqual(r.code, 0, r.err)
            got = self.scan_json("sbom:" + sb)["vulnerabilities"]
            key = lambda v: (v["package"]["name"], v["package"]["version"], v["id"], v["fixed_version"])
            self.assertEqual(sorted(map(key, got)), sorted(map(key, want)), fmt)

    def test_missing_db_is_exit_4(self):
        r = self.run_cli("scan", self.image("alpine-old"), "--db", self.path("nope.db"))
        self.assertEqual(r.code, 4)
        self.assertIn("hullscan db import", r.err)


class DbTest(VulnTest):
    def test_status(self):
        r = self.run_cli("db", "status", "--db", self.db, "--format", "json")
        self.assertEqual(r.code, 0, r.err)
        st = r.json()
        feeds = {f["name"]: f for f in st["feeds"]}
        self.assertEqual(feeds["debian-dsa-list:DSA/list"]["records"], 5406)
        self.assertEqual(feeds["debian-dla-list:DLA/list"]["records"], 3534)
        self.assertEqual(feeds["kev"]["records"], 1662)
        self.assertEqual(feeds["epss"]["records"], 313089)
        self.assertEqual(feeds["epss"]["as_of"][:10], "2026-01-30")
        self.assertEqual(st["schema_version"], 3)
        r = self.run_cli("db", "status", "--db", self.db)
        self.assertIn("alpine-secdb:v3.20/main.json", r.out)

    def test_bad_feed_imports_nothing_and_names_the_record(self):
        db = self.path("bad.db")
        good = os.path.join(FEEDS, "kev/known_exploited_vulnerabilities.json")
        r = self.run_cli("db", "import", "--db", db, good)
        self.assertEqual(r.code, 0, r.err)
        bad = self.path("osv-bad")
        os.makedirs(bad)
        with open(os.path.join(bad, "GHSA-good.json"), "w") as f:
            json.dump({"id": "GHSA-good", "modified": "2024-01-01T00:00:00Z",
                       "affected": [{"package": {"ecosystem": "npm", "name": "x"},
                                     "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.0"}]}]}]}, f)
        with open(os.path.join(bad, "GHSA-zbad.json"), "w") as f:
            f.write('{"id": "GHSA-zbad", "affected": [{"package": {"ecosystem": "npm", "name": 7}}]}')
        r = self.run_cli("db", "import", "--db", db, bad)
        self.assertEqual(r.code, 3)
        self.assertIn("GHSA-zbad", r.err)
        st = self.run_cli("db", "status", "--db", db, "--format", "json").json()
        self.assertEqual([f["name"] for f in st["feeds"]], ["kev"])

    def test_kill_9_during_import_leaves_previous_db(self):
        db = self.path("k.db")
        r = self.run_cli("db", "import", "--db", db, os.path.join(FEEDS, "kev/known_exploited_vulnerabilities.json"))
        self.assertEqual(r.code, 0, r.err)
        before = self.run_cli("db", "status", "--db", db, "--format", "json").out
        env = dict(os.environ, TMPDIR=self.tmp)
        p = subprocess.Popen([BIN, "db", "import", "--db", db, os.path.join(FEEDS, "epss/epss_scores-2026-01-30.csv.gz"),
                              os.path.join(FEEDS, "osv/AlmaLinux/all.zip")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        p.send_signal(signal.SIGKILL)
        p.wait()
        after = self.run_cli("db", "status", "--db", db, "--format", "json")
        self.assertEqual(after.code, 0, after.err)
        self.assertEqual(after.out, before)
        r = self.run_cli("db", "import", "--db", db, os.path.join(FEEDS, "osv/samples/osvdev-export-sample.zip"))
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual([n for n in os.listdir(self.tmp) if ".new-" in n], [])

    def test_update_from_directory_and_http_mirror(self):
        mirror = self.path("mirror")
        # A small mirror in the upstream layout, with its MANIFEST.sha256.
        files = ["kev/known_exploited_vulnerabilities.json", "alpine/secdb-normalized/v3.20/main.json",
                 "osv/samples/osvdev-export-sample.zip"]
        for rel in files:
            os.makedirs(os.path.dirname(os.path.join(mirror, rel)), exist_ok=True)
            shutil.copy(os.path.join(FEEDS, rel), os.path.join(mirror, rel))
        subprocess.run("sha256sum %s > MANIFEST.sha256" % " ".join(files), shell=True, cwd=mirror, check=True)
        db = self.path("u.db")
        r = self.run_cli("db", "update", "--db", db, "--mirror", mirror)
        self.assertEqual(r.code, 0, r.out + r.err)
        self.assertIn("3 feeds imported", r.out)
        r = self.run_cli("db", "update", "--db", db, "--mirror", mirror)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("0 feeds imported", r.out)
        # The same over HTTP, from a server on 127.0.0.1 only.
        srv = subprocess.Popen(["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", mirror],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            line = srv.stdout.readline()
            port = int(line.split("port ")[1].split(" ")[0])
            url = "http://127.0.0.1:%d/" % port
            db2 = self.path("h.db")
            r = self.run_cli("db", "update", "--db", db2, "--mirror", url)
            self.assertEqual(r.code, 0, r.out + r.err)
            self.assertIn("3 feeds imported", r.out)
            r = self.run_cli("db", "update", "--db", db2, "--mirror", url)
            self.assertIn("0 feeds imported", r.out)
            self.assertIn("unchanged", r.out)
        finally:
            srv.kill()
            srv.wait()
        # No mirror and no internet: a clear network error, exit 5, the DB untouched.
        r = self.run_cli("db", "update", "--db", db2, env={"HULLSCAN_FEED_MIRROR": "", "https_proxy": "http://127.0.0.1:9"})
        self.assertEqual(r.code, 5, r.out + r.err)
        self.assertIn("--mirror", r.err)


if __name__ == "__main__":
    try:
        main()
    finally:
        if "dir" in _DB:
            shutil.rmtree(_DB["dir"], ignore_errors=True)
