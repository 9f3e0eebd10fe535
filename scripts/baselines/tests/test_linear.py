"""The linear baselines learn a separable synthetic set and count their weights."""
import unittest

from . import HAVE_SKLEARN
from .synthetic import rows


@unittest.skipUnless(HAVE_SKLEARN, "needs numpy, scipy and scikit-learn (scripts/baselines/env makes their venv)")
class LinearTests(unittest.TestCase):
    def fit(self, make, classes):
        import metrics
        train, test = rows(200, 1, classes), rows(60, 2, classes)
        model = make(1.0)
        if hasattr(model, "fit_features"):
            model.fit_features([t for _, t in train])
        model.fit(model.features([t for _, t in train]), [label for label, _ in train])
        return model, metrics.accuracy([label for label, _ in test], model.predict([t for _, t in test]))

    def test_tfidf_lr_and_nbsvm_separate_two_and_three_classes(self):
        import linear_model
        for make in (linear_model.TfidfLR, linear_model.NBSVM):
            for classes in (("0", "1"), ("0", "1", "2")):
                model, acc = self.fit(make, classes)
                self.assertGreater(acc, 0.95, (make.__name__, classes))
                self.assertTrue(set(model.predict(["great superb film"])) <= set(classes))

    def test_weight_bytes_count_used_features_only(self):
        import linear_model
        model, _ = self.fit(linear_model.TfidfLR, ("0", "1"))
        vocabulary = 10 + 10 + 200  # far below 2^20: unseen hash slots hold no weight
        self.assertLess(model.weight_bytes(), 4 * 3 * (vocabulary + 200))
        self.assertGreater(model.weight_bytes(), 0)
        nb, _ = self.fit(linear_model.NBSVM, ("0", "1"))
        self.assertLess(nb.weight_bytes(), 4 * 2 * 1000)
