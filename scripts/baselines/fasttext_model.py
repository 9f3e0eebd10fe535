"""fastText supervised (Joulin et al. 2017) as a baseline: training files, the
dev grid, quantization to the full .ftz and to a size budget, prediction.

Prediction goes through the binding's C++ `predict` (model.f.predict): the
wrapper's `FastText.predict` of fasttext 0.9.3 fails under numpy 2
(np.array(..., copy=False)), and the C++ call is also what a deployment
would time.
"""
import os
import re
import time

import fasttext

LABEL_PREFIX = "__label__"

# The classification tutorial's preprocessing: punctuation split off, lower
# case. Selected on dev against the raw text.
_PUNCT = re.compile(r"([.!?,'/()\"])")


def lower_punct(text):
    return _PUNCT.sub(r" \1 ", text).lower()


def raw(text):
    return text


NORMALIZERS = {"raw": raw, "lower-punct": lower_punct}


def write_training_file(rows, path, normalize):
    """One `__label__L text` line per (label, text) row."""
    with open(path, "w", encoding="utf-8") as f:
        for label, text in rows:
            f.write(f"{LABEL_PREFIX}{label} {normalize(text)}\n")


class Classifier:
    """A trained or loaded model with its text normalization; `labels` is the
    data set's label list (the first is the answer for a text with no
    token, as Tern's uniform guess picks the first class)."""

    def __init__(self, model, normalize, labels):
        self.model, self.normalize, self.labels = model, normalize, labels

    def predict(self, text):
        answer = self.model.f.predict(self.normalize(text), 1, 0.0, "replace")
        return answer[0][1][len(LABEL_PREFIX):] if answer else self.labels[0]

    def predict_all(self, texts):
        return [self.predict(t) for t in texts]


def train(path, params):
    """fasttext.train_supervised on one file; `params` are its keyword arguments."""
    return fasttext.train_supervised(input=path, verbose=0, **params)


def base_params(seed=1):
    """The starting point: word bigrams, 50 dimensions, one thread (fastText's
    results then depend on the seed alone)."""
    return {"dim": 50, "wordNgrams": 2, "epoch": 25, "lr": 0.5, "minCount": 1, "loss": "softmax", "thread": 1, "seed": seed}


def grid(seed=1, **overrides):
    """The dev grid: text normalization x learning rate x epochs around the
    starting point (8 runs); `overrides` change the rest (the tests shrink
    the hash buckets)."""
    out = []
    for norm in NORMALIZERS:
        for lr in (0.1, 0.5):
            for epoch in (5, 25):
                params = dict(base_params(seed), lr=lr, epoch=epoch, **overrides)
                out.append((norm, params))
    return out


def select(splits, work, evaluate, choices):
    """Trains every (normalization, params) choice on train, scores it on dev
    with `evaluate(classifier, rows) -> value`; returns (best choice, trials).
    Ties keep the earlier choice."""
    trials, best = [], None
    for norm, params in choices:
        path = os.path.join(work, f"train.{norm}.txt")
        if not os.path.exists(path):
            write_training_file(splits.train, path, NORMALIZERS[norm])
        t0 = time.perf_counter()
        model = train(path, params)
        seconds = time.perf_counter() - t0
        dev = evaluate(Classifier(model, NORMALIZERS[norm], splits.labels), splits.dev)
        trials.append({"normalization": norm, "lr": params["lr"], "epoch": params["epoch"], "dev": dev,
                       "trainingSeconds": seconds})
        if best is None or dev > best[2]:
            best = (norm, params, dev)
    return (best[0], best[1]), trials


def quantize(bin_path, out_path, train_path, cutoff, retrain, params, dsub=2):
    """Loads the float model afresh (quantize changes it in place), quantizes
    with norm quantization (qnorm) and saves the .ftz; (model, bytes, seconds)."""
    model = fasttext.load_model(bin_path)
    t0 = time.perf_counter()
    model.quantize(input=train_path, qnorm=True, cutoff=cutoff, retrain=retrain, dsub=dsub,
                   epoch=params["epoch"], lr=params["lr"], thread=params["thread"], verbose=0)
    seconds = time.perf_counter() - t0
    model.save_model(out_path)
    return model, os.path.getsize(out_path), seconds


def input_rows(bin_path):
    """Rows of the input matrix: words and n-gram buckets."""
    return fasttext.load_model(bin_path).get_input_matrix().shape[0]


def cutoff_for_size(bin_path, out_path, train_path, params, max_bytes, dsub=2):
    """The largest cutoff (rows kept, by norm) whose .ftz is at most
    `max_bytes`, to within 1 %: doubling from 256 rows (product
    quantization's minimum) until a file is too large, then bisection; the
    probes quantize without retraining, as the kept rows, and so the file's
    size, do not depend on retraining. Small probes first: quantizing all of
    a model's rows takes a minute. Returns (cutoff, probes); cutoff None when
    even 256 rows are too many."""
    rows = input_rows(bin_path)
    probes = []

    def fits(cutoff):
        _, n, _ = quantize(bin_path, out_path, train_path, cutoff, False, params, dsub)
        probes.append({"cutoff": cutoff, "bytes": n})
        return n <= max_bytes

    lo = 256
    if not fits(lo):
        return None, probes
    hi = lo * 2
    while hi < rows and fits(hi):
        lo, hi = hi, hi * 2
    hi = min(hi, rows)
    while hi - lo > max(1, lo // 100):
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo, probes
