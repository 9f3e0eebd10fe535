#!/usr/bin/env python3
"""Writes Tests/TernModelsTests/Fixtures/python.safetensors with Hugging Face's
own safetensors writer, so the tests prove Tern reads what Python writes.

Run: pip install safetensors==0.8.0 numpy && python3 scripts/make_safetensors_fixture.py
"""
import os
import numpy as np
from safetensors.numpy import save_file

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "TernModelsTests", "Fixtures", "python.safetensors")
save_file({
    "w": np.arange(-6, 6, dtype=np.int8).reshape(3, 4),
    "b": np.array([-70000, 3, 1 << 30], dtype=np.int32),
    "s": np.array([0.25, -2.5], dtype=np.float32),
}, out, metadata={"architecture": "pqrnn", "labels": "neg,pos"})
print("wrote", os.path.normpath(out))
