"""rpm-based (AlmaLinux, Rocky Linux) and Wolfi images, built here, scanned with the shipped feeds.

The AlmaLinux image carries a real rpm database: tiny binary rpms are built with rpmbuild from
specs whose Name/Epoch/Version/Release copy real AlmaLinux 9 packages, and `rpm --justdb`
installs them into a fresh sqlite rpmdb (what rpm >= 4.16 writes, as on EL9). The Wolfi image
carries an apk installed database in apk-tools' text format.

What a scan must report is read from the feed records themselves at test time, with rpm's own
version comparison (rpm.vercmp, through `rpm --eval`) for the rpm side, so the expected sets do
not depend on hullscan's code. The named findings and near misses below are also quoted from
their records in comments, and each quote is checked against the record before it is relied on."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from harness import BIN, SHARED, CliTest, Run, main
import imagekit as ik

FEEDS = os.path.join(SHARED, "feeds") if SHARED else ""
ALMA_ZIP = os.path.join(FEEDS, "osv", "AlmaLinux", "all.zip") if FEEDS else ""
WOLFI_TAR = os.path.join(FEEDS, "wolfi", "advisories-yaml.tar.zst") if FEEDS else ""

_CACHE = {}


def _once(key, make):
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def _workdir():
    return _once("dir", lambda: tempfile.mkdtemp(prefix="hullscan-e2e-distros-"))


def shared_db():
    """One DB with both feeds for the whole module, built on first use."""
    def make():
        path = os.path.join(_workdir(), "advisories.db")
        p = subprocess.run([BIN, "db", "import", "--db", path, ALMA_ZIP, WOLFI_TAR],
                           capture_output=True, text=True, timeout=900)
        return path, Run(p)
    return _once("db", make)


# ---------------------------------------------------------------------------------------------
# AlmaLinux / Rocky Linux

# Source packages whose rpms are built, as (Name, Epoch, Version, Release, binary packages). A
# binary is (name, Epoch, Version) when it overrides the source's (perl's modules do), else a name.
# The NEVRAs are real AlmaLinux 9 ones; each choice is explained in AlmaTest.
SOURCES = [
    ("openssl", "1", "3.5.5", "3.el9_8", ["openssl-libs"]),
    ("zlib", None, "1.2.11", "32.el9_0", ["zlib"]),
    ("glibc", None, "2.34", "125.el9_5.8", ["glibc"]),
    ("perl", "4", "5.32.1", "481.el9", [("perl-Errno", "0", "1.30")]),
]

# What `rpm -qa` must list: name -> (EVR as hullscan prints it, SOURCERPM).
INSTALLED_RPMS = {
    "openssl-libs": ("1:3.5.5-3.el9_8", "openssl-3.5.5-3.el9_8.src.rpm"),
    "zlib": ("1.2.11-32.el9_0", "zlib-1.2.11-32.el9_0.src.rpm"),
    "glibc": ("2.34-125.el9_5.8", "glibc-2.34-125.el9_5.8.src.rpm"),
    "perl-Errno": ("0:1.30-481.el9", "perl-5.32.1-481.el9.src.rpm"),
}

ALMA_9 = ('NAME="AlmaLinux"\nVERSION="9.8 (Moss Jungle Cat)"\nID="almalinux"\nID_LIKE="rhel centos fedora"\n'
          'VERSION_ID="9.8"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="AlmaLinux 9.8 (Moss Jungle Cat)"\n'
          'CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"\nHOME_URL="https://almalinux.org/"\n')
ROCKY_9 = ('NAME="Rocky Linux"\nVERSION="9.8 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\n'
           'VERSION_ID="9.8"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Rocky Linux 9.8 (Blue Onyx)"\n'
           'CPE_NAME="cpe:/o:rocky:rocky:9::baseos"\nHOME_URL="https://rockylinux.org/"\n')


def _spec(name, epoch, version, release, binaries):
    lines = ["Name: " + name]
    if epoch is not None:
        lines.append("Epoch: " + epoch)
    lines += ["Version: " + version, "Release: " + release, "Summary: " + name, "License: MIT",
              "BuildArch: noarch", "%description", name, ""]
    for b in binaries:
        bname, bepoch, bversion = b if isinstance(b, tuple) else (b, None, None)
        if bname == name:
            lines += ["%files", ""]
            continue
        lines += ["%package -n " + bname, "Summary: " + bname]
        if bepoch is not None:
            lines.append("Epoch: " + bepoch)
        if bversion is not None:
            lines.append("Version: " + bversion)
        lines += ["%description -n " + bname, bname, "%files -n " + bname, ""]
    return "\n".join(lines) + "\n"


def build_rpmdb():
    """Builds the rpms and installs them into a new sqlite rpmdb. Returns ((rpmdb.sqlite bytes,
    what rpm -qa lists), None), or (None, why not)."""
    for tool in ("rpmbuild", "rpm"):
        if not shutil.which(tool):
            return None, "%s is not installed (Debian package rpm)" % tool
    top = os.path.join(_workdir(), "rpmbuild")
    out = os.path.join(top, "RPMS")
    db = os.path.join(_workdir(), "rpmdb")
    os.makedirs(out)
    os.makedirs(db)
    # A private HOME keeps a user's ~/.rpmmacros out of the build.
    env = dict(os.environ, HOME=top, SOURCE_DATE_EPOCH="1717200000")
    specs = []
    for src in SOURCES:
        path = os.path.join(top, src[0] + ".spec")
        with open(path, "w") as f:
            f.write(_spec(*src))
        specs.append(path)
    p = subprocess.run(["rpmbuild", "-bb", "--quiet", "--define", "_topdir " + top, "--define", "_rpmdir " + out,
                        "--define", "_build_name_fmt %{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}.rpm",
                        "--define", "use_source_date_epoch_as_buildtime 1"] + specs,
                       capture_output=True, text=True, env=env, timeout=300)
    if p.returncode != 0:
        return None, "rpmbuild failed: " + p.stderr[-2000:]
    rpms = sorted(os.path.join(out, n) for n in os.listdir(out) if n.endswith(".rpm"))
    for args in (["--initdb"], ["-i", "--justdb", "--nodeps", "--noscripts", "--notriggers"] + rpms):
        p = subprocess.run(["rpm", "--dbpath", db] + args, capture_output=True, text=True, env=env, timeout=300)
        if p.returncode != 0:
            return None, "rpm %s failed: %s" % (args[0], p.stderr[-2000:])
    q = subprocess.run(["rpm", "--dbpath", db, "-qa", "--qf", "%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{SOURCERPM}\n"],
                       capture_output=True, text=True, env=env, timeout=300)
    with open(os.path.join(db, "rpmdb.sqlite"), "rb") as f:
        return (f.read(), q.stdout), None


def rpm_vercmp(pairs):
    """rpm's own answer for each (a, b): -1, 0 or 1 (rpm.vercmp on full [epoch:]version-release)."""
    evr = re.compile(r"^[0-9A-Za-z.:_~^+-]+$")
    for a, b in pairs:
        if not evr.match(a) or not evr.match(b):
            raise ValueError("unexpected EVR %r / %r" % (a, b))
    table = ",".join("{'%s','%s'}" % ab for ab in pairs)
    lua = ("local p={%s} local t={} for _,x in ipairs(p) do t[#t+1]=rpm.vercmp(x[1],x[2]) end "
           "print(table.concat(t,' '))" % table)
    p = subprocess.run(["rpm", "--eval", "%{lua:" + lua + "}"], capture_output=True, text=True, timeout=300)
    got = [int(x) for x in p.stdout.split()]
    if p.returncode != 0 or len(got) != len(pairs):
        raise RuntimeError("rpm --eval: %s" % p.stderr)
    return got


