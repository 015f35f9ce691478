"""Pulling from registries end to end: Debian's real `docker-registry` (the CNCF distribution
registry) started on 127.0.0.1 in three configurations (open HTTP; htpasswd basic auth over TLS
with a CA made here by openssl; token auth with a token server written here), images pushed with
skopeo from $HULLSCAN_TEST_IMAGES, and the real hullscan binary pulling them. A hostile HTTP
server (also here, on 127.0.0.1) checks limits, digests, redirects and stalls.

Needs docker-registry, skopeo and openssl (scripts/install-deps.sh installs them); skips loudly
without them. The htpasswd file is written with Python's crypt module using bcrypt ($2b$, glibc's
libxcrypt), which the registry requires; no apache2-utils or python3-bcrypt is needed.
Every server is stopped by PID in tearDownModule."""
import base64
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt  # bcrypt ($2b$) through glibc's libxcrypt; deprecated in 3.11, gone in 3.13

from harness import BIN, IMAGES, SHARED, CliTest, main

REGISTRY = "/usr/bin/docker-registry"
SKOPEO = shutil.which("skopeo") or ""
OPENSSL = shutil.which("openssl") or ""
USER = "hsuser"
PASSWORD = "pw-Secret-4711"
WRONG_PASSWORD = "wrong-Secret-0815"

STATE = {}  # module-wide: temp dir, servers, ports


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up (as hullscan does on a bad answer) are expected here


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc=None, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited with %s" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nothing listens on port %d" % port)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def run(*args, **kw):
    kw.setdefault("text", True)
    return subprocess.run(list(args), capture_output=True, timeout=kw.pop("timeout", 300), **kw)


def make_certs(d):
    """A CA, a server certificate for 127.0.0.1 signed by it, and a token-signing certificate."""
    ca_key, ca_crt = os.path.join(d, "ca.key"), os.path.join(d, "ca.crt")
    run(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt, "-days", "2",
        "-subj", "/CN=hullscan test CA", check=True)
    key, csr, crt = (os.path.join(d, n) for n in ("server.key", "server.csr", "server.crt"))
    run(OPENSSL, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1",
        check=True)
    ext = os.path.join(d, "san.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n")
    run(OPENSSL, "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial", "-out", crt, "-days",
        "2", "-extfile", ext, check=True)
    tkey, tcrt = os.path.join(d, "token.key"), os.path.join(d, "token.crt")
    run(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tkey, "-out", tcrt, "-days", "2",
        "-subj", "/CN=hullscan token issuer", check=True)
    der = run(OPENSSL, "x509", "-in", tcrt, "-outform", "DER", check=True, text=False).stdout
    return {"ca": ca_crt, "key": key, "crt": crt, "token_key": tkey, "token_crt": tcrt,
            "token_der_b64": base64.b64encode(der).decode()}


