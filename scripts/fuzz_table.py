#!/usr/bin/env python3
"""Results/fuzz/fuzz.md from Results/fuzz/runs.tsv (written by scripts/fuzz): per target, the total fuzzing time, executions and findings.

Time is CPU time (the fuzzer's user + system seconds) where a run recorded
it; runs from before that column existed count their wall seconds."""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
targets = {}
for r in rows:
    t = targets.setdefault(r["target"], {"seconds": 0, "runs": 0, "findings": 0, "sessions": 0, "corpus": "", "coverage": "", "clean": 0, "commits": []})
    cpu = int(r["cpu_seconds"]) if r.get("cpu_seconds") else int(r["seconds"])
    t["seconds"] += cpu
    t["runs"] += int(r["executions"])
    t["sessions"] += 1
    t["findings"] += 0 if r["result"] == "clean" else 1
    if r["result"] == "clean":
        t["clean"] = max(t["clean"], cpu)
    commit = r["commit"]
    if commit not in t["commits"]:
        t["commits"].append(commit)
    t["corpus"], t["coverage"] = r["corpus"], r["coverage"]
print("# Fuzzing\n")
print("Made by `scripts/fuzz` (libFuzzer + AddressSanitizer, every module instrumented); raw lines in runs.tsv. "
      "Rerun one target: `scripts/fuzz TARGET --seconds 600`. Time is CPU time (user + system) where runs.tsv "
      "has it, wall time for the runs before it did.\n")
print("| target | runs | time in all | longest run without a finding | executions | findings | kept corpus (files) | coverage (last run) | commits |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for name, t in targets.items():
    print(f"| {name} | {t['sessions']} | {t['seconds'] / 60:.1f} min | {t['clean'] / 60:.1f} min | {t['runs']:,} | {t['findings']} | {t['corpus']} | {t['coverage']} | {', '.join(t['commits'])} |")
total = sum(t["seconds"] for t in targets.values())
short = [n for n, t in targets.items() if t["seconds"] < 3600]
print(f"\nIn all: {total / 3600:.2f} hours, {sum(t['runs'] for t in targets.values()):,} executions, "
      f"{sum(t['findings'] for t in targets.values())} findings (each fixed and kept in the corpus as a regression test).")
if short:
    listed = ", ".join("%s (%.0f min)" % (n, targets[n]["seconds"] / 60) for n in short)
    print(f"\nShort of one CPU-hour: {listed}.")
