"""Latency of one text through a Python binding, as Tern's bench samples
(a warm-up, then at least `min_time` seconds and 15 samples; the median), with
the binding's own call cost measured the same way on a call that does no work
and subtracted: what is left is the library's work on the text. Several
rounds; each figure keeps its best round's median (the shared machine's noise
only ever adds time)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from sampling import sorted_samples  # noqa: E402


def sample(fn, min_time, warmup=0.1, min_samples=15):
    """Sorted nanosecond samples of fn()."""
    return sorted_samples(fn, min_time, warmup, min_samples)


def median_ns(fn, min_time, rounds=3):
    """(best round's median, every round's median, samples in that round)."""
    medians, counts = [], []
    for _ in range(rounds):
        s = sample(fn, min_time)
        medians.append(s[len(s) // 2])
        counts.append(len(s))
    best = min(range(rounds), key=lambda i: medians[i])
    return medians[best], medians, counts[best]


def net_latency(work, empty_call, min_time, rounds=3):
    """The p50 of `work` less the p50 of `empty_call` (a trivial call into the
    same C extension), both timed the same way; never below 1 ns."""
    gross, gross_rounds, count = median_ns(work, min_time, rounds)
    overhead, overhead_rounds, _ = median_ns(empty_call, min_time, rounds)
    return {"p50Ns": max(1, gross - overhead), "grossP50Ns": gross, "overheadP50Ns": overhead,
            "roundP50sNs": gross_rounds, "overheadRoundP50sNs": overhead_rounds, "samples": count}