class TokenHandler(http.server.BaseHTTPRequestHandler):
    """GET /token?service=S&scope=repository:NAME:ACTIONS with Basic auth -> {"token": JWT}
    (https://distribution.github.io/distribution/spec/auth/jwt/), signed RS256 with x5c."""
    server_version = "hullscan-test-token"

    def log_message(self, *a):
        pass

    def do_GET(self):
        from urllib.parse import urlparse, parse_qs
        q = parse_qs(urlparse(self.path).query)
        STATE.setdefault("token_requests", []).append({"scope": q.get("scope", []), "auth": bool(self.headers.get("Authorization"))})
        auth = self.headers.get("Authorization", "")
        ok = auth == "Basic " + base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
        if not ok:
            self.send_response(401)
            self.end_headers()
            return
        access = []
        for scope in q.get("scope", []):
            parts = scope.split(":")
            if len(parts) == 3 and parts[0] in ("repository", "registry"):
                access.append({"type": parts[0], "name": parts[1], "actions": parts[2].split(",")})
        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT", "x5c": [STATE["certs"]["token_der_b64"]]}
        claims = {"iss": "hullscan-test-issuer", "sub": USER, "aud": q.get("service", [""])[0], "exp": now + 600,
                  "nbf": now - 10, "iat": now, "jti": str(now) + str(len(STATE["token_requests"])), "access": access}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        sig = subprocess.run([OPENSSL, "dgst", "-sha256", "-sign", STATE["certs"]["token_key"]],
                             input=signing_input.encode(), capture_output=True, check=True).stdout
        body = json.dumps({"token": signing_input + "." + b64url(sig), "expires_in": 600}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class CountingProxy(http.server.BaseHTTPRequestHandler):
    """Forwards GET/HEAD to the open registry and records (method, path) in STATE["proxy_log"],
    so tests can count what hullscan asked for."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def forward(self):
        import http.client
        STATE["proxy_log"].append((self.command, self.path))
        conn = http.client.HTTPConnection("127.0.0.1", STATE["open"], timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "range", "authorization")}
        conn.request(self.command, self.path, headers=headers)
        resp = conn.getresponse()
        body = resp.read() if self.command != "HEAD" else b""
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() in ("content-type", "docker-content-digest", "link", "location", "content-range",
                             "www-authenticate", "docker-distribution-api-version"):
                self.send_header(k, v)
        self.send_header("Content-Length", resp.getheader("Content-Length") if self.command == "HEAD" else str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        conn.close()

    do_GET = forward
    do_HEAD = forward


def start_registry(name, port, extra):
    d = os.path.join(STATE["dir"], name)
    os.makedirs(os.path.join(d, "store"))
    config = os.path.join(d, "config.yml")
    with open(config, "w") as f:
        f.write("version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n"
                "    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%d\n%s" %
                (os.path.join(d, "store"), port, extra))
    log = open(os.path.join(d, "registry.log"), "w")
    proc = subprocess.Popen([REGISTRY, "serve", config], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    STATE["procs"].append(proc)
    wait_port(port, proc)
    return proc


def push(src_layout, dest, *extra):
    r = run(SKOPEO, "copy", "-q", "--dest-tls-verify=false", *extra, "oci:" + src_layout, "docker://" + dest)
    if r.returncode != 0:
        raise RuntimeError("skopeo copy to %s failed: %s" % (dest, r.stderr))


def put_index(port, repo, tag, manifests):
    """Writes an OCI image index naming already pushed manifests with the given platforms."""
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests}
    req = urllib.request.Request("http://127.0.0.1:%d/v2/%s/manifests/%s" % (port, repo, tag),
                                 data=json.dumps(index).encode(), method="PUT",
                                 headers={"Content-Type": "application/vnd.oci.image.index.v1+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.headers["Docker-Content-Digest"]


def layout_manifest(name):
    """(digest, size, mediaType) of the only manifest in an OCI layout's index.json."""
    with open(os.path.join(IMAGES, name + ".oci", "index.json")) as f:
        m = json.load(f)["manifests"][0]
    return m["digest"], m["size"], m["mediaType"]


def setUpModule():
    try:
        start_servers()
    except BaseException:
        tearDownModule()  # unittest does not call it when setUpModule fails
        raise


def start_servers():
    missing = [p for p in (REGISTRY, SKOPEO, OPENSSL) if not p or not os.path.exists(p)]
    if missing or not IMAGES or not os.path.isdir(IMAGES):
        STATE["skip"] = "SKIPPED: missing %s" % (", ".join(missing) or "HULLSCAN_TEST_IMAGES=%r" % IMAGES)
        return
    STATE["dir"] = tempfile.mkdtemp(prefix="hullscan-e2e-registry-")
    STATE["procs"] = []
    STATE["certs"] = make_certs(STATE["dir"])
    certs = STATE["certs"]
    # (a) open, plain HTTP.
    STATE["open"] = free_port()
    start_registry("open", STATE["open"], "")
    # (b) htpasswd basic auth over TLS with our CA.
    htpasswd = os.path.join(STATE["dir"], "htpasswd")
    with open(htpasswd, "w") as f:
        f.write("%s:%s\n" % (USER, crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 5))))
    STATE["tls"] = free_port()
    start_registry("tls", STATE["tls"],
                   "  tls:\n    certificate: %s\n    key: %s\nauth:\n  htpasswd:\n    realm: hullscan-test\n"
                   "    path: %s\n" % (certs["crt"], certs["key"], htpasswd))
    # (c) token auth: our token server, plain HTTP registry.
    STATE["token_port"] = free_port()
    tserver = QuietServer(("127.0.0.1", STATE["token_port"]), TokenHandler)
    threading.Thread(target=tserver.serve_forever, daemon=True).start()
    STATE["token_server"] = tserver
    STATE["token"] = free_port()
    start_registry("token", STATE["token"],
                   "auth:\n  token:\n    realm: http://127.0.0.1:%d/token\n    service: hullscan-test-registry\n"
                   "    issuer: hullscan-test-issuer\n    rootcertbundle: %s\n" %
                   (STATE["token_port"], certs["token_crt"]))

    layouts = {n: os.path.join(IMAGES, n + ".oci") for n in ("alpine-base", "debian-app", "debian-base")}
    for n, p in layouts.items():
        if not os.path.isdir(p):
            STATE["skip"] = "SKIPPED: missing %s" % p
            return
    o = "127.0.0.1:%d" % STATE["open"]
    push(layouts["alpine-base"], o + "/hs/alpine:3.20")
    push(layouts["debian-app"], o + "/hs/debian-app:1")
    # A multi-platform index: alpine as linux/amd64, debian-base as linux/arm64/v8 (both pushed
    # to the same repository first, as the registry requires).
    push(layouts["debian-base"], o + "/hs/multi:debian")
    push(layouts["alpine-base"], o + "/hs/multi:alpine")
    ad, asz, at = layout_manifest("alpine-base")
    dd, dsz, dt = layout_manifest("debian-base")
    STATE["multi_digest"] = put_index(STATE["open"], "hs/multi", "both", [
        {"mediaType": at, "digest": ad, "size": asz, "platform": {"os": "linux", "architecture": "amd64"}},
        {"mediaType": dt, "digest": dd, "size": dsz, "platform": {"os": "linux", "architecture": "arm64",
                                                                   "variant": "v8"}}])
    STATE["proxy_log"] = []
    proxy = QuietServer(("127.0.0.1", 0), CountingProxy)
    STATE["proxy"] = proxy.server_address[1]
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    STATE["proxy_server"] = proxy
    creds = "%s:%s" % (USER, PASSWORD)
    push(layouts["alpine-base"], "127.0.0.1:%d/hs/alpine:3.20" % STATE["tls"], "--dest-creds", creds)
    push(layouts["alpine-base"], "127.0.0.1:%d/hs/alpine:3.20" % STATE["token"], "--dest-creds", creds)


