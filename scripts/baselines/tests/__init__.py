"""The baselines' tests. From the repository's root:

    python3 -m unittest discover -s scripts/baselines               # numpy and scikit-learn suffice
    .venv-baselines/bin/python -m unittest discover -s scripts/baselines

Plain python3 runs the splits, metrics, timing and report tests, and the
linear ones where scikit-learn is installed; the fastText tests are skipped
without fastText (scripts/baselines/env makes the venv that has it).
"""
import importlib.util

HAVE_SKLEARN = all(importlib.util.find_spec(m) for m in ("numpy", "scipy", "sklearn"))
HAVE_FASTTEXT = HAVE_SKLEARN and importlib.util.find_spec("fasttext") is not None
