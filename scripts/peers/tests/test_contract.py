"""Tern's quantization contract as contract.py computes it, and the comparison
of a peer's output with it. Needs numpy only.
"""
import unittest

import numpy as np

import contract
from .seeded import small_case


class ContractTests(unittest.TestCase):
    def test_split_multiplier_matches_tern(self):
        # Values Tern's Requantization init produces (QuantizationContract.swift).
        self.assertEqual(contract.split_multiplier(0.5), (1 << 30, 31))
        self.assertEqual(contract.split_multiplier(0.75), (3 << 29, 31))
        self.assertEqual(contract.split_multiplier(1.0), (1 << 30, 30))
        q, r = contract.split_multiplier(0.0123)
        self.assertTrue(1 << 30 <= q < 1 << 31)
        self.assertAlmostEqual(q * 2.0 ** -r, 0.0123, places=10)
        with self.assertRaises(ValueError):
            contract.split_multiplier(2.0 ** 31)

    def test_requantize_rounds_ties_away_from_zero_and_saturates(self):
        acc = np.array([[3], [-3], [5], [-5], [1000], [-1000]], dtype=np.int64)
        out = contract.requantize(acc, [0.5], 0)
        self.assertEqual(out.reshape(-1).tolist(), [2, -2, 3, -3, 127, -128])
        self.assertEqual(contract.requantize(np.array([[0]]), [0.5], 5).item(), 5)

    def test_accumulate_equals_a_direct_loop_with_causal_taps(self):
        case, x, w, bias = small_case("conv1d", width=3)
        acc = contract.accumulate(case, x, w, bias)
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
        self.assertTrue(contract.compare("p", a, a, 0)["ok"])
        near = contract.compare("p", a + np.array([0, 1, 0], dtype=np.int8), a, 1)
        self.assertTrue(near["ok"])
        self.assertEqual(near["max_lsb"], 1)
        self.assertAlmostEqual(near["exact_share"], 2 / 3)
        self.assertFalse(contract.compare("p", a + np.array([0, 2, 0], dtype=np.int8), a, 1)["ok"])
        # Differences are taken in int32: -128 against 127 is 255 steps, not a wrapped 1.
        self.assertEqual(contract.compare("p", np.array([-128], np.int8), np.array([127], np.int8), 1)["max_lsb"], 255)

    def test_pooling_contract_holds_the_state_in_float(self):
        case = {"rows": 3, "outputs": 1, "outputScale": 1 / 127, "outputZeroPoint": 0,
                "gates": [{"scale": 1.0, "zeroPoint": 0}] * 3}
        # Huge pre-activations: z = tanh -> 1, f = sigmoid -> 0 or 1, o -> 1.
        x = np.array([[100, -100, 100], [100, 100, 100], [-100, -100, 100]], dtype=np.int8)
        h = contract.pooling_output(case, x).reshape(-1).tolist()
        self.assertEqual(h, [127, 127, -127])  # c: 1, kept at 1 (f = 1), then replaced by z = -1

