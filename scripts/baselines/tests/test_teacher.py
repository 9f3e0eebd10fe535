"""scripts/baselines/teacher.py: the logits table tern train --teacher reads,
fit on train alone (the student's dev held out), every train and unlabeled
text listed once, log-probabilities in Tern's label order."""
import math
import os
import subprocess
import sys
import tempfile
import unittest

from . import HAVE_SKLEARN
from .synthetic import write_dataset

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "teacher.py")


def read_table(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[-1] == ""
    header, rows = lines[0], lines[1:-1]
    return header, [(list(map(float, z.split(","))), text) for z, text in (r.split("\t", 1) for r in rows)]


@unittest.skipUnless(HAVE_SKLEARN, "needs numpy, scipy and scikit-learn (scripts/baselines/env makes their venv)")
class TeacherTests(unittest.TestCase):
    def run_teacher(self, *args):
        return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)

    def test_table_lists_train_and_unlabeled_texts_with_log_probabilities(self):
        import splits
        with tempfile.TemporaryDirectory() as work:
            data = os.path.join(work, "set")
            write_dataset(data, dev=False, classes=("0", "1", "2"))
            unlabeled = os.path.join(work, "unlabeled.txt")
            with open(unlabeled, "wb") as f:
                f.write("a great superb film\r\n\n  \nwhen and where\u0085it was\n".encode())
            table = os.path.join(work, "teacher.tsv")
            r = self.run_teacher(data, "--out", table, "--seed", "3", "--unlabeled", unlabeled)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("dev", r.stderr)
            header, rows = read_table(table)
            self.assertEqual(header, "#labels\t0,1,2")
            train, dev = splits.hold_out(splits.read_tsv(os.path.join(data, "train.tsv")), 3)
            texts = [text for _, text in rows]
            self.assertEqual(len(texts), len(set(texts)))
            self.assertEqual(set(texts), {t for _, t in train} | {"a great superb film", "when and where\u0085it was"})
            self.assertFalse({t for _, t in dev} - {t for _, t in train} & set(texts))
            for z, text in rows:
                self.assertAlmostEqual(sum(math.exp(v) for v in z), 1.0, places=4)
            z = dict((text, z) for z, text in rows)
            self.assertEqual(max(range(3), key=lambda i: z["a great superb film"][i]), 1)
            self.assertEqual(max(range(3), key=lambda i: z["when and where\u0085it was"][i]), 2)

    def test_refuses_an_out_file_tern_would_not_read_as_a_table(self):
        with tempfile.TemporaryDirectory() as work:
            write_dataset(os.path.join(work, "set"))
            r = self.run_teacher(os.path.join(work, "set"), "--out", os.path.join(work, "teacher.txt"))
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("--out must end in .tsv", r.stderr)
            r = self.run_teacher(os.path.join(work, "none"), "--out", os.path.join(work, "t.tsv"))
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(len(r.stderr.strip().split("\n")), 1, r.stderr)

    def test_cross_fit_labels_each_train_text_by_a_regression_that_never_saw_it(self):
        # A text whose words all say "1" but whose label is "0" and whose own
        # word is seen nowhere else: a regression fit on it (a large C)
        # memorizes it; one fit on the other folds reads its words.
        with tempfile.TemporaryDirectory() as work:
            data = os.path.join(work, "set")
            write_dataset(data)
            with open(os.path.join(data, "train.tsv"), "a") as f:
                f.write("0\tgreat superb lovely zqxj\n")
            odd = "great superb lovely zqxj"
            tables = {}
            for k in ("1", "5"):
                table = os.path.join(work, f"t{k}.tsv")
                r = self.run_teacher(data, "--out", table, "--C", "1000", "--cross-fit", k)
                self.assertEqual(r.returncode, 0, r.stderr)
                tables[k] = dict((text, z) for z, text in read_table(table)[1])
            self.assertEqual(tables["1"].keys(), tables["5"].keys())
            self.assertGreater(tables["1"][odd][0], tables["1"][odd][1])
            self.assertGreater(tables["5"][odd][1], tables["5"][odd][0])
            for z in tables["5"].values():
                self.assertAlmostEqual(sum(math.exp(v) for v in z), 1.0, places=4)
            r = self.run_teacher(data, "--out", os.path.join(work, "t.tsv"), "--cross-fit", "0")
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("--cross-fit must be at least 1", r.stderr)
            r = self.run_teacher(data, "--out", os.path.join(work, "t.tsv"), "--cross-fit", "100000")
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(r.stderr.strip(), "teacher: --cross-fit 100000 is more folds than the 201 train texts")
