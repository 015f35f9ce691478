"""`hullscan version compare`: single pairs, --batch, errors and exit codes."""
from harness import CliTest, main
import subprocess
import os


class VersionCli(CliTest):
    def test_single_pairs(self):
        for scheme, a, b, want in (("dpkg", "1:1.0", "2.0", ">"), ("dpkg", "1.0~rc1", "1.0", "<"),
                                   ("rpm", "1.0^git1", "1.0", ">"), ("apk", "1.2.3_rc1-r0", "1.2.3-r0", "<"),
                                   ("pep440", "1.0", "1.0.0", "="), ("semver", "1.0.0-alpha", "1.0.0", "<"),
                                   ("go", "v1.2.3+incompatible", "v1.2.3", "="), ("nuget", "1.0", "1.0.0.0", "=")):
            r = self.run_cli("version", "compare", "--scheme", scheme, a, b)
            self.assertEqual((r.code, r.out), (0, want + "\n"), (scheme, a, b, r.err))

    def test_unparsable_is_error_exit_3(self):
        r = self.run_cli("version", "compare", "--scheme", "semver", "1.2", "1.3.0")
        self.assertEqual(r.code, 3)
        self.assertIn("semver version '1.2'", r.err)

    def test_unknown_scheme_is_usage(self):
        r = self.run_cli("version", "compare", "--scheme", "nope", "1", "2")
        self.assertEqual(r.code, 2)

    def test_batch_keeps_order_and_flags_errors(self):
        lines = "dpkg\t1.0\t1.0-0\nbogus\t1\t2\npep440\t1.0a1\t1.0\nsemver\tx\t1.0.0\nrpm\t2\t10\n"
        p = subprocess.run([os.environ["HULLSCAN_BIN"], "version", "compare", "--batch"], input=lines,
                           capture_output=True, text=True)
        out = p.stdout.splitlines()
        self.assertEqual(p.returncode, 3)
        self.assertEqual(out[0], "=")
        self.assertTrue(out[1].startswith("error: "))
        self.assertEqual(out[2], "<")
        self.assertTrue(out[3].startswith("error: "))
        self.assertEqual(out[4], "<")
        self.assertEqual(len(out), 5)


if __name__ == "__main__":
    main()
