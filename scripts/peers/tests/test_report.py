"""The report: peers.md is made from peers.json's fields alone, so every
committed Results/peers/**/peers.md (one set per CPU) must come back byte for
byte from the peers.json beside it. Needs no numpy.
"""
import json
import os
import unittest

import report

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Results", "peers")


class ReportTests(unittest.TestCase):
    def test_committed_markdown_rebuilds_from_committed_json(self):
        folders = [root for root, _, files in os.walk(RESULTS) if "peers.json" in files]
        self.assertGreaterEqual(len(folders), 2)  # the Intel set and at least one other CPU's
        for folder in folders:
            with open(os.path.join(folder, "peers.json")) as f:
                results = json.load(f)
            with open(os.path.join(folder, "peers.md"), "rb") as f:
                committed = f.read()
            rebuilt = (report.markdown(results, results["command"]) + "\n").encode()
            self.assertEqual(rebuilt, committed, folder)

    def test_overheads_list_onnx_runtime_first_whatever_the_order_read(self):
        results = {"overhead": {"litert": {"timings": {"1": {"p50": 700}}}, "ort": {"timings": {"1": {"p50": 4800}}}},
                   "cases": [], "machine": {"cpu": "c", "cores": 2, "isaActive": "i", "gitCommit": "0", "date": "d"},
                   "tern_command": "t", "versions": {}, "threads": [1]}
        lines = report.markdown(results, "c").split("\n")
        rows = [line for line in lines if "(empty graph, one thread)" in line]
        self.assertEqual(rows, ["| ort (empty graph, one thread) | 4.8 |", "| litert (empty graph, one thread) | 0.7 |"])
