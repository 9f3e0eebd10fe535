"""scripts/decontaminate: what it drops from a transfer source, and what it keeps."""
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "decontaminate")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "baselines"))
from splits import hold_out  # noqa: E402


def write(folder, split, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, split), "w", encoding="utf-8") as f:
        f.writelines(f"{label}\t{text}\n" for label, text in rows)


def texts(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t", 1)[1] for line in f if line.strip()]


class DecontaminateTests(unittest.TestCase):
    def run_script(self, *args):
        return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)

    def test_drops_judged_texts_and_texts_holding_them(self):
        with tempfile.TemporaryDirectory() as work:
            target, other, source, out = (os.path.join(work, n) for n in ("target", "other", "source", "out"))
            write(target, "train.tsv", [("0", "a training sentence")])
            write(target, "test.tsv", [("1", "a fine and moving film"), ("0", "dull")])
            write(target, "dev.tsv", [("1", "the dev sentence here now")])
            write(other, "train.tsv", [("0", "x")])
            write(other, "test.tsv", [("2", "a second target's test text")])
            write(source, "train.tsv", [
                ("1", "A Fine  and moving film"),                       # the test text, case and spaces aside
                ("1", "truly a fine and moving film , i say"),          # holds it (5 words)
                ("0", "dull"),                                          # a one-word test text, whole
                ("0", "so dull"),                                       # holds a text under 4 words: kept
                ("1", "fine and moving film"),                          # 4 words inside the test text
                ("1", "the dev sentence here now and more"),            # holds the dev text
                ("1", "a second target's test text"),                   # the second target's
                ("0", "a training sentence"),                           # target train texts are no concern
            ])
            write(source, "dev.tsv", [("1", "a fine and moving film"), ("0", "clean dev")])
            write(source, "test.tsv", [("0", "copied as it is")])
            r = self.run_script(source, f"{target},{other}", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(texts(os.path.join(out, "train.tsv")), ["so dull", "a training sentence"])
            self.assertEqual(texts(os.path.join(out, "dev.tsv")), ["clean dev"])
            self.assertEqual(texts(os.path.join(out, "test.tsv")), ["copied as it is"])
            self.assertIn("kept 2 of 8", r.stdout)

            r = self.run_script(source, target, out, "--drop-dev")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertFalse(os.path.exists(os.path.join(out, "dev.tsv")))
            self.assertIn("a second target's test text", texts(os.path.join(out, "train.tsv")))

    def test_a_target_without_dev_judges_on_its_seeded_hold_out(self):
        with tempfile.TemporaryDirectory() as work:
            target, source, out = (os.path.join(work, n) for n in ("target", "source", "out"))
            train = [(str(i % 2), f"target train sentence {chr(97 + i % 26)}{chr(97 + i // 26)} of forty") for i in range(40)]
            write(target, "train.tsv", train)
            write(target, "test.tsv", [("1", "t")])
            write(source, "train.tsv", train)
            r = self.run_script(source, target, out, "--seed", "3")
            self.assertEqual(r.returncode, 0, r.stderr)
            held = {text for _, text in hold_out(train, 3)[1]}
            self.assertEqual(len(held), 4)
            self.assertEqual(set(texts(os.path.join(out, "train.tsv"))), {t for _, t in train} - held)

    def test_bad_input_is_one_line(self):
        with tempfile.TemporaryDirectory() as work:
            target, source = os.path.join(work, "target"), os.path.join(work, "source")
            write(target, "train.tsv", [("0", "x")])
            write(target, "test.tsv", [("0", "x")])
            os.makedirs(source)
            with open(os.path.join(source, "train.tsv"), "w") as f:
                f.write("no tab on this line\n")
            for args, needle in (([source, os.path.join(work, "none"), os.path.join(work, "o")], "no test.tsv"),
                                 ([source, target, os.path.join(work, "o")], "expected label<TAB>text")):
                r = self.run_script(*args)
                self.assertNotEqual(r.returncode, 0)
                self.assertIn(needle, r.stderr)
                self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)


if __name__ == "__main__":
    unittest.main()
