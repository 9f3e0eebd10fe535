"""A linear baseline as a teacher: TF-IDF logistic regression trained on
Tern's train split, its log-probabilities written as the logits table
`tern train --teacher TABLE.tsv` reads (Distillation.LogitsTable).

    python scripts/baselines/teacher.py DATASET_DIR --out TABLE.tsv [--seed S] [--unlabeled FILE] [--C C] [--cross-fit K]

The regression sees train alone: when the data set has no dev.tsv, the 10 %
`tern train --seed S` holds out as dev is held out here too (give the
student's seed), so the student is still selected on texts its teacher never
fit. C is chosen on that dev by the data set's metric (accuracy, OLID's macro-F1:
the baselines' grid and rule) unless given.
The table lists every train text and every unlabeled text (read as Tern
reads them: split at line feeds alone, a trailing CR dropped, blank lines
skipped). The teacher's dev and test accuracy go to stderr: a student's
figure is reported beside its teacher's, and beside the student trained
without it.

A regression with a large C nearly memorizes its training texts, so its
logits on them say little more than their labels. With `--cross-fit K` each
train text is labeled by the regression fit on the other K - 1 folds (a
seeded split; the TF-IDF weights stay those of the whole train split, which
use no label): the soft targets then carry what the teacher would say of a
text it has not seen, which matters where there are no unlabeled texts.
Unlabeled texts are labeled by the regression fit on all of train.
"""
import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import linear_model  # noqa: E402
import metrics  # noqa: E402
from splits import Splits, read_lines  # noqa: E402
from suite import TFIDF_CS, labels_of, texts_of  # noqa: E402


def unlabeled_texts(path):
    """The texts of an unlabeled file, as Distillation.unlabeledExamples reads them (blank lines skipped)."""
    return [text for _, text in read_lines(path) if text.strip()]


def write_table(path, labels, classes, texts, log_probabilities):
    """#labels<TAB>labels in Tern's order, then one line per distinct text."""
    column = [classes.index(label) for label in labels]
    seen = set()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("#labels\t" + ",".join(labels) + "\n")
        for text, row in zip(texts, log_probabilities):
            if text in seen:
                continue
            seen.add(text)
            f.write(",".join(f"{row[c]:.6g}" for c in column) + "\t" + text + "\n")
    return len(seen)


def out_of_fold_log_probabilities(model, x, labels, k, seed):
    """[len(labels), classes] log-probabilities, each row from `model` fit on
    the folds (of k, a seeded permutation) that do not hold it; the classes in
    sorted order, as the regression fit on all of train orders them. A class
    absent from a fold's training rows gets -100 there."""
    labels = np.asarray(labels)
    classes = sorted(set(labels.tolist()))
    fold = np.random.default_rng(seed).permutation(len(labels)) % k
    out = np.full((len(labels), len(classes)), -100.0)
    for f in range(k):
        held = fold == f
        model.fit(x[~held], labels[~held])
        seen, z = model.log_probabilities_of(x[held])
        out[np.ix_(np.flatnonzero(held), [classes.index(c) for c in seen])] = z
    return out


def figure(model, rows, metric, labels):
    """The data set's own figure (accuracy, or OLID's macro-F1), as the baselines judge it."""
    return metrics.score(metric, labels_of(rows), model.predict(texts_of(rows)), labels)["value"]


def main(argv=None):
    parser = argparse.ArgumentParser(description="A TF-IDF logistic regression teacher's logits table for tern train --teacher.")
    parser.add_argument("dataset", help="a label<TAB>text folder (train.tsv, test.tsv, dev.tsv if any)")
    parser.add_argument("--out", required=True, help="the table to write (.tsv)")
    parser.add_argument("--seed", type=int, default=1, help="the student's tern train --seed (its dev hold-out)")
    parser.add_argument("--unlabeled", help="unlabeled texts, one per line, to label too")
    parser.add_argument("--C", type=float, help="the regression's C (default: chosen on dev)")
    parser.add_argument("--cross-fit", type=int, default=1, metavar="K",
                        help="label each train text by a regression fit on the other folds of K (default 1: on all of train)")
    args = parser.parse_args(argv)
    if not args.out.endswith(".tsv"):
        parser.error("--out must end in .tsv (tern train reads a .tsv teacher as a logits table)")
    if args.cross_fit < 1:
        parser.error(f"--cross-fit must be at least 1, not {args.cross_fit}")
    try:
        splits = Splits(args.dataset, args.seed)
        extra = unlabeled_texts(args.unlabeled) if args.unlabeled else []
    except (OSError, ValueError) as e:
        sys.exit(f"teacher: {e}")
    train_texts = texts_of(splits.train)
    if args.cross_fit > len(train_texts):
        sys.exit(f"teacher: --cross-fit {args.cross_fit} is more folds than the {len(train_texts)} train texts")
    model = linear_model.TfidfLR(args.C or TFIDF_CS[0])
    model.fit_features(train_texts)
    x = model.features(train_texts)
    labels = labels_of(splits.train)
    choices = [args.C] if args.C else TFIDF_CS
    metric = metrics.metric_name(splits.name)
    best = None
    for c in choices:
        model.C = c
        model.fit(x, labels)
        dev = figure(model, splits.dev, metric, splits.labels)
        if best is None or dev > best[1]:
            best = (c, dev)
    model.C = best[0]
    folds = out_of_fold_log_probabilities(model, x, labels, args.cross_fit, args.seed) if args.cross_fit > 1 else None
    model.fit(x, labels)
    texts = train_texts + extra
    classes, log_probabilities = model.log_probabilities(texts)
    if folds is not None:  # both in the regression's class order: the sorted labels
        log_probabilities[:len(train_texts)] = folds
    written = write_table(args.out, splits.labels, classes, texts, log_probabilities)
    print(f"teacher: TF-IDF LR C {best[0]:g}: dev {metric} {best[1]:.4f} ({splits.dev_source}), "
          f"test {figure(model, splits.test, metric, splits.labels):.4f}; "
          f"{written} texts in {args.out} ({len(train_texts)} train{f', labeled out of {args.cross_fit} folds' if folds is not None else ''}, "
          f"{len(extra)} unlabeled)", file=sys.stderr)


if __name__ == "__main__":
    main()
