#!/usr/bin/env python3
"""Tern side by side with ONNX Runtime and LiteRT on the same int8 layers.

Reads the cases `bench peers --export DIR` wrote (tensors, scales, Tern's
reference output and Tern's times), builds each peer's graph from them
(ONNX with onnx.helper, LiteRT flatbuffers with the schema module that
ai-edge-litert ships), checks every peer's output against Tern's, times the
peers with one thread and with all threads, and writes JSON and Markdown.

Run through scripts/peers/run, which sets up the pinned virtual environment.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from report import write
from suite import run
from timing import measure


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", required=True, help="the bench binary (release build): it exports the cases and times Tern")
    parser.add_argument("--out", default="Results/peers", help="folder for peers.json and peers.md")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--min-time", type=float, default=0.5, help="seconds of samples per figure and round, on both sides")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of Tern then the peers; each figure is its best round")
    parser.add_argument("--command", default="scripts/peers/run")
    args = parser.parse_args()
    threads = [int(v) for v in args.threads.split(",")]
    work = tempfile.mkdtemp(prefix="tern-peers-")

    def export_round(r):
        folder = os.path.join(work, f"round{r}")
        subprocess.run([args.bench, "peers", "--export", folder, "--min-time", str(args.min_time), "--out", "-"],
                       check=True, stdout=subprocess.DEVNULL)
        return json.load(open(os.path.join(folder, "manifest.json")))

    try:
        export_round(0)
        timers = []
        report = run(os.path.join(work, "round0"), threads, timers)
        measure(report, timers, args.rounds, args.min_time, export_round)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["command"] = args.command
    report["rounds"] = args.rounds
    text = write(report, args.out)
    print(text)
    failed = [p for e in report["cases"] for p in e["peers"] if "check" in p and not p["check"]["ok"]]
    failed += [e for e in report["cases"] if not e["contract_check"]["ok"]]
    failed += [p for e in report.get("models", []) for p in e["peers"] if "check" in p and not p["check"]["ok"]]
    if failed:
        print(f"peers: {len(failed)} checks failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
