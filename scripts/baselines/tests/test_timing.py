import unittest

import timing


class TimingTests(unittest.TestCase):
    def test_net_latency_subtracts_the_empty_call(self):
        work = lambda: sum(range(2000))  # noqa: E731
        r = timing.net_latency(work, lambda: None, min_time=0.01, rounds=2)
        self.assertEqual(len(r["roundP50sNs"]), 2)
        self.assertGreater(r["grossP50Ns"], r["overheadP50Ns"])
        self.assertEqual(r["p50Ns"], r["grossP50Ns"] - r["overheadP50Ns"])
        self.assertEqual(r["grossP50Ns"], min(r["roundP50sNs"]))
        self.assertGreaterEqual(r["samples"], 15)

    def test_never_below_one_nanosecond(self):
        r = timing.net_latency(lambda: None, lambda: sum(range(500)), min_time=0.005, rounds=1)
        self.assertEqual(r["p50Ns"], 1)
