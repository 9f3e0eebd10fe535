"""The peers' tests. From the repository's root:

    python3 -m unittest discover -s scripts/peers               # numpy suffices
    .venv-peers/bin/python -m unittest discover -s scripts/peers

(or `python3 -m unittest` inside scripts/peers). Plain python3 with numpy runs
the contract and report tests and skips the graph tests, which need the
peers themselves (scripts/peers/env makes the venv that has them).
"""
import importlib.util

# The peers themselves: the graph and suite tests are skipped without them.
HAVE_PEERS = all(importlib.util.find_spec(m) for m in ("onnx", "onnxruntime", "ai_edge_litert", "flatbuffers"))