def alma_records():
    """{id: record} of the shipped AlmaLinux OSV zip (entry names are "<id>.json")."""
    def make():
        out = {}
        with zipfile.ZipFile(ALMA_ZIP) as z:
            for n in z.namelist():
                if n.endswith(".json"):
                    out[n[:-5]] = json.loads(z.read(n))
        return out
    return _once("alma", make)


def alma_fixes(name, ecosystem=None):
    """[(ecosystem, id, fixed)] of every record naming rpm `name`. Every AlmaLinux range is
    {introduced "0", fixed V}: anything else fails here rather than being guessed at."""
    def make():
        out = {}
        for rid, rec in sorted(alma_records().items()):
            for a in rec.get("affected", []):
                for r in a["ranges"]:
                    ev = [(k, v) for e in r["events"] for k, v in e.items()]
                    if r["type"] != "ECOSYSTEM" or [k for k, _ in ev] != ["introduced", "fixed"] or ev[0][1] != "0":
                        raise AssertionError("%s.json: unexpected range %r" % (rid, r))
                    out.setdefault(a["package"]["name"], []).append((a["package"]["ecosystem"], rid, ev[1][1]))
        return out
    return [f for f in _once("alma-by-name", make).get(name, []) if not ecosystem or f[0] == ecosystem]


