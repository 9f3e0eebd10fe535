"""Timing: as Tern's bench does (warm-up, then at least min_time seconds and 15
samples; medians, not means), in rounds that alternate Tern's bench and the
peers; each figure is its best round.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from sampling import sorted_samples  # noqa: E402


def time_calls(fn, min_time, warmup=0.1, min_samples=15):
    samples = sorted_samples(fn, min_time, warmup, min_samples)
    return {"count": len(samples), "p10": samples[len(samples) // 10], "p50": samples[len(samples) // 2],
            "p90": samples[(9 * len(samples)) // 10]}


def tern_timings(manifest):
    """Tern's timings of one round, keyed by case, variant and threads."""
    out = {}
    for t in manifest["tern"]:
        out[(t["caseID"], t["variant"], t["threads"])] = t
    for model in manifest.get("models", []):
        for item in model["inputs"]:
            for t in item["tern"]:
                out[(t["caseID"], t["variant"], t["threads"])] = t
    return out


def keep_best(target, candidate):
    """Across rounds: the round with the lowest median, and every round's median."""
    rounds = target.get("round_p50s", [target["stats"]["p50"]])
    if candidate["stats"]["p50"] < target["stats"]["p50"]:
        target["stats"] = candidate["stats"]
    target["round_p50s"] = rounds + [candidate["stats"]["p50"]]


def measure(report, timers, rounds, min_time, export_round):
    """`rounds` rounds, each: Tern's side (export_round(i) reruns bench peers
    and returns its manifest; None for the first, already loaded), then every
    peer. Each figure is the round with the lowest median: the shared
    machine's noise only ever adds time, and rounds interleave the engines."""
    tern_entries = {}
    for entry in report["cases"] + report.get("models", []):
        for t in entry["tern"]:
            tern_entries[(t["caseID"], t["variant"], t["threads"])] = t
            t["round_p50s"] = [t["stats"]["p50"]]
    for r in range(rounds):
        if r > 0:
            for key, t in tern_timings(export_round(r)).items():
                if key in tern_entries:
                    keep_best(tern_entries[key], t)
        for target, runners in timers:
            for threads, runner in runners.items():
                stats = time_calls(runner, min_time)
                timings = target.setdefault("timings", {})
                previous = timings.get(str(threads))
                if previous is None:
                    timings[str(threads)] = dict(stats, round_p50s=[stats["p50"]])
                else:
                    previous["round_p50s"].append(stats["p50"])
                    if stats["p50"] < previous["p50"]:
                        previous.update(stats)
        print(f"peers: round {r + 1} of {rounds} timed", file=sys.stderr)
