"""Tern's splits reproduced: the reader, the label order, SplitMix64 and
the dev hold-out, the timed texts by Tern's rule."""
import os
import tempfile
import unittest

import splits
from .synthetic import write_dataset


class SplitTests(unittest.TestCase):
    def test_splitmix64_matches_the_published_sequence(self):
        g = splits.SplitMix64(0)  # the reference implementation's first outputs for seed 0
        self.assertEqual([g.next() for _ in range(3)], [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F])

    def test_hold_out_is_seeded_and_takes_ten_percent(self):
        rows = [(str(i % 2), f"text {i}") for i in range(101)]
        train, dev = splits.hold_out(rows, seed=1)
        self.assertEqual((len(train), len(dev)), (91, 10))
        self.assertEqual(sorted(train + dev), sorted(rows))
        self.assertEqual(splits.hold_out(rows, seed=1), (train, dev))
        self.assertNotEqual(splits.hold_out(rows, seed=2)[1], dev)

    def test_reader_splits_on_lf_only_and_skips_empty_lines(self):
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "x.tsv")
            with open(path, "wb") as f:
                f.write("1\tone\u0085two\r\n\n0\tthree\n".encode())
            self.assertEqual(splits.read_tsv(path), [("1", "one\u0085two"), ("0", "three")])
            with open(path, "w") as f:
                f.write("no tab here\n")
            with self.assertRaisesRegex(ValueError, "x.tsv:1: expected label<TAB>text"):
                splits.read_tsv(path)

    def test_labels_sort_numerically_when_integers(self):
        self.assertEqual(splits.label_order(["10", "2", "1"]), ["1", "2", "10"])
        self.assertEqual(splits.label_order(["NUM", "ABBR"]), ["ABBR", "NUM"])

    def test_missing_dev_is_held_out_and_said(self):
        with tempfile.TemporaryDirectory() as work:
            write_dataset(work, dev=False)
            s = splits.Splits(work)
            self.assertEqual((len(s.train), len(s.dev), len(s.test)), (180, 20, 60))
            self.assertIn("held out", s.dev_source)
            write_dataset(work, dev=True)
            self.assertEqual(splits.Splits(work).dev_source, "dev.tsv")

    def test_length_texts_follow_terns_rule(self):
        texts = ["a b c", "a", "a b", "a b c d", "a\u00a0b"]  # NBSP separates words, as Unicode's White_Space
        median, p95, mw, pw = splits.length_texts(texts)
        self.assertEqual((mw, pw), (2, 4))
        # by (words, index): a, "a b", "a\u00a0b", ...; the median is the third of five
        self.assertEqual((median, p95), ("a\u00a0b", "a b c d"))
        self.assertEqual(splits.word_count("  x\ty\u3000z "), 3)