def alma_fixed(rid, ecosystem, name):
    """The fixed version record `rid` states for (ecosystem, name)."""
    got = [f for e, i, f in alma_fixes(name, ecosystem) if i == rid]
    if len(got) != 1:
        raise AssertionError("%s.json: %d fixes for %s %s" % (rid, len(got), ecosystem, name))
    return got[0]


def alma_expected(installed, ecosystem):
    """{(name, id): fixed} that the records of `ecosystem` state for the installed binaries by
    binary name (AlmaLinux lists every binary rpm of an erratum): fixed above the installed EVR."""
    cand = [(n, i, f) for n, v in installed.items() for e, i, f in alma_fixes(n, ecosystem)]
    cmp = rpm_vercmp([(installed[n], f) for n, _, f in cand])
    return {(n, i): f for (n, i, f), c in zip(cand, cmp) if c < 0}


class DistroTest(CliTest):
    def setUp(self):
        self.require(FEEDS, "shared feed folder")
        self.require(ALMA_ZIP, "AlmaLinux OSV feed")
        self.require(WOLFI_TAR, "Wolfi advisories feed")
        self.prepare()
        super().setUp()
        # tearDown does not run when setUp fails; cleanups do.
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.db, imp = shared_db()
        self.assertEqual(imp.code, 0, imp.out + imp.err)
        self.import_run = imp

    def prepare(self):
        """What a test class needs beyond the feeds; skips (loudly) without it."""

    def scan_json(self, ref):
        r = self.run_cli("scan", ref, "--db", self.db, "--cache-dir", self.cache, "--format", "json")
        self.assertEqual(r.code, 0, r.err)
        return r.json()

    def findings(self, doc, names):
        """{(package, id): finding} for the OS packages `names`, failing on a duplicate."""
        got = {}
        for v in doc["vulnerabilities"]:
            key = (v["package"]["name"], v["id"])
            self.assertNotIn(key, got, "one finding per package and vulnerability")
            got[key] = v
        self.assertEqual({k[0] for k in got} - set(names), set(), "findings for packages not installed")
        return got


