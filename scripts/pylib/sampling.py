"""Sampling one call as Tern's bench samples a kernel: a warm-up, then at least
`min_time` seconds and `min_samples` samples, sorted (the caller takes
medians and percentiles, never means). Shared by scripts/peers and
scripts/baselines."""
import time


def sorted_samples(fn, min_time, warmup=0.1, min_samples=15):
    """Sorted nanosecond durations of fn()."""
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < min_samples or time.perf_counter() - start < min_time:
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    samples.sort()
    return samples
