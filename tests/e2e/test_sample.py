"""The project's own sample image (scripts/make-sample-image.sh, real Debian packages): the
inventory equals its ground truth with the right layers, in both forms, and the second scan is
served from the layer cache."""
import csv
import os

from harness import SAMPLE, SHARED, CliTest, main


class Sample(CliTest):
    def setUp(self):
        super().setUp()
        self.require(SAMPLE and os.path.join(SAMPLE, "sample.expected.tsv"), "sample image (scripts/make-sample-image.sh)")

    def expected(self):
        with open(os.path.join(SAMPLE, "sample.expected.tsv"), newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        return {(r["name"], r["version"], r["arch"], r["source"], r["source_version"], int(r["layer"])) for r in rows}

    def test_inventory_matches_ground_truth_in_both_forms(self):
        want = self.expected()
        outputs = []
        for ref in ("oci:%s/sample.oci:latest" % SAMPLE, "docker-archive:%s/sample.docker.tar" % SAMPLE):
            r = self.run_cli("sbom", ref, "--format", "json", "--cache-dir", self.cache)
            self.assertEqual(r.code, 0, r.err)
            doc = r.json()
            got = {(p["name"], p["version"], p["arch"], p["source_name"], p["source_version"], p["layer_index"])
                   for p in doc["packages"]}
            self.assertEqual(got, want, ref)
            self.assertEqual(doc["image"]["os"]["id"], "debian")
            outputs.append([p for p in doc["packages"]])
        self.assertEqual(outputs[0], outputs[1])

    def test_scan_table(self):
        self.require(SHARED and os.path.join(SHARED, "feeds/debian"), "shared feeds")
        db = self.path("advisories.db")
        r = self.run_cli("db", "import", "--db", db, os.path.join(SHARED, "feeds/debian/security-tracker-data/DSA/list"))
        self.assertEqual(r.code, 0, r.err)
        r = self.run_cli("scan", "oci:%s/sample.oci:latest" % SAMPLE, "--cache-dir", self.cache, "--db", db)
        self.assertEqual(r.code, 0, r.err)
        # Bookworm packages; the shipped DSA list predates bookworm's first advisory.
        self.assertIn("No vulnerabilities found", r.out)
        self.assertIn("debian-dsa-list:DSA/list", r.out)

    def test_history(self):
        r = self.run_cli("history", "docker-archive:%s/sample.docker.tar" % SAMPLE, "--cache-dir", self.cache)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("ENV LANG=C.UTF-8", r.out)
        self.assertIn("0B", r.out)


if __name__ == "__main__":
    main()
