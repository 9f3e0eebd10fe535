"""baselines.json and baselines.md: records merged by data set, the Markdown
from the JSON's fields alone, the committed Markdown rebuilt from the
committed JSON byte for byte."""
import json
import os
import tempfile
import unittest

import report

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")


def record(dataset, name, kind="baseline", test=0.8, metric="accuracy"):
    return {"dataset": dataset, "kind": kind, "name": name, "configuration": "c", "metric": metric, "test": test,
            "dev": 0.79, "bytes": 150000, "bytesWhat": "file", "medianWords": 7, "p95Words": 13,
            "medianLatencyNs": 2500, "p95LatencyNs": 3100, "latencyWhat": "w", "trainingSeconds": 3.2,
            "machine": {"cpu": "Test CPU", "cores": 2}, "date": "today", "command": "test"}


class ReportTests(unittest.TestCase):
    def test_merge_replaces_the_records_made_and_keeps_the_rest(self):
        old = [record("mr", "fastText full"), record("trec", "fastText full"), record("mr", "PRADO (shipped)", "tern-shipped")]
        fresh = [record("trec", "fastText full", test=0.9)]
        merged = report.merge(old, fresh, replace_tern=False)
        self.assertEqual([(r["dataset"], r["name"], r["test"]) for r in merged],
                         [("trec", "fastText full", 0.9), ("mr", "PRADO (shipped)", 0.8), ("mr", "fastText full", 0.8)])
        self.assertEqual(len(report.merge(old, [], replace_tern=True)), 2)
        # Another baseline of the same data set stays.
        self.assertEqual(len(report.merge(old, [record("mr", "NBSVM")], replace_tern=False)), 4)

    def test_markdown_has_a_summary_and_a_table_per_data_set(self):
        rows = [record("tweeteval_offensive", "fastText full", metric="macro-f1", test=0.71),
                record("tweeteval_offensive", "PRADO (shipped)", "tern-shipped", metric="macro-f1", test=0.69)]
        text = report.markdown({"command": "test", "versions": {"fasttext": "0.9.3"}, "records": rows})
        self.assertIn("| tweeteval_offensive | macro-f1 | PRADO (shipped): 0.6900, 150 KB, 2.5 us | 0.7100, 150 KB, 2.5 us |", text)
        self.assertIn("| fastText full | c | 0.7100 | 0.7900 | 150000 (150 KB) | 2.5 | 3.1 | 3.2 s | Test CPU |", text)
        self.assertIn("Machine: Test CPU, 2 cores", text)

    def test_write_then_read_back_gives_the_same_markdown(self):
        with tempfile.TemporaryDirectory() as out:
            result = {"command": "test", "versions": {}, "records": [record("mr", "NBSVM"), record("mr", "fastText full")]}
            text = report.write(result, out)
            with open(os.path.join(out, "baselines.json")) as f:
                self.assertEqual(report.markdown(json.load(f)), text)
            self.assertFalse(os.path.exists(os.path.join(out, "baselines.json.tmp")))

    def test_committed_markdown_comes_from_the_committed_json(self):
        path = os.path.join(ROOT, "Results", "sweep", "baselines.json")
        if not os.path.exists(path):
            self.skipTest("no Results/sweep/baselines.json yet")
        with open(path) as f:
            committed = json.load(f)
        with open(os.path.join(ROOT, "Results", "sweep", "baselines.md")) as f:
            self.assertEqual(f.read(), report.markdown(committed) + "\n")
