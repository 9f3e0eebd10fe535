import unittest

import metrics


class MetricTests(unittest.TestCase):
    def test_accuracy_and_macro_f1(self):
        truth, predicted = ["0", "0", "1", "1"], ["0", "1", "1", "1"]
        self.assertEqual(metrics.accuracy(truth, predicted), 0.75)
        # class 0: p 1, r 0.5, f1 2/3; class 1: p 2/3, r 1, f1 0.8
        self.assertAlmostEqual(metrics.macro_f1(truth, predicted, ["0", "1"]), (2 / 3 + 0.8) / 2)

    def test_a_class_never_seen_nor_predicted_counts_zero(self):
        self.assertAlmostEqual(metrics.macro_f1(["0"], ["0"], ["0", "1"]), 0.5)

    def test_olid_is_judged_by_macro_f1(self):
        self.assertEqual(metrics.metric_name("tweeteval_offensive"), "macro-f1")
        self.assertEqual(metrics.metric_name("mr"), "accuracy")
        s = metrics.score("macro-f1", ["0", "1"], ["0", "0"], ["0", "1"])
        self.assertEqual(s["value"], s["macroF1"])
