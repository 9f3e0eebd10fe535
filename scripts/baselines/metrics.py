"""Accuracy and macro-F1 as Tern's Metrics computes them (single-label): the
mean over every class of the train split of its F1, a class never predicted
nor present counting 0."""


def accuracy(truth, predicted):
    if not truth:
        return 0.0
    return sum(t == p for t, p in zip(truth, predicted)) / len(truth)


def macro_f1(truth, predicted, labels):
    scores = []
    for c in labels:
        tp = sum(t == c and p == c for t, p in zip(truth, predicted))
        fp = sum(t != c and p == c for t, p in zip(truth, predicted))
        fn = sum(t == c and p != c for t, p in zip(truth, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / max(1, len(labels))


# The metric each data set is judged and selected by, as the sweep does
# (Sources/TernLab/Sweep.swift, SweepGrid.datasets): OLID by macro-F1.
METRIC_OF = {"tweeteval_offensive": "macro-f1"}


def metric_name(dataset):
    return METRIC_OF.get(dataset, "accuracy")


def score(metric, truth, predicted, labels):
    """Both figures and the one the data set is judged by."""
    figures = {"accuracy": accuracy(truth, predicted), "macroF1": macro_f1(truth, predicted, labels)}
    figures["value"] = figures["macroF1"] if metric == "macro-f1" else figures["accuracy"]
    return figures