class AlmaTest(DistroTest):
    def prepare(self):
        built, why = _once("rpmdb", build_rpmdb)
        if built is None:
            self.skipTest("SKIPPED: cannot build an rpm database here: " + why)
        self.rpmdb, self.qa = built

    def image(self, os_release, name):
        img = ik.Image()
        img.add_layer([("etc/", "d", ""), ("etc/os-release", "f", os_release),
                       ("var/", "d", ""), ("var/lib/", "d", ""), ("var/lib/rpm/", "d", ""),
                       ("var/lib/rpm/rpmdb.sqlite", "f", self.rpmdb)],
                      "/bin/sh -c #(nop) ADD file:el9-rootfs in /")
        return "oci:" + img.write_oci(self.path(name))

    def installed(self, doc, ecosystem):
        """The rpm packages the scan listed: name -> version; checks what rpm -qa said of them."""
        pkgs = {p["name"]: p for p in doc["packages"] if p["type"] == "rpm"}
        self.assertEqual(set(pkgs), set(INSTALLED_RPMS), self.qa)
        for name, (evr, srpm) in INSTALLED_RPMS.items():
            self.assertEqual((pkgs[name]["version"], pkgs[name]["source_rpm"]), (evr, srpm), name)
            self.assertEqual(pkgs[name]["ecosystem"], ecosystem, name)
        return {n: p["version"] for n, p in pkgs.items()}

    def test_almalinux_9(self):
        doc = self.scan_json(self.image(ALMA_9, "alma9"))
        self.assertEqual(doc["image"]["os"]["id"], "almalinux")
        installed = self.installed(doc, "AlmaLinux:9")
        got = self.findings(doc, installed)

        # openssl-libs, a subpackage of source openssl, Epoch 1, installed 1:3.5.5-3.el9_8.
        # all.zip ALSA-2026:25239.json: AlmaLinux:9 openssl-libs (and openssl) ECOSYSTEM
        # {introduced 0, fixed 1:3.5.5-4.el9_8}: affected. It is asked for by binary name and by
        # source name (both hit the record): still one finding.
        fixed = alma_fixed("ALSA-2026:25239", "AlmaLinux:9", "openssl-libs")
        self.assertEqual(fixed, "1:3.5.5-4.el9_8")
        self.assertEqual(alma_fixed("ALSA-2026:25239", "AlmaLinux:9", "openssl"), fixed)
        f = got[("openssl-libs", "ALSA-2026:25239")]
        self.assertEqual((f["installed_version"], f["fixed_version"], f["status"]), ("1:3.5.5-3.el9_8", fixed, "fixed"))
        self.assertEqual(f["match"]["ecosystem"], "AlmaLinux:9")
        self.assertEqual(f["target"], "os-pkgs")
        self.assertEqual(f["layer_index"], 0)
        # The record has no severity field; its summary states Red Hat's word for it.
        summary = alma_records()["ALSA-2026:25239"]["summary"]
        self.assertNotIn("severity", alma_records()["ALSA-2026:25239"])
        word = summary.split(":")[0]
        self.assertIn(word, ("Critical", "Important", "Moderate", "Low"), summary)
        want = {"Critical": "CRITICAL", "Important": "HIGH", "Moderate": "MEDIUM", "Low": "LOW"}[word]
        self.assertEqual((f["severity"], f["title"]), (want, summary))
        self.assertNotIn("UNKNOWN", {v["severity"] for v in doc["vulnerabilities"]})
        # Near miss and the epoch case: ALSA-2026:22312.json, openssl-libs {introduced 0, fixed
        # 1:3.5.5-3.el9_8}, exactly the installed EVR. Without the installed Epoch 1 the
        # version would compare as 0:3.5.5-3.el9_8, below the fix, and be reported.
        self.assertEqual(alma_fixed("ALSA-2026:22312", "AlmaLinux:9", "openssl-libs"), installed["openssl-libs"])
        self.assertNotIn(("openssl-libs", "ALSA-2026:22312"), got)

        # zlib 1.2.11-32.el9_0: ALSA-2022:7314.json, the only AlmaLinux:9 zlib record, is fixed
        # in 1.2.11-32.el9_0 itself: no finding at all.
        self.assertEqual(alma_fixes("zlib", "AlmaLinux:9"), [("AlmaLinux:9", "ALSA-2022:7314", installed["zlib"])])
        self.assertFalse(any(k[0] == "zlib" for k in got))

        # glibc 2.34-125.el9_5.8 (the upstream build, without AlmaLinux's ".alma.1"):
        # ALSA-2025:4244.json, glibc {introduced 0, fixed 2.34-125.el9_5.8.alma.1}. In rpm's order
        # the extra ".alma.1" segment makes the fix newer, so the package is affected.
        fixed = alma_fixed("ALSA-2025:4244", "AlmaLinux:9", "glibc")
        self.assertEqual(fixed, "2.34-125.el9_5.8.alma.1")
        self.assertEqual(got[("glibc", "ALSA-2025:4244")]["fixed_version"], fixed)

        # Every finding and only those: the AlmaLinux:9 records naming an installed binary rpm
        # with a fix above its EVR in rpm's order (7 glibc errata, 1 openssl one). perl-Errno is
        # in none: see test_perl_subpackage_with_its_own_version.
        want = alma_expected({n: v for n, v in installed.items() if n != "perl-Errno"}, "AlmaLinux:9")
        self.assertEqual(len(want), 8)
        self.assertEqual({k: v["fixed_version"] for k, v in got.items() if k[0] != "perl-Errno"}, want)

        # Records of other AlmaLinux releases do not apply, even when their fix is higher, e.g.
        # ALSA-2026:25237.json: AlmaLinux:10 openssl-libs fixed 1:3.5.5-4.el10_2.alma.1.
        nine = {i for n in installed for e, i, _ in alma_fixes(n, "AlmaLinux:9")}
        other = {(n, i) for e in ("AlmaLinux:8", "AlmaLinux:10")
                 for (n, i) in alma_expected(installed, e) if i not in nine}
        self.assertIn(("openssl-libs", "ALSA-2026:25237"), other)
        self.assertEqual(other & set(got), set())

    def test_perl_subpackage_with_its_own_version(self):
        # perl-Errno 0:1.30-481.el9 is built from perl-5.32.1-481.el9.src.rpm (perl has Epoch 4;
        # the module subpackage has its own Epoch 0 and Version 1.30). ALSA-2024:2228.json names
        # both: perl {introduced 0, fixed 4:5.32.1-481.el9} and perl-Errno {introduced 0, fixed
        # 1.30-481.el9}. The installed perl-Errno is that fixed build: not affected. Comparing
        # its own EVR (1.30) with the source package's fix (4:5.32.1) is not meaningful, yet
        # hullscan's source-name query ("perl", 0:1.30-481.el9) does so today and reports
        # ALSA-2024:2228 with fixed version 4:5.32.1-481.el9.
        self.assertEqual(alma_fixed("ALSA-2024:2228", "AlmaLinux:9", "perl-Errno"), "1.30-481.el9")
        self.assertEqual(alma_fixed("ALSA-2024:2228", "AlmaLinux:9", "perl"), "4:5.32.1-481.el9")
        self.assertEqual(rpm_vercmp([("0:1.30-481.el9", "1.30-481.el9")]), [0])
        doc = self.scan_json(self.image(ALMA_9, "alma9-perl"))
        got = self.findings(doc, self.installed(doc, "AlmaLinux:9"))
        wrong = {k: "%s %s, fixed %s" % (v["match"]["kind"], v["match"]["name"], v["fixed_version"])
                 for k, v in got.items() if k[0] == "perl-Errno"}
        self.assertEqual(wrong, {})

    def test_rocky_linux_9_gets_no_almalinux_data(self):
        # The feed folder ships no Rocky Linux data: no record of the AlmaLinux zip names a
        # "Rocky Linux" ecosystem. The same rpm database under a Rocky Linux 9 os-release is
        # listed in full, as Rocky Linux:9 packages, and matched against nothing: the
        # AlmaLinux:9 errata above (ALSA-2026:25239, ALSA-2025:4244, ...) are not borrowed.
        ecos = {a["package"]["ecosystem"] for r in alma_records().values() for a in r.get("affected", [])}
        self.assertEqual({e for e in ecos if not e.startswith("AlmaLinux:")}, set())
        ref = self.image(ROCKY_9, "rocky9")
        doc = self.scan_json(ref)
        self.assertEqual(doc["image"]["os"]["id"], "rocky")
        self.installed(doc, "Rocky Linux:9")
        self.assertEqual(doc["vulnerabilities"], [])
        # ... and the scan says so, rather than reading as a clean image.
        rpms = sum(1 for p in doc["packages"] if p["type"] == "rpm")
        self.assertGreater(rpms, 0)
        no_data = [d for d in doc["diagnostics"] if d["code"] == "no_data"]
        self.assertEqual(len(no_data), 1, doc["diagnostics"])
        self.assertEqual(no_data[0]["stage"], "match")
        self.assertTrue(no_data[0]["message"].startswith(
            "%d packages of ecosystem Rocky Linux:9 were not checked: the advisory database has no records" % rpms),
            no_data[0]["message"])
        r = self.run_cli("scan", ref, "--db", self.db, "--cache-dir", self.cache, "--strict")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("hullscan: warning: %d packages of ecosystem Rocky Linux:9 were not checked" % rpms, r.err)
        # A distribution hullscan reads no data for at all (Fedora) is named as such.
        fedora = self.scan_json(self.image('NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n', "fedora40"))
        self.assertEqual(fedora["vulnerabilities"], [])
        unsupported = [d for d in fedora["diagnostics"] if d["code"] == "unsupported"]
        self.assertEqual([d["message"] for d in unsupported],
                         ["%d OS packages of fedora 40 were not checked: hullscan reads no vulnerability data "
                          "for this distribution" % rpms])
        # The AlmaLinux image itself has data: no such diagnostic.
        alma = self.scan_json(self.image(ALMA_9, "alma9"))
        self.assertEqual([d for d in alma["diagnostics"] if d["code"] == "no_data"], [])


