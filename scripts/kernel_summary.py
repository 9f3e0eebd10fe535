#!/usr/bin/env python3
"""Summarizes a `bench kernels` JSON report at one sequence length as the
Markdown table README quotes: per family and variant, p50 time, the share of
the measured int8 peak (compute-bound kernels) or of the L2 read bandwidth
(memory-bound ones), and the speed-up over the scalar reference.

Usage: scripts/kernel_summary.py Results/kernels/kernels.json [T]
"""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "Results/kernels/kernels.json"
seq_len = int(sys.argv[2]) if len(sys.argv) > 2 else 128
report = json.load(open(path))
peaks = report["peaks"]
print(f"T = {seq_len}; one core; peaks measured in the same run: int8 {peaks['int8PeakGOPS']:.0f} GOPS "
      f"({peaks['peakISA']}), L2 read {peaks['l2ReadGBps']:.0f} GB/s.\n")
print("| kernel (shape) | variant | p50 (us) | share of peak, p50 / best | vs reference |")
print("|---|---|---:|---:|---:|")
for r in report["results"]:
    if r["seq_len"] != seq_len:
        continue
    if r.get("gops") is not None:
        share = f"{100 * r['peak_fraction']:.0f} % / {100 * r['peak_fraction_best']:.0f} % of int8 peak"
    else:
        share = f"{100 * (r.get('bandwidth_fraction') or 0):.1f} % of L2 bandwidth"
    print(f"| {r['kernel']} ({r['shape']}) | {r['variant']} | {r['p50_ns'] / 1e3:.1f} | {share} | "
          f"{r.get('ratio_vs_reference', 0):.1f}x |")
