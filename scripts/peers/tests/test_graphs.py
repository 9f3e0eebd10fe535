"""Every peer graph the script builds, run on small seeded cases: each computes
the contract's output. Needs the peers (the venv scripts/peers/env makes);
skipped without them.
"""
import unittest

import numpy as np

import cases
import contract
import graphs_onnx
import graphs_tflite
import runners
from . import HAVE_PEERS
from .seeded import small_case, small_pqrnn


@unittest.skipUnless(HAVE_PEERS, "needs the peers (onnx, onnxruntime, ai-edge-litert): scripts/peers/env makes their venv")
class PeerGraphTests(unittest.TestCase):
    """Each peer graph computes the contract's output on seeded cases."""

    def check_kernel_case(self, case, x, w, bias):
        expected = contract.contract_output(case, x, w, bias)
        for name, model, feeds, to_tern, exact in graphs_onnx.onnx_graphs(case, x, w, bias):
            got = to_tern(runners.OrtRunner(model, feeds, 1).output())
            self.assertTrue(contract.compare(name, got, expected, 0 if exact else 1)["ok"], name)
        tfl, feed, to_tern = graphs_tflite.tflite_model(case, x, w, bias)
        for xnnpack in (True, False):
            got = to_tern(runners.LiteRTRunner(tfl, [feed], 1, xnnpack).output())
            self.assertTrue(contract.compare("litert", got, expected, 1)["ok"], f"litert xnnpack={xnnpack}")

    def test_dense(self):
        self.check_kernel_case(*small_case("dense", seed=1))

    def test_causal_convolution(self):
        self.check_kernel_case(*small_case("conv1d", width=3, seed=2))

    def test_pooling(self):
        rng = np.random.default_rng(3)
        case = {"rows": 12, "inputs": 15, "outputs": 5, "outputScale": 1 / 127, "outputZeroPoint": 0,
                "gates": [{"scale": 0.03, "zeroPoint": 2}, {"scale": 0.04, "zeroPoint": -5}, {"scale": 0.035, "zeroPoint": 1}]}
        x = rng.integers(-128, 128, (12, 15), dtype=np.int16).astype(np.int8)
        expected = contract.pooling_output(case, x)
        feeds = cases.pooling_inputs(case, x)
        got = runners.OrtRunner(graphs_onnx.pooling_onnx(case), dict(zip("ZFO", feeds)), 1).output()
        self.assertTrue(contract.compare("ort", got, expected, 1)["ok"])
        tfl, ops = graphs_tflite.pooling_tflite(case)
        self.assertEqual(ops, 3 * 3 + 12 * 5 - 2 + 2)  # dequantize, activation, unpack per gate; 5 ops a step (4 the first); pack, quantize
        got = runners.LiteRTRunner(tfl, feeds, 1, True).output()
        self.assertTrue(contract.compare("litert", got, expected, 1)["ok"])


    def test_pqrnn(self):
        model, layers, x = small_pqrnn(seed=4)
        expected = contract.pqrnn_logits(model, layers, x)
        tfl = graphs_tflite.pqrnn_tflite(model, layers, x.shape[0])
        for xnnpack in (True, False):
            got = runners.LiteRTRunner(tfl, [x], 1, xnnpack).output().reshape(-1)
            self.assertTrue(contract.compare("litert", got, expected, 1)["ok"], f"xnnpack={xnnpack}: {got} against {expected}")
        xu = np.ascontiguousarray((x.astype(np.int16) + 128).astype(np.uint8).T.reshape(1, model["features"], 1, x.shape[0]))
        got = runners.OrtRunner(graphs_onnx.pqrnn_onnx(model, layers, x.shape[0]), {"X": xu}, 1).output()
        got = (got.reshape(-1).astype(np.int16) - 128).astype(np.int8)
        self.assertTrue(contract.compare("ort", got, expected, 1)["ok"], f"ort: {got} against {expected}")
