"""Shared helpers of the end-to-end tests: run the real hullscan binary, temp dirs, skips."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("HULLSCAN_BIN", "")
SHARED = os.environ.get("HULLSCAN_SHARED_DIR", "")
IMAGES = os.environ.get("HULLSCAN_TEST_IMAGES", "")
SAMPLE = os.environ.get("HULLSCAN_SAMPLE_DIR", "")


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)


class CliTest(unittest.TestCase):
    def setUp(self):
        if not BIN or not os.path.exists(BIN):
            self.fail("HULLSCAN_BIN does not name the hullscan binary: %r" % BIN)
        self.tmp = tempfile.mkdtemp(prefix="hullscan-e2e-")
        self.cache = os.path.join(self.tmp, "cache")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_cli(self, *args, env=None, timeout=600):
        e = dict(os.environ)
        e["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01T00:00:00Z
        e["XDG_CACHE_HOME"] = os.path.join(self.tmp, "xdg")
        e["TMPDIR"] = self.tmp
        if env:
            e.update(env)
        p = subprocess.run([BIN] + list(args), capture_output=True, text=True, errors="replace", env=e, timeout=timeout)
        return Run(p)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def require(self, path, what):
        if not path or not os.path.exists(path):
            self.skipTest("SKIPPED: missing %s: %s" % (what, path or "(not set)"))


def main():
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(sys.modules["__main__"])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed, %d skipped" % (passed, failed, len(result.skipped)))
    sys.exit(0 if failed == 0 else 1)