# ---------------------------------------------------------------------------------------------
# Wolfi

WOLFI_OS_RELEASE = 'ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\nVERSION_ID="20230201"\nHOME_URL="https://wolfi.dev"\n'

# The installed apk packages: (name, version, origin). Wolfi's advisories are keyed by origin.
WOLFI_PKGS = [
    ("busybox", "1.37.0-r50", "busybox"),
    ("curl", "8.1.2-r0", "curl"),
    ("libcrypto3", "3.5.3-r0", "openssl"),
    ("libssl3", "3.5.3-r0", "openssl"),
    ("zlib", "1.3-r1", "zlib"),
]


def apk_installed(pkgs):
    """/lib/apk/db/installed in apk-tools' format (the records of the Alpine fixtures, cut down)."""
    out = []
    for i, (name, version, origin) in enumerate(pkgs):
        out.append("C:Q1%027d=\nP:%s\nV:%s\nA:x86_64\nS:%d\nI:%d\nT:%s\nU:https://wolfi.dev\nL:MIT\no:%s\n"
                   "m:Wolfi\nt:1717200000\nc:%040x\nD:so:libc.so.6\nF:usr\nF:usr/share\nF:usr/share/%s\n"
                   "R:README\nZ:Q1%027d=\n"
                   % (i, name, version, 1000 + i, 4096 + i, name, origin, i, name, i))
    return "\n".join(out) + "\n"


