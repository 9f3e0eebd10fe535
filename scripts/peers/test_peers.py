#!/usr/bin/env python3
"""Tests of scripts/peers/peers.py's result checking: the contract it checks the peers
against, the comparison, and every peer graph it builds on small seeded cases.

Run by .ci/run when the peers' environment (.venv-peers) is present:
    .venv-peers/bin/python -m unittest discover -s scripts/peers -p 'test_peers.py'
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402


def small_case(kind, width=1, seed=0, rows=9, inputs=24, outputs=10):
    rng = np.random.default_rng(seed)
    case = {"id": f"test_{kind}", "kind": kind, "rows": rows, "inputs": inputs, "outputs": outputs, "width": width,
            "padding": "causal", "inputScale": 0.02, "inputZeroPoint": -3,
            "weightScales": [float(v) for v in rng.uniform(0.001, 0.005, outputs).astype(np.float32)],
            "outputScale": float(np.float32(0.05 * np.sqrt(width * inputs) / 24)), "outputZeroPoint": 5}
    x = rng.integers(-128, 128, (rows, inputs), dtype=np.int16).astype(np.int8)
    w = rng.integers(-127, 128, (width, inputs, outputs), dtype=np.int16).astype(np.int8)
    bias = (np.zeros(outputs) if kind == "dense" else rng.integers(-2000, 2000, outputs)).astype(np.int32)
    return case, x, w, bias


class ContractTests(unittest.TestCase):
    def test_split_multiplier_matches_tern(self):
        # Values Tern's Requantization init produces (QuantizationContract.swift).
        self.assertEqual(peers.split_multiplier(0.5), (1 << 30, 31))
        self.assertEqual(peers.split_multiplier(0.75), (3 << 29, 31))
        self.assertEqual(peers.split_multiplier(1.0), (1 << 30, 30))
        q, r = peers.split_multiplier(0.0123)
        self.assertTrue(1 << 30 <= q < 1 << 31)
        self.assertAlmostEqual(q * 2.0 ** -r, 0.0123, places=10)
        with self.assertRaises(ValueError):
            peers.split_multiplier(2.0 ** 31)

    def test_requantize_rounds_ties_away_from_zero_and_saturates(self):
        acc = np.array([[3], [-3], [5], [-5], [1000], [-1000]], dtype=np.int64)
        out = peers.requantize(acc, [0.5], 0)
        self.assertEqual(out.reshape(-1).tolist(), [2, -2, 3, -3, 127, -128])
        self.assertEqual(peers.requantize(np.array([[0]]), [0.5], 5).item(), 5)

    def test_accumulate_equals_a_direct_loop_with_causal_taps(self):
        case, x, w, bias = small_case("conv1d", width=3)
        acc = peers.accumulate(case, x, w, bias)
        for t in range(case["rows"]):
            for n in range(case["outputs"]):
                expected = int(bias[n])
                for j in range(3):
                    s = t - 2 + j
                    if 0 <= s < case["rows"]:
                        expected += int(((x[s].astype(np.int64) - case["inputZeroPoint"]) * w[j, :, n]).sum())
                self.assertEqual(acc[t, n], expected)

    def test_compare_passes_within_tolerance_only(self):
        a = np.array([1, 2, 3], dtype=np.int8)
        self.assertTrue(peers.compare("p", a, a, 0)["ok"])
        near = peers.compare("p", a + np.array([0, 1, 0], dtype=np.int8), a, 1)
        self.assertTrue(near["ok"])
        self.assertEqual(near["max_lsb"], 1)
        self.assertAlmostEqual(near["exact_share"], 2 / 3)
        self.assertFalse(peers.compare("p", a + np.array([0, 2, 0], dtype=np.int8), a, 1)["ok"])
        # Differences are taken in int32: -128 against 127 is 255 steps, not a wrapped 1.
        self.assertEqual(peers.compare("p", np.array([-128], np.int8), np.array([127], np.int8), 1)["max_lsb"], 255)

    def test_pooling_contract_holds_the_state_in_float(self):
        case = {"rows": 3, "outputs": 1, "outputScale": 1 / 127, "outputZeroPoint": 0,
                "gates": [{"scale": 1.0, "zeroPoint": 0}] * 3}
        # Huge pre-activations: z = tanh -> 1, f = sigmoid -> 0 or 1, o -> 1.
        x = np.array([[100, -100, 100], [100, 100, 100], [-100, -100, 100]], dtype=np.int8)
        h = peers.pooling_output(case, x).reshape(-1).tolist()
        self.assertEqual(h, [127, 127, -127])  # c: 1, kept at 1 (f = 1), then replaced by z = -1


class PeerGraphTests(unittest.TestCase):
    """Each peer graph computes the contract's output on seeded cases."""

    def check_kernel_case(self, case, x, w, bias):
        expected = peers.contract_output(case, x, w, bias)
        for name, model, feeds, to_tern, exact in peers.onnx_graphs(case, x, w, bias):
            got = to_tern(peers.OrtRunner(model, feeds, 1).output())
            self.assertTrue(peers.compare(name, got, expected, 0 if exact else 1)["ok"], name)
        tfl, feed, to_tern = peers.tflite_model(case, x, w, bias)
        for xnnpack in (True, False):
            got = to_tern(peers.LiteRTRunner(tfl, [feed], 1, xnnpack).output())
            self.assertTrue(peers.compare("litert", got, expected, 1)["ok"], f"litert xnnpack={xnnpack}")

    def test_dense(self):
        self.check_kernel_case(*small_case("dense", seed=1))

    def test_causal_convolution(self):
        self.check_kernel_case(*small_case("conv1d", width=3, seed=2))

    def test_pooling(self):
        rng = np.random.default_rng(3)
        case = {"rows": 12, "inputs": 15, "outputs": 5, "outputScale": 1 / 127, "outputZeroPoint": 0,
                "gates": [{"scale": 0.03, "zeroPoint": 2}, {"scale": 0.04, "zeroPoint": -5}, {"scale": 0.035, "zeroPoint": 1}]}
        x = rng.integers(-128, 128, (12, 15), dtype=np.int16).astype(np.int8)
        expected = peers.pooling_output(case, x)
        feeds = peers.pooling_inputs(case, x)
        got = peers.OrtRunner(peers.pooling_onnx(case), dict(zip("ZFO", feeds)), 1).output()
        self.assertTrue(peers.compare("ort", got, expected, 1)["ok"])
        tfl, ops = peers.pooling_tflite(case)
        self.assertEqual(ops, 3 * 3 + 12 * 5 - 2 + 2)  # dequantize, activation, unpack per gate; 5 ops a step (4 the first); pack, quantize
        got = peers.LiteRTRunner(tfl, feeds, 1, True).output()
        self.assertTrue(peers.compare("litert", got, expected, 1)["ok"])


if __name__ == "__main__":
    unittest.main()