def tearDownModule():
    for p in STATE.get("procs", []):
        try:
            os.kill(p.pid, 15)
            p.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            os.kill(p.pid, 9)
    for key in ("token_server", "proxy_server"):
        if key in STATE:
            STATE[key].shutdown()
    for s in STATE.get("hostile_servers", []):
        s.shutdown()
    if "dir" in STATE:
        shutil.rmtree(STATE["dir"], ignore_errors=True)


class RegistryTest(CliTest):
    def setUp(self):
        super().setUp()
        if "skip" in STATE:
            self.skipTest(STATE["skip"])

    def sbom(self, ref, *extra, env=None):
        return self.run_cli("sbom", ref, "--format", "json", "--no-cache", *extra, env=env)

    def comparable(self, doc):
        return json.dumps({"packages": doc["packages"], "os": doc["image"]["os"],
                           "layers": [(l["diff_id"], l["created_by"]) for l in doc["layers"]]}, sort_keys=True)

    def local(self, name):
        r = self.sbom("oci:%s/%s.oci" % (IMAGES, name))
        self.assertEqual(r.code, 0, r.err)
        return r.json()

    def open_ref(self, rest):
        return "127.0.0.1:%d/%s" % (STATE["open"], rest)

    def insecure_open(self):
        return ("--insecure-registry", "127.0.0.1:%d" % STATE["open"])

    # (a) open HTTP registry.
    def test_sbom_same_packages_as_local_layout(self):
        for name, ref in (("alpine-base", "hs/alpine:3.20"), ("debian-app", "hs/debian-app:1")):
            with self.subTest(image=name):
                r = self.sbom(self.open_ref(ref), *self.insecure_open())
                self.assertEqual(r.code, 0, r.err)
                doc = r.json()
                self.assertGreater(len(doc["packages"]), 10)
                self.assertEqual(self.comparable(doc), self.comparable(self.local(name)))

    def test_registry_prefix_and_history(self):
        r = self.run_cli("history", "registry:" + self.open_ref("hs/alpine:3.20"), "--format", "json",
                         *self.insecure_open(), "--no-cache")
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("alpine-minirootfs-3.20.3-x86_64.tar.gz", r.out)

    def test_scan_with_db(self):
        db = self.path("adv.db")
        feed = os.path.join(SHARED, "feeds/alpine/secdb-normalized/v3.20/main.json")
        self.require(feed, "alpine secdb feed")
        r = self.run_cli("db", "import", "--db", db, feed)
        self.assertEqual(r.code, 0, r.err)
        r = self.run_cli("scan", self.open_ref("hs/alpine:3.20"), "--db", db, "--format", "json", "--no-cache",
                         *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        # secdb v3.20/main.json, openssl: "3.3.2-r1": ["CVE-2024-9143"]; libcrypto3 is 3.3.2-r0.
        self.assertIn("CVE-2024-9143", r.out)
        local = self.run_cli("scan", "oci:%s/alpine-base.oci" % IMAGES, "--db", db, "--format", "json", "--no-cache")
        self.assertEqual(local.code, 0, local.err)
        self.assertGreater(len(r.json()["vulnerabilities"]), 0)
        self.assertEqual(json.dumps(r.json()["vulnerabilities"], sort_keys=True),
                         json.dumps(local.json()["vulnerabilities"], sort_keys=True))

    def test_missing_tag_is_clear_404(self):
        r = self.sbom(self.open_ref("hs/alpine:nope"), *self.insecure_open())
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("repository 'hs/alpine': manifest 'nope': not found (HTTP 404 MANIFEST_UNKNOWN", r.err)

    def test_missing_repository(self):
        r = self.sbom(self.open_ref("hs/none:1"), *self.insecure_open())
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("repository 'hs/none'", r.err)
        self.assertIn("HTTP 404", r.err)

    def test_digest_pinned(self):
        digest, _, _ = layout_manifest("alpine-base")
        r = self.sbom(self.open_ref("hs/alpine@" + digest), *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.comparable(r.json()), self.comparable(self.local("alpine-base")))
        wrong = "sha256:" + "0" * 64
        r = self.sbom(self.open_ref("hs/alpine@" + wrong), *self.insecure_open())
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("manifest '%s': not found" % wrong, r.err)

    def test_platform_selects_from_index(self):
        ref = self.open_ref("hs/multi:both")
        amd = self.sbom(ref, *self.insecure_open())
        self.assertEqual(amd.code, 0, amd.err)
        self.assertEqual(amd.json()["image"]["os"]["id"], "alpine")
        arm = self.sbom(ref, "--platform", "linux/arm64", *self.insecure_open())
        self.assertEqual(arm.code, 0, arm.err)
        self.assertEqual(arm.json()["image"]["os"]["id"], "debian")
        self.assertEqual(self.comparable(arm.json()), self.comparable(self.local("debian-base")))
        none = self.sbom(ref, "--platform", "linux/s390x", *self.insecure_open())
        self.assertEqual(none.code, 3, none.err)
        self.assertIn("platform linux/s390x not found", none.err)
        self.assertIn("linux/amd64, linux/arm64/v8", none.err)
        pinned = self.sbom(self.open_ref("hs/multi@" + STATE["multi_digest"]), "--platform", "linux/arm64/v8",
                           *self.insecure_open())
        self.assertEqual(pinned.code, 0, pinned.err)
        self.assertEqual(pinned.json()["image"]["os"]["id"], "debian")

    def test_plain_http_needs_insecure_flag(self):
        r = self.sbom(self.open_ref("hs/alpine:3.20"))
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("https://127.0.0.1:%d/v2/" % STATE["open"], r.err)

    # Warm path: the layer cache and the manifest cache, counted through a proxy.
    def proxy_ref(self, rest):
        return "127.0.0.1:%d/%s" % (STATE["proxy"], rest)

    def proxied_sbom(self, ref, *extra):
        STATE["proxy_log"] = []
        r = self.run_cli("sbom", ref, "--format", "json", "--cache-dir", self.cache, "--insecure-registry",
                         "127.0.0.1:%d" % STATE["proxy"], *extra)
        self.assertEqual(r.code, 0, r.err)
        return r, list(STATE["proxy_log"])

    def test_warm_rescan_one_head_no_blobs(self):
        ref = self.proxy_ref("hs/debian-app:1")
        cold, log1 = self.proxied_sbom(ref)
        doc = cold.json()
        blobs = [p for m, p in log1 if "/blobs/" in p]
        self.assertEqual(len(blobs), len(doc["layers"]) + 1, log1)  # every layer and the config, once
        self.assertEqual(len(set(blobs)), len(blobs), log1)
        warm, log2 = self.proxied_sbom(ref)
        self.assertEqual(log2, [("GET", "/v2/"), ("HEAD", "/v2/hs/debian-app/manifests/1")])
        self.assertEqual(self.comparable(warm.json()), self.comparable(doc))

    def test_warm_digest_pinned_sends_nothing(self):
        digest, _, _ = layout_manifest("alpine-base")
        ref = self.proxy_ref("hs/alpine@" + digest)
        cold, log1 = self.proxied_sbom(ref)
        self.assertIn(("GET", "/v2/hs/alpine/manifests/" + digest), log1)
        warm, log2 = self.proxied_sbom(ref)
        self.assertEqual(log2, [])
        self.assertEqual(self.comparable(warm.json()), self.comparable(cold.json()))

    def test_layers_in_cache_are_not_downloaded(self):
        # The layer cache filled from the local layout: the registry pull reads the manifest and the
        # config, no layer.
        r = self.run_cli("sbom", "oci:%s/alpine-base.oci" % IMAGES, "--format", "json", "--cache-dir", self.cache)
        self.assertEqual(r.code, 0, r.err)
        pulled, log = self.proxied_sbom(self.proxy_ref("hs/alpine:3.20"))
        blobs = [p for m, p in log if "/blobs/" in p]
        self.assertEqual(blobs, ["/v2/hs/alpine/blobs/" + pulled.json()["image"]["config_digest"]], log)
        self.assertEqual(self.comparable(pulled.json()), self.comparable(r.json()))

    def test_retagged_image_is_fetched_again(self):
        push(os.path.join(IMAGES, "alpine-base.oci"), self.open_ref("hs/retag:1"))
        first, _ = self.proxied_sbom(self.proxy_ref("hs/retag:1"))
        self.assertEqual(first.json()["image"]["os"]["id"], "alpine")
        push(os.path.join(IMAGES, "debian-base.oci"), self.open_ref("hs/retag:1"))
        second, log = self.proxied_sbom(self.proxy_ref("hs/retag:1"))
        self.assertEqual(second.json()["image"]["os"]["id"], "debian")
        self.assertIn(("HEAD", "/v2/hs/retag/manifests/1"), log)
        self.assertIn(("GET", "/v2/hs/retag/manifests/1"), log)

    # registry ls / registry scan.
    def test_registry_ls_catalog_and_tags(self):
        r = self.run_cli("registry", "ls", "127.0.0.1:%d" % STATE["open"], *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        for repo in ("hs/alpine", "hs/debian-app", "hs/multi"):
            self.assertIn(repo, r.out.splitlines())
        r = self.run_cli("registry", "ls", self.open_ref("hs/multi"), "--format", "json", *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.json(), {"registry": "127.0.0.1:%d" % STATE["open"], "repository": "hs/multi",
                                    "tags": ["alpine", "both", "debian"]})
        r = self.run_cli("registry", "ls", self.open_ref("hs/none"), *self.insecure_open())
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("repository 'hs/none': tag list page 1: not found (HTTP 404", r.err)
        r = self.run_cli("registry", "ls", self.open_ref("hs/multi:both"), *self.insecure_open())
        self.assertEqual(r.code, 2, r.err)

    def test_registry_scan_pulls_each_layer_once(self):
        out = self.path("report.json")
        r = self.run_cli("registry", "scan", self.open_ref("hs/multi"), "--jobs", "2", "--format", "json", "-o", out,
                         "--cache-dir", self.cache, *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("no advisory database", r.err)
        with open(out) as f:
            doc = json.load(f)
        images = {i["tag"]: i for i in doc["images"]}
        self.assertEqual(sorted(images), ["alpine", "both", "debian"])
        # "both" is alpine for linux/amd64: its layers are alpine's, pulled once between them.
        self.assertEqual(images["alpine"]["manifest_digest"], images["both"]["manifest_digest"])
        s = doc["summary"]
        self.assertEqual(s["failed"], 0)
        self.assertEqual(s["layers_pulled"], s["distinct_layers"])
        self.assertEqual(s["layers_pulled"] + s["layers_reused"], sum(i["layers"] for i in doc["images"]))
        self.assertGreater(s["layers_reused"], 0)
        for i in doc["images"]:
            self.assertGreater(i["packages"], 10)
            self.assertIsNone(i["findings"])
        # Again: everything comes from the caches.
        r = self.run_cli("registry", "scan", self.open_ref("hs/multi"), "--tags", "a*", "--cache-dir", self.cache,
                         *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        lines = r.out.splitlines()
        self.assertEqual(len(lines), 2, r.out)
        self.assertTrue(lines[0].startswith(self.open_ref("hs/multi:alpine") + "  sha256:"), lines[0])
        self.assertIn("pulled=0", lines[0])
        self.assertIn("layers_pulled=0", lines[1])

    def test_registry_scan_with_db(self):
        db = self.path("adv.db")
        feed = os.path.join(SHARED, "feeds/alpine/secdb-normalized/v3.20/main.json")
        self.require(feed, "alpine secdb feed")
        r = self.run_cli("db", "import", "--db", db, feed)
        self.assertEqual(r.code, 0, r.err)
        r = self.run_cli("registry", "scan", self.open_ref("hs/alpine"), "--db", db, "--format", "json", "--no-cache",
                         *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        img = r.json()["images"][0]
        local = self.run_cli("scan", "oci:%s/alpine-base.oci" % IMAGES, "--db", db, "--format", "json", "--no-cache")
        self.assertEqual(local.code, 0, local.err)
        local_all = local.json()["vulnerabilities"]
        self.assertEqual(img["findings"], len(local_all))
        self.assertGreater(img["findings"], 0)
        self.assertEqual(img["findings_filtered"], 0)

        # The filters of `scan` apply per image, with the same result as `scan` of the same image.
        sev = ("--severity", "CRITICAL,HIGH", "--ignore-unfixed")
        local = self.run_cli("scan", "oci:%s/alpine-base.oci" % IMAGES, "--db", db, "--format", "json", "--no-cache", *sev)
        self.assertEqual(local.code, 0, local.err)
        kept = local.json()["vulnerabilities"]
        r = self.run_cli("registry", "scan", self.open_ref("hs/alpine"), "--db", db, "--format", "json", "--no-cache",
                         "--exit-code", "7", *sev, *self.insecure_open())
        self.assertEqual(r.code, 7 if kept else 0, r.err)
        img = r.json()["images"][0]
        self.assertEqual(img["findings"], len(kept))
        self.assertEqual(img["findings"] + img["findings_filtered"], len(local_all))
        self.assertEqual(sum(img["findings_by_severity"].values()), len(kept))
        self.assertEqual(r.json()["summary"]["images_with_findings"], 1 if kept else 0)

        # An ignore file naming every finding leaves none: --exit-code does not fire; an expired
        # rule is reported with the image it would have applied to.
        ignore = self.path("ignore.txt")
        ids = sorted({v["id"] for v in local_all})
        left = sum(1 for v in local_all if v["id"] == ids[0])
        with open(ignore, "w") as f:
            for i in ids[1:]:
                f.write(i + "  # accepted\n")
            f.write(ids[0] + " exp:2001-01-01\n")
        r = self.run_cli("registry", "scan", self.open_ref("hs/alpine"), "--db", db, "--no-cache", "--exit-code", "7",
                         "--ignorefile", ignore, "--format", "json", *self.insecure_open())
        self.assertEqual(r.code, 7, r.err)
        img = r.json()["images"][0]
        self.assertEqual(img["findings"], left)
        self.assertEqual(img["findings_filtered"], len(local_all) - left)
        self.assertIn(self.open_ref("hs/alpine:3.20") + ": " + ignore + ": line %d: ignore rule for %s expired on 2001-01-01"
                      % (len(ids), ids[0]), r.err)
        with open(ignore, "w") as f:
            for i in ids:
                f.write(i + "\n")
        r = self.run_cli("registry", "scan", self.open_ref("hs/alpine"), "--db", db, "--no-cache", "--exit-code", "7",
                         "--ignorefile", ignore, *self.insecure_open())
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("findings=0 ", r.out)
        self.assertIn(" filtered=%d " % len(local_all), r.out)
        r = self.run_cli("registry", "scan", self.open_ref("hs/alpine"), "--db", db, "--severity", "SEVERE",
                         *self.insecure_open())
        self.assertEqual(r.code, 2, r.err)

    # (b) htpasswd basic auth over TLS.
    def tls_ref(self):
        return "127.0.0.1:%d/hs/alpine:3.20" % STATE["tls"]

    def test_tls_basic_auth(self):
        r = self.sbom(self.tls_ref(), "--ca-cert", STATE["certs"]["ca"], "--username", USER, "--password", PASSWORD)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.comparable(r.json()), self.comparable(self.local("alpine-base")))

    def test_tls_password_stdin_and_env(self):
        e = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", XDG_CACHE_HOME=self.path("xdg"), TMPDIR=self.tmp)
        p = subprocess.run([BIN, "sbom", self.tls_ref(), "--format", "json", "--no-cache", "--ca-cert",
                            STATE["certs"]["ca"], "--username", USER, "--password-stdin"],
                           input=PASSWORD + "\n", capture_output=True, text=True, env=e, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        r = self.sbom(self.tls_ref(), "--ca-cert", STATE["certs"]["ca"],
                      env={"HULLSCAN_REGISTRY_USERNAME": USER, "HULLSCAN_REGISTRY_PASSWORD": PASSWORD})
        self.assertEqual(r.code, 0, r.err)

    def test_tls_docker_config(self):
        cfg = self.path("dockercfg")
        os.makedirs(cfg)
        with open(os.path.join(cfg, "config.json"), "w") as f:
            json.dump({"auths": {"127.0.0.1:%d" % STATE["tls"]: {
                "auth": base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()}}}, f)
        r = self.sbom(self.tls_ref(), "--ca-cert", STATE["certs"]["ca"], env={"DOCKER_CONFIG": cfg})
        self.assertEqual(r.code, 0, r.err)

    def cred_helper(self, store):
        """A docker-credential-hstest on PATH and a DOCKER_CONFIG naming it (credsStore or credHelpers)."""
        bindir = self.path("bin")
        os.makedirs(bindir)
        helper = os.path.join(bindir, "docker-credential-hstest")
        with open(helper, "w") as f:
            f.write("#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\necho \"$server\" >> %s\n"
                    "printf '{\"ServerURL\":\"%%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$server\"\n"
                    % (self.path("helper.log"), USER, PASSWORD))
        os.chmod(helper, 0o755)
        cfg = self.path("dockercfg")
        os.makedirs(cfg)
        host = "127.0.0.1:%d" % STATE["tls"]
        conf = {"credsStore": "hstest"} if store else {"credHelpers": {host: "hstest"}}
        with open(os.path.join(cfg, "config.json"), "w") as f:
            json.dump(conf, f)
        return {"DOCKER_CONFIG": cfg, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}

    def test_tls_credential_helpers(self):
        for store in (False, True):
            with self.subTest(credsStore=store):
                env = self.cred_helper(store)
                r = self.sbom(self.tls_ref(), "--ca-cert", STATE["certs"]["ca"], env=env)
                self.assertEqual(r.code, 0, r.err)
                with open(self.path("helper.log")) as f:
                    self.assertEqual(f.read().split(), ["127.0.0.1:%d" % STATE["tls"]])
                self.assertNotIn(PASSWORD, r.err + r.out)
                shutil.rmtree(self.path("bin"))
                shutil.rmtree(self.path("dockercfg"))
                os.remove(self.path("helper.log"))

    def test_tls_bad_password(self):
        r = self.sbom(self.tls_ref(), "--ca-cert", STATE["certs"]["ca"], "--username", USER, "--password",
                      WRONG_PASSWORD)
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("repository 'hs/alpine'", r.err)
        self.assertIn("authentication failed (HTTP 401", r.err)
        self.assertNotIn(WRONG_PASSWORD, r.err + r.out)
        self.assertNotIn(base64.b64encode(("%s:%s" % (USER, WRONG_PASSWORD)).encode()).decode(), r.err + r.out)

    def test_tls_no_credentials(self):
        r = self.sbom(self.tls_ref(), "--ca-cert", STATE["certs"]["ca"], env={"DOCKER_CONFIG": self.path("none")})
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("none was given", r.err)

    def test_tls_untrusted_without_ca(self):
        r = self.sbom(self.tls_ref(), "--username", USER, "--password", PASSWORD)
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("certificate", r.err.lower())
        self.assertNotIn(PASSWORD, r.err)
        # --insecure-registry names the host: verification off, credentials still work.
        r = self.sbom(self.tls_ref(), "--username", USER, "--password", PASSWORD, "--insecure-registry",
                      "127.0.0.1:%d" % STATE["tls"])
        self.assertEqual(r.code, 0, r.err)

    # (c) token auth.
    def token_ref(self):
        return "127.0.0.1:%d/hs/alpine:3.20" % STATE["token"]

    def test_token_auth(self):
        STATE["token_requests"] = []
        r = self.sbom(self.token_ref(), "--insecure-registry", "127.0.0.1:%d" % STATE["token"],
                      env={"HULLSCAN_REGISTRY_USERNAME": USER, "HULLSCAN_REGISTRY_PASSWORD": PASSWORD})
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.comparable(r.json()), self.comparable(self.local("alpine-base")))
        # One token for the repository's pull scope, reused for the manifest, config and layers.
        self.assertEqual([t["scope"] for t in STATE["token_requests"]], [["repository:hs/alpine:pull"]])

    def test_token_auth_catalog_and_tags(self):
        STATE["token_requests"] = []
        env = {"HULLSCAN_REGISTRY_USERNAME": USER, "HULLSCAN_REGISTRY_PASSWORD": PASSWORD}
        insecure = ("--insecure-registry", "127.0.0.1:%d" % STATE["token"])
        r = self.run_cli("registry", "ls", "127.0.0.1:%d" % STATE["token"], *insecure, env=env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out.split(), ["hs/alpine"])
        self.assertIn(["registry:catalog:*"], [t["scope"] for t in STATE["token_requests"]])
        r = self.run_cli("registry", "ls", "127.0.0.1:%d/hs/alpine" % STATE["token"], *insecure, env=env)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out.split(), ["3.20"])

    def test_token_bad_password(self):
        r = self.sbom(self.token_ref(), "--insecure-registry", "127.0.0.1:%d" % STATE["token"],
                      "--username", USER, "--password", WRONG_PASSWORD)
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("repository 'hs/alpine'", r.err)
        self.assertIn("refused the credentials of user '%s'" % USER, r.err)
        self.assertNotIn(WRONG_PASSWORD, r.err + r.out)

    def test_token_anonymous_refused(self):
        r = self.sbom(self.token_ref(), "--insecure-registry", "127.0.0.1:%d" % STATE["token"],
                      env={"DOCKER_CONFIG": self.path("none")})
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("refused anonymous access", r.err)


# A hostile registry: each path misbehaves in one way.
BIG = 5 << 20


def sha(data):
    import hashlib
    return "sha256:" + hashlib.sha256(data).hexdigest()


def small_tar():
    import io
    import tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        data = b"ID=hostile\n" * 300
        info = tarfile.TarInfo("etc/os-release")
        info.size = len(data)
        info.mtime = 0
        t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


# An uncompressed layer whose diff_id is right but whose blob digest is not the manifest's.
LAYER = small_tar()
CONFIG = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [
    sha(LAYER)]}}).encode()