def wolfi_advisories(package):
    """The `<package>.advisories.yaml` document of the shipped tar, all scalars as strings."""
    def make():
        try:
            import yaml
        except ImportError:
            return None
        p = subprocess.run(["tar", "--zstd", "-xOf", WOLFI_TAR, "wolfi-advisories/%s.advisories.yaml" % package],
                           capture_output=True, timeout=300)
        if p.returncode != 0:
            raise RuntimeError(p.stderr.decode(errors="replace"))
        return yaml.load(p.stdout.decode(), Loader=yaml.BaseLoader)
    return _once("wolfi:" + package, make)


def apk_key(v):
    """Order of the plain "X.Y.Z-rN" versions these tests use (apk's order for that shape)."""
    m = re.match(r"^(\d+(?:\.\d+)*)-r(\d+)$", v)
    if not m:
        raise ValueError("not a plain X.Y-rN version: %r" % v)
    return tuple(int(x) for x in m.group(1).split(".")), int(m.group(2))


def latest_event(adv):
    """The event with the latest timestamp, the last listed on a tie (as the importer decides)."""
    best = None
    for e in adv["events"]:
        if best is None or e["timestamp"] >= best["timestamp"]:
            best = e
    return best


def wolfi_expected(origin, version):
    """{id: (status, fixed)} that `origin`'s advisories state for `version`."""
    out = {}
    for adv in wolfi_advisories(origin)["advisories"]:
        e = latest_event(adv)
        if e["type"] == "fixed":
            fixed = e["data"]["fixed-version"]
            if apk_key(version) < apk_key(fixed):
                out[adv["id"]] = ("fixed", fixed)
        elif e["type"] in ("detection", "pending-upstream-fix", "true-positive-determination"):
            out[adv["id"]] = ("affected", "")
        elif e["type"] == "fix-not-planned":
            out[adv["id"]] = ("will_not_fix", "")
        elif e["type"] != "false-positive-determination":
            raise AssertionError("%s: unknown event type %s" % (adv["id"], e["type"]))
    return out


def advisory(origin, aid):
    got = [a for a in wolfi_advisories(origin)["advisories"] if a["id"] == aid]
    if len(got) != 1:
        raise AssertionError("%s.advisories.yaml: %d advisories %s" % (origin, len(got), aid))
    return got[0]


