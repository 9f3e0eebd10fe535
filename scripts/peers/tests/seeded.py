"""Small seeded kernel cases, shaped as `bench peers --export` writes them."""
import numpy as np


def small_case(kind, width=1, seed=0, rows=9, inputs=24, outputs=10):
    rng = np.random.default_rng(seed)
    case = {"id": f"test_{kind}", "kind": kind, "rows": rows, "inputs": inputs, "outputs": outputs, "width": width,
            "padding": "causal", "inputScale": 0.02, "inputZeroPoint": -3,
            "weightScales": [float(v) for v in rng.uniform(0.001, 0.005, outputs).astype(np.float32)],
            "outputScale": float(np.float32(0.05 * np.sqrt(width * inputs) / 24)), "outputZeroPoint": 5}
    x = rng.integers(-128, 128, (rows, inputs), dtype=np.int16).astype(np.int8)
    w = rng.integers(-127, 128, (width, inputs, outputs), dtype=np.int16).astype(np.int8)
    bias = (np.zeros(outputs) if kind == "dense" else rng.integers(-2000, 2000, outputs)).astype(np.int32)
    return case, x, w, bias
