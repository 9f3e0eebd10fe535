"""The baselines' command line: per data set every baseline (suite.py), the
shipped Tern models' records from `bench shipped` merged in, then
baselines.json and baselines.md (report.py).

    python scripts/baselines/main.py [--datasets a,b] [--tern FILE] [--out DIR]

Records not made this time (other data sets, other baselines) are kept
from the existing baselines.json in --out.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import machine  # noqa: E402
import report  # noqa: E402
import suite  # noqa: E402
from splits import Splits  # noqa: E402


def progress(message):
    print(f"baselines: {message}", file=sys.stderr, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="fastText and linear baselines on Tern's splits.")
    parser.add_argument("--datasets", default=",".join(report.DATASET_ORDER))
    parser.add_argument("--data-root", default=os.environ.get("TERN_DATASETS") or os.path.join(HERE, "../../../shared/datasets"))
    parser.add_argument("--tern", help="records `bench shipped` wrote (shipped Tern models timed on this machine)")
    parser.add_argument("--out", default="Results/sweep")
    parser.add_argument("--work", default=".build-baselines", help="models and training files (not committed)")
    parser.add_argument("--min-time", type=float, default=0.5, help="seconds of samples per latency figure and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baselines", default="fasttext,tfidf,nbsvm",
                        help="which (comma-separated): fasttext (full and <= 200 KB), tfidf, nbsvm; the others' records are kept")
    parser.add_argument("--command", help="the command to record (default: this one)")
    args = parser.parse_args(argv)
    command = args.command or "python " + " ".join([os.path.relpath(__file__)] + (argv if argv is not None else sys.argv[1:]))
    datasets = [d for d in args.datasets.split(",") if d]
    chosen = set(args.baselines.split(","))
    unknown = chosen - {"fasttext", "tfidf", "nbsvm"}
    if unknown:
        parser.error(f"unknown baselines {sorted(unknown)} (known: fasttext, tfidf, nbsvm)")
    for name in datasets:
        if not os.path.isfile(os.path.join(args.data_root, name, "train.tsv")):
            parser.error(f"no data set {name}: {os.path.join(args.data_root, name)} has no train.tsv (--data-root DIR)")
    started = machine.now()
    fresh = []
    for name in datasets:
        splits = Splits(os.path.join(args.data_root, name))
        progress(f"{name}: train {len(splits.train)}, dev {len(splits.dev)} ({splits.dev_source}), test {len(splits.test)}")
        ctx = suite.Context(splits, os.path.join(args.work, name), args.min_time, args.rounds, command)
        if "fasttext" in chosen:
            fresh += suite.fasttext_records(ctx, progress)
        linear = [name for key, name in (("tfidf", "TF-IDF LR"), ("nbsvm", "NBSVM")) if key in chosen]
        if linear:
            fresh += suite.linear_records(ctx, progress, linear)
    if args.tern:
        with open(args.tern) as f:
            fresh += json.load(f)["records"]
    previous = []
    path = os.path.join(args.out, "baselines.json")
    if os.path.exists(path):
        with open(path) as f:
            previous = json.load(f)["records"]
    result = {"command": command, "started": started, "finished": machine.now(), "machine": machine.describe(),
              "versions": machine.versions(), "commit": machine.git_commit(),
              "records": report.merge(previous, fresh, replace_tern=bool(args.tern))}
    print(report.write(result, args.out))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as error:  # bad files: one line, no traceback
        sys.exit(f"baselines: {error}")
