#!/usr/bin/env python3
"""Markdown table of the trained models' metrics JSONs (written by `tern train`).

    scripts/trained_table.py Results/trained > Results/trained/README.md
    scripts/trained_table.py FOLDER "Title" "Intro paragraph" > FOLDER/README.md   # another folder of runs
"""
import glob
import json
import os
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "Results/trained"
rows = []
for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
    m = json.load(open(path))
    metric = "macroF1" if "macro-f1" in m["command"] else "accuracy"
    def fig(split, kind):
        s = m.get(split)
        if not s:
            return "-"
        v = s[kind][metric]
        return f"{v:.4f}" if metric == "macroF1" else f"{100 * v:.2f} %"
    rows.append((os.path.basename(path)[:-5], m, metric, fig))

title = sys.argv[2] if len(sys.argv) > 2 else "Trained models"
intro = sys.argv[3] if len(sys.argv) > 3 else "Made by `scripts/train-models` (each row's exact command below)."
print(f"# {title}\n")
print(intro + " Int8 figures are the int8 engine's on the")
print("split, float figures the float model's on the same weights. Dev is dev.tsv, or a seeded 10 % of train when")
print("the data set has none (MR, IMDB, TREC). A run whose options in its JSON have no `floatProducts` trained on the")
print("project's loops (before `--float-products openblas` became the default): add `--float-products loops` to its")
print("command to make the same model bit for bit; on OpenBLAS the products round differently.\n")
print("| model | data set | metric | params | int8 bytes | dev float | dev int8 | test float | test int8 | epochs | training time |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, m, metric, fig in rows:
    print(f"| {name} | {m['dataset']} | {'macro-F1' if metric == 'macroF1' else 'accuracy'} | {m['parameters']} | {m['int8Bytes']} | "
          f"{fig('dev', 'float')} | {fig('dev', 'int8')} | {fig('test', 'float')} | {fig('test', 'int8')} | {len(m['epochs'])} | "
          f"{m['trainingSeconds']:.0f} s |")
print("\nCommands (seed, threads and every hyper-parameter are also in each JSON):\n")
for name, m, _, _ in rows:
    print(f"- {name}: `{m['command']}`")
