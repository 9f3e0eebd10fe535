"""The command line's bad input: one line on stderr, a non-zero exit."""
import os
import subprocess
import sys
import tempfile
import unittest

from . import HAVE_SKLEARN

MAIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "main.py")


@unittest.skipUnless(HAVE_SKLEARN, "main.py needs scikit-learn (scripts/baselines/env makes its venv)")
class MainTests(unittest.TestCase):
    def run_main(self, *args):
        return subprocess.run([sys.executable, MAIN, *args], capture_output=True, text=True)

    def test_bad_input_is_one_line(self):
        with tempfile.TemporaryDirectory() as work:
            os.makedirs(os.path.join(work, "broken"))
            for split in ("train.tsv", "test.tsv"):
                with open(os.path.join(work, "broken", split), "w") as f:
                    f.write("a line without a tab\n")
            cases = [
                (["--datasets", "nope", "--data-root", work], "no data set nope"),
                (["--datasets", "broken", "--data-root", work, "--out", work], "expected label<TAB>text"),
                (["--baselines", "svm", "--data-root", work], "unknown baselines"),
            ]
            for args, needle in cases:
                r = self.run_main(*args)
                self.assertNotEqual(r.returncode, 0, args)
                last = r.stderr.strip().splitlines()
                self.assertIn(needle, r.stderr, args)
                self.assertNotIn("Traceback", r.stderr, args)
                self.assertLessEqual(len([l for l in last if not l.startswith("usage:") and not l.startswith("  ")]), 2, r.stderr)


if __name__ == "__main__":
    unittest.main()