class WolfiTest(DistroTest):
    def prepare(self):
        if wolfi_advisories("openssl") is None:
            self.skipTest("SKIPPED: python3 yaml module missing (Debian package python3-yaml)")

    def image(self, name, merged_usr=False):
        img = ik.Image()
        db = apk_installed(WOLFI_PKGS)
        if merged_usr:
            # A usr-merged root (Wolfi's since its usrmerge): /lib -> usr/lib, so the database is a
            # regular file under /usr; /etc/os-release links to /usr/lib/os-release (os-release(5)).
            entries = [("usr/", "d", ""), ("usr/lib/", "d", ""), ("usr/lib/os-release", "f", WOLFI_OS_RELEASE),
                       ("usr/lib/apk/", "d", ""), ("usr/lib/apk/db/", "d", ""),
                       ("usr/lib/apk/db/installed", "f", db), ("lib", "l", "usr/lib"),
                       ("etc/", "d", ""), ("etc/os-release", "l", "../usr/lib/os-release")]
        else:
            entries = [("etc/", "d", ""), ("etc/os-release", "f", WOLFI_OS_RELEASE),
                       ("lib/", "d", ""), ("lib/apk/", "d", ""), ("lib/apk/db/", "d", ""),
                       ("lib/apk/db/installed", "f", db)]
        img.add_layer(entries, "apko")
        return "oci:" + img.write_oci(self.path(name))

    def check(self, doc):
        self.assertEqual(doc["image"]["os"]["id"], "wolfi")
        pkgs = {(p["name"], p["version"], p["source_name"]) for p in doc["packages"] if p["type"] == "apk"}
        self.assertEqual(pkgs, set(WOLFI_PKGS))
        self.assertEqual({p["ecosystem"] for p in doc["packages"]}, {"Wolfi"})
        got = self.findings(doc, {p[0] for p in WOLFI_PKGS})

        # Every finding and only those: for each origin, the advisories whose latest event is
        # `fixed` above the installed version, or says it is still affected.
        want = {}
        for name, version, origin in WOLFI_PKGS:
            for aid, sf in wolfi_expected(origin, version).items():
                want[(name, aid)] = sf
        self.assertEqual({k: (v["status"], v["fixed_version"]) for k, v in got.items()}, want)

        # openssl.advisories.yaml CGA-3w65-8r9h-75gq (CVE-2025-9230): one event, fixed,
        # fixed-version 3.5.4-r0. libcrypto3 and libssl3 3.5.3-r0 (origin openssl) are affected.
        adv = advisory("openssl", "CGA-3w65-8r9h-75gq")
        self.assertEqual([e["type"] for e in adv["events"]], ["fixed"])
        fixed = adv["events"][0]["data"]["fixed-version"]
        self.assertEqual(fixed, "3.5.4-r0")
        for pkg in ("libcrypto3", "libssl3"):
            f = got[(pkg, "CGA-3w65-8r9h-75gq")]
            self.assertEqual((f["installed_version"], f["fixed_version"], f["status"]), ("3.5.3-r0", fixed, "fixed"))
            self.assertIn("CVE-2025-9230", f["aliases"])
            self.assertEqual((f["match"]["ecosystem"], f["match"]["name"], f["match"]["kind"]),
                             ("Wolfi", "openssl", "source-name"))
        # Not reported: CGA-gmc7-prpg-3wrh (CVE-2023-6129): detection, then
        # false-positive-determination (vulnerable-code-not-included-in-package), the latest.
        adv = advisory("openssl", "CGA-gmc7-prpg-3wrh")
        self.assertEqual([e["type"] for e in adv["events"]], ["detection", "false-positive-determination"])
        self.assertEqual(latest_event(adv)["type"], "false-positive-determination")
        self.assertNotIn(("libcrypto3", "CGA-gmc7-prpg-3wrh"), got)

        # zlib.advisories.yaml CGA-jq67-276v-crw8 (CVE-2023-45853): fixed, fixed-version 1.3-r1,
        # the installed version; the other two are fixed in 1.2.13-r1. No zlib finding.
        self.assertEqual(advisory("zlib", "CGA-jq67-276v-crw8")["events"][-1]["data"]["fixed-version"], "1.3-r1")
        self.assertFalse(any(k[0] == "zlib" for k in got))

        # curl.advisories.yaml CGA-x8v3-m8f9-5p88 (CVE-2023-32001): fixed 8.2.0-r0 (2023-07-19),
        # then false-positive-determination (2024-01-25, "The NVD rejected the CVE"). curl
        # 8.1.2-r0 is below that old fix, but the latest event decides: not reported.
        adv = advisory("curl", "CGA-x8v3-m8f9-5p88")
        self.assertEqual([(e["type"], e["timestamp"][:10]) for e in adv["events"]],
                         [("fixed", "2023-07-19"), ("false-positive-determination", "2024-01-25")])
        self.assertLess(apk_key("8.1.2-r0"), apk_key(adv["events"][0]["data"]["fixed-version"]))
        self.assertNotIn(("curl", "CGA-x8v3-m8f9-5p88"), got)
        # ... while CGA-h26h-2qmg-crpw (CVE-2023-38545, fixed 8.4.0-r0) is.
        self.assertEqual(got[("curl", "CGA-h26h-2qmg-crpw")]["fixed_version"], "8.4.0-r0")

        # busybox.advisories.yaml: CGA-cqcp-63wq-mhqr (CVE-2025-60876): detection, then
        # pending-upstream-fix: affected, no fix to name. CGA-jrx7-26c9-jxcv: fixed 1.37.0-r50,
        # the installed version: not reported. CGA-9hx4-xv8g-ff86: false positives only.
        self.assertEqual(latest_event(advisory("busybox", "CGA-cqcp-63wq-mhqr"))["type"], "pending-upstream-fix")
        f = got[("busybox", "CGA-cqcp-63wq-mhqr")]
        self.assertEqual((f["status"], f["fixed_version"]), ("affected", ""))
        self.assertEqual(latest_event(advisory("busybox", "CGA-jrx7-26c9-jxcv"))["data"]["fixed-version"], "1.37.0-r50")
        self.assertNotIn(("busybox", "CGA-jrx7-26c9-jxcv"), got)
        self.assertNotIn(("busybox", "CGA-9hx4-xv8g-ff86"), got)
        return got

    def test_skipped_advisory_is_reported_by_import_and_status(self):
        # opa-envoy.advisories.yaml, CGA-f73f-594w-h296: its latest event's fixed-version is
        # "1.1.0-r1-r0", not an apk version. The record is left out, and both the import and
        # `db status` say so.
        adv = [a for a in wolfi_advisories("opa-envoy")["advisories"] if a["id"] == "CGA-f73f-594w-h296"]
        self.assertEqual(len(adv), 1)
        self.assertEqual(latest_event(adv[0])["data"]["fixed-version"], "1.1.0-r1-r0")
        lines = self.import_run.out.splitlines()
        at = [i for i, l in enumerate(lines) if l.startswith("imported") and "wolfi" in l]
        self.assertEqual(len(at), 1, self.import_run.out)
        skipped = lines[at[0] + 1]
        self.assertTrue(skipped.strip().startswith("skipped "), skipped)
        self.assertIn("opa-envoy.advisories.yaml: advisories[7] (CGA-f73f-594w-h296)", skipped)
        self.assertIn("apk version '1.1.0-r1-r0'", skipped)
        n = int(skipped.split()[1])
        r = self.run_cli("db", "status", "--db", self.db, "--format", "json")
        self.assertEqual(r.code, 0, r.err)
        feeds = {f["format"]: f for f in r.json()["feeds"]}
        self.assertEqual(feeds["wolfi"]["skipped"], n)
        self.assertGreaterEqual(n, 1)

    def test_wolfi(self):
        self.check(self.scan_json(self.image("wolfi")))

    def test_wolfi_merged_usr(self):
        self.check(self.scan_json(self.image("wolfi-usr", merged_usr=True)))


if __name__ == "__main__":
    try:
        main()
    finally:
        if "dir" in _CACHE:
            shutil.rmtree(_CACHE["dir"], ignore_errors=True)
