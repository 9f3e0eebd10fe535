"""The whole script short of bench: a synthetic export (seeded cases, Tern's
outputs computed by the contract) through the suite, one timing round and the
report. Needs the peers; skipped without them.
"""
import contextlib
import io
import json
import os
import tempfile
import unittest

import numpy as np

import contract
import report
import suite
import timing
from . import HAVE_PEERS
from .seeded import small_case, small_pqrnn


def export(folder):
    """What `bench peers --export` writes, for two kernel cases and a fo-pooling."""
    cases, tern = [], []

    def save(case, **arrays):
        case["files"] = {}
        for key, value in arrays.items():
            name = f"{case['id']}.{key}.bin"
            value.tofile(os.path.join(folder, name))
            case["files"][key] = name
        cases.append(case)
        for threads in (1, 2):
            tern.append({"caseID": case["id"], "variant": "scalar_ref", "threads": threads, "exact": True,
                         "stats": {"p50": 1000.0 * threads}})

    for case, x, w, bias in (small_case("dense", seed=1), small_case("conv1d", width=3, seed=2)):
        save(case, x=x, w=w, bias=bias, reference=contract.contract_output(case, x, w, bias))
    rng = np.random.default_rng(3)
    pool = {"id": "test_pool", "kind": "qrnn_pool", "rows": 12, "inputs": 15, "outputs": 5, "width": 1,
            "outputScale": 1 / 127, "outputZeroPoint": 0,
            "gates": [{"scale": 0.03, "zeroPoint": 2}, {"scale": 0.04, "zeroPoint": -5}, {"scale": 0.035, "zeroPoint": 1}]}
    x = rng.integers(-128, 128, (12, 15), dtype=np.int16).astype(np.int8)
    save(pool, x=x, reference=contract.pooling_output(pool, x))
    # A whole pQRNN: its layers as files, one projected input, Tern's logits from the contract.
    model, layers, x = small_pqrnn(seed=4)
    model["layers"] = []
    for name, (layer, w, bias, q) in layers.items():
        w.tofile(os.path.join(folder, name + ".w.bin"))
        bias.tofile(os.path.join(folder, name + ".bias.bin"))
        model["layers"].append(dict(layer, taps=[True] * layer["width"], quantization=q,
                                    weightsFile=name + ".w.bin", biasFile=name + ".bias.bin"))
    x.tofile(os.path.join(folder, "pqrnn.input.bin"))
    model["inputs"] = [{"rows": x.shape[0], "featuresFile": "pqrnn.input.bin",
                        "ternLogits": [int(v) for v in contract.pqrnn_logits(model, layers, x)],
                        "tern": [{"caseID": "test-pqrnn_T9", "variant": "tern engine", "threads": th, "exact": True,
                                  "stats": {"p50": 1000.0 * th}} for th in (1, 2)]}]
    manifest = {"machine": {"cpu": "test CPU", "cores": 2, "isaActive": "test", "gitCommit": "0000000", "date": "today"},
                "command": "bench peers --export " + folder, "tern": tern, "cases": cases, "models": [model]}
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f)


@unittest.skipUnless(HAVE_PEERS, "needs the peers (onnx, onnxruntime, ai-edge-litert): scripts/peers/env makes their venv")
class SuiteTests(unittest.TestCase):
    def test_export_to_report(self):
        with tempfile.TemporaryDirectory() as work:
            export(work)
            timers = []
            with contextlib.redirect_stderr(io.StringIO()):
                result = suite.run(work, [1], timers)
                timing.measure(result, timers, 1, 0.001, export_round=None)
            result["command"], result["rounds"] = "test", 1
            text = report.write(result, os.path.join(work, "out"))
            with open(os.path.join(work, "out", "peers.md")) as f:
                self.assertEqual(f.read(), text + "\n")
            with open(os.path.join(work, "out", "peers.json")) as f:
                self.assertEqual(report.markdown(json.load(f), "test"), text)  # the Markdown comes back from the JSON
        self.assertEqual([e["case"] for e in result["cases"]], ["test_dense", "test_conv1d", "test_pool"])
        for entry in result["cases"]:
            self.assertTrue(entry["contract_check"]["ok"], entry["case"])
            self.assertTrue(entry["peers"])
            for peer in entry["peers"]:
                self.assertNotIn("error", peer)
                self.assertTrue(peer["check"]["ok"], peer["peer"])
                self.assertGreater(peer["timings"]["1"]["p50"], 0)
        self.assertEqual(sorted(result["overhead"]), ["litert", "ort"])
        for heading in ("## test_dense", "## test_conv1d", "## test_pool", "| Python call overhead |", "## Whole models after the projection"):
            self.assertIn(heading, text)
        [entry] = result["models"]
        self.assertEqual(entry["architecture"], "pqrnn")
        self.assertEqual(len(entry["peers"]), 3)  # ONNX Runtime, LiteRT with and without XNNPACK
        for peer in entry["peers"]:
            self.assertNotIn("error", peer)
            self.assertTrue(peer["check"]["ok"], peer)
        self.assertIn("pQRNN: the int8 bottleneck", text)
        self.assertNotIn("PRADO: int8 dense", text)