def manifest_for(layer_digest, layer_size):
    return json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(CONFIG),
                                  "size": len(CONFIG)},
                       "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                                   "digest": layer_digest, "size": layer_size}]}).encode()


class HostileHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, body=b"", ctype="application/json", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        p = self.path
        port = self.server.server_address[1]
        STATE.setdefault("hostile_log", []).append((port, p, self.headers.get("Authorization")))
        STATE.setdefault("hostile_requests", []).append((self.command, p))
        if port == STATE["hostile_other_port"]:
            # The redirect target: a different origin. Serves the (mismatching) blob.
            return self.send(200, LAYER, "application/octet-stream")
        if p == "/v2/":
            if self.headers.get("Authorization") != "Basic " + base64.b64encode(b"u:p").decode():
                return self.send(401, b"{}", headers=[("WWW-Authenticate", 'Basic realm="hostile"')])
            return self.send(200, b"{}")
        if self.headers.get("Authorization") is None:
            return self.send(401, b"{}", headers=[("WWW-Authenticate", 'Basic realm="hostile"')])
        if p.startswith("/v2/pages/tags/list"):
            # Three pages joined by Link rel="next", as distribution/registry paginates.
            from urllib.parse import urlparse, parse_qs
            last = parse_qs(urlparse(p).query).get("last", [""])[0]
            page = {"": 0, "t1": 1, "t2": 2}.get(last, 3)
            body = json.dumps({"name": "pages", "tags": ["t%d" % (page + 1)]}).encode()
            links = [("Link", '</v2/pages/tags/list?last=t%d&n=1>; rel="next"' % (page + 1))] if page < 2 else []
            return self.send(200, body, headers=links)
        if p.startswith("/v2/endless/tags/list"):
            # Never ends: every page links to another one.
            STATE["endless_pages"] = STATE.get("endless_pages", 0) + 1
            n = STATE["endless_pages"]
            return self.send(200, json.dumps({"name": "endless", "tags": ["t%d" % n]}).encode(),
                             headers=[("Link", '</v2/endless/tags/list?last=t%d>; rel="next"' % n)])
        if p == "/v2/busy/manifests/1":
            STATE.setdefault("busy_times", []).append(time.time())
            if len(STATE["busy_times"]) == 1:
                return self.send(429, b'{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}',
                                 headers=[("Retry-After", "1")])
        if p == "/v2/big/manifests/1":
            return self.send(200, b" " * BIG, "application/vnd.oci.image.manifest.v1+json")
        if p.startswith("/v2/") and "/manifests/" in p:
            good = p.startswith("/v2/resume/") or p.startswith("/v2/busy/") or p.startswith("/v2/plain/")
            return self.send(200, manifest_for(sha(LAYER) if good else sha(b"the real layer"), len(LAYER)),
                             "application/vnd.oci.image.manifest.v1+json")
        if p.endswith("/blobs/" + sha(CONFIG)):
            return self.send(200, CONFIG, "application/octet-stream")
        repo = p.split("/")[2]
        if repo in ("mismatch", "busy", "plain"):
            return self.send(200, LAYER, "application/octet-stream")
        if repo == "redirect":
            return self.send(307, b"", headers=[("Location", "http://127.0.0.1:%d/cdn/blob" %
                                                 STATE["hostile_other_port"])])
        if repo == "resume":
            rng = self.headers.get("Range")
            STATE.setdefault("ranges", []).append(rng)
            if rng is None:
                # Half the blob, then the connection drops.
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(LAYER)))
                self.end_headers()
                self.wfile.write(LAYER[:len(LAYER) // 2])
                self.wfile.flush()
                self.close_connection = True
                return None
            start = int(rng[len("bytes="):].rstrip("-"))
            return self.send(206, LAYER[start:], "application/octet-stream",
                             headers=[("Content-Range", "bytes %d-%d/%d" % (start, len(LAYER) - 1, len(LAYER)))])
        if repo == "loop":
            return self.send(302, b"", headers=[("Location", p)])
        if repo == "slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(LAYER)))
            self.end_headers()
            try:
                for i in range(len(LAYER)):
                    self.wfile.write(LAYER[i:i + 1])
                    self.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass
            return None
        return self.send(404, b'{"errors":[{"code":"NAME_UNKNOWN","message":"no"}]}')

    # This server never sends Docker-Content-Digest (the header is optional in the distribution
    # spec): HEAD answers like GET, without a body.
    do_HEAD = do_GET


class HostileTest(CliTest):
    @classmethod
    def setUpClass(cls):
        if "skip" in STATE:
            return
        servers = []
        for key in ("hostile_port", "hostile_other_port"):
            s = QuietServer(("127.0.0.1", 0), HostileHandler)
            STATE[key] = s.server_address[1]
            threading.Thread(target=s.serve_forever, daemon=True).start()
            servers.append(s)
        STATE.setdefault("hostile_servers", []).extend(servers)

    def setUp(self):
        super().setUp()
        if "skip" in STATE:
            self.skipTest(STATE["skip"])
        STATE["hostile_log"] = []

    def pull(self, repo, timeout=120):
        start = time.time()
        r = self.run_cli("sbom", "127.0.0.1:%d/%s:1" % (STATE["hostile_port"], repo), "--format", "json",
                         "--no-cache", "--insecure-registry", "127.0.0.1:%d" % STATE["hostile_port"],
                         "--username", "u", "--password", "p", timeout=timeout)
        return r, time.time() - start

    def test_manifest_over_limit(self):
        r, secs = self.pull("big")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("manifest '1'", r.err)
        self.assertIn("over the limit of 4194304", r.err)
        self.assertLess(secs, 30)

    def test_blob_digest_mismatch(self):
        r, _ = self.pull("mismatch")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("digest mismatch", r.err)

    def test_redirect_to_other_port_gets_no_credentials(self):
        r, _ = self.pull("redirect")
        other = [e for e in STATE["hostile_log"] if e[0] == STATE["hostile_other_port"]]
        self.assertEqual(len(other), 1, STATE["hostile_log"])
        self.assertIsNone(other[0][2], "credentials were sent to another origin")
        # The blob served there does not match: the pull fails on the digest.
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("digest mismatch", r.err)

    def test_dropped_connection_resumes_with_range(self):
        STATE["ranges"] = []
        r, _ = self.pull("resume")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(STATE["ranges"], [None, "bytes=%d-" % (len(LAYER) // 2)])

    def test_head_without_digest_header_falls_back_to_get(self):
        cache = self.path("cache")
        ref = "127.0.0.1:%d/plain:1" % STATE["hostile_port"]
        args = ("sbom", ref, "--format", "json", "--cache-dir", cache, "--insecure-registry",
                "127.0.0.1:%d" % STATE["hostile_port"], "--username", "u", "--password", "p")
        first = self.run_cli(*args)
        self.assertEqual(first.code, 0, first.err)
        STATE["hostile_requests"] = []
        again = self.run_cli(*args)
        self.assertEqual(again.code, 0, again.err)
        self.assertEqual(again.json()["packages"], first.json()["packages"])
        got = [r for r in STATE["hostile_requests"] if r[1] != "/v2/"]
        # The HEAD gives no digest to compare with the cached one: the manifest is read again
        # (and its digest computed); the layer comes from the layer cache, not the network.
        self.assertEqual(got, [("HEAD", "/v2/plain/manifests/1"), ("GET", "/v2/plain/manifests/1")])

    def test_endless_redirects(self):
        r, secs = self.pull("loop")
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("more than 5 redirects", r.err)
        self.assertLess(secs, 30)

    def ls(self, repo, timeout=300):
        start = time.time()
        r = self.run_cli("registry", "ls", "127.0.0.1:%d/%s" % (STATE["hostile_port"], repo), "--insecure-registry",
                         "127.0.0.1:%d" % STATE["hostile_port"], "--username", "u", "--password", "p", timeout=timeout)
        return r, time.time() - start

    def test_tag_list_pages_follow_link(self):
        r, _ = self.ls("pages")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(r.out.split(), ["t1", "t2", "t3"])

    def test_tag_list_that_never_ends(self):
        STATE["endless_pages"] = 0
        r, secs = self.ls("endless")
        self.assertEqual(r.code, 3, r.err)
        self.assertIn("repository 'endless': tag list: more than 1000 pages", r.err)
        self.assertEqual(STATE["endless_pages"], 1000)
        self.assertLess(secs, 120)

    def test_429_retry_after_is_honoured(self):
        STATE["busy_times"] = []
        r, _ = self.pull("busy")
        self.assertEqual(r.code, 0, r.err)
        t = STATE["busy_times"]
        self.assertEqual(len(t), 2, t)
        self.assertGreaterEqual(t[1] - t[0], 0.95)
        self.assertLess(t[1] - t[0], 5)

    def test_slow_loris(self):
        r, secs = self.pull("slow", timeout=300)
        self.assertEqual(r.code, 5, r.err)
        self.assertIn("timed out", r.err)
        self.assertLess(secs, 90)


if __name__ == "__main__":
    main()
