"""fastText on a synthetic set: the dev grid, full and size-bounded
quantization, and the records a data set gives. Needs fastText."""
import contextlib
import io
import os
import tempfile
import unittest

from . import HAVE_FASTTEXT
from .synthetic import write_dataset


@unittest.skipUnless(HAVE_FASTTEXT, "needs fastText (scripts/baselines/env makes its venv)")
class FastTextTests(unittest.TestCase):
    def test_normalization_splits_punctuation_and_lowers(self):
        import fasttext_model as fm
        self.assertEqual(fm.lower_punct("Great, (really)!").split(), ["great", ",", "(", "really", ")", "!"])

    def test_records_of_a_small_data_set(self):
        import suite
        from splits import Splits
        with tempfile.TemporaryDirectory() as work:
            data = os.path.join(work, "tiny")
            write_dataset(data)
            # Few buckets and a small budget: the same paths, seconds instead of minutes.
            ctx = suite.Context(Splits(data), os.path.join(work, "models"), min_time=0.002, rounds=1, command="test",
                                fasttext_overrides={"bucket": 2000}, size_budget=80_000)
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                records = suite.fasttext_records(ctx, progress=lambda m: None)
            self.assertEqual([r["name"] for r in records], ["fastText full", "fastText <= 80 KB"])
            full, small = records
            self.assertGreater(full["test"], 0.9)
            self.assertEqual(len(full["selection"]), 8)  # the whole dev grid, each with its dev figure
            self.assertLessEqual(small["bytes"], 80_000)
            self.assertLess(small["cutoff"], 2000)  # the budget cut rows
            self.assertGreater(full["bytes"], 80_000)
            self.assertEqual(full["bytes"], os.path.getsize(os.path.join(work, "models", "fasttext-full.ftz")))
            for r in records:
                self.assertGreater(r["medianLatencyNs"], 0)
                self.assertEqual(r["latency"]["median"]["p50Ns"],
                                 max(1, r["latency"]["median"]["grossP50Ns"] - r["latency"]["median"]["overheadP50Ns"]))
                self.assertEqual(r["command"], "test")
                self.assertIn("cpu", r["machine"])
