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


def small_pqrnn(seed=0, rows=9, features=16, bottleneck=8, state=4, layers=2, labels=3):
    """A seeded pQRNN as `bench peers --export` describes it and `cases.load_model` returns its layers, and a
    projected input: ternary features [rows, features]."""
    rng = np.random.default_rng(seed)
    unit = (1 / 127, 0)
    table = {}

    def layer(name, inputs, outputs, width, padding, in_q, out_q, gate_q=None):
        w = rng.integers(-127, 128, (width, inputs, outputs), dtype=np.int16).astype(np.int8)
        bias = rng.integers(-500, 500, outputs).astype(np.int32)
        q = {"inputScale": in_q[0], "inputZeroPoint": in_q[1],
             "weightScales": [float(v) for v in rng.uniform(0.002, 0.004, outputs).astype(np.float32)],
             "outputScale": out_q[0], "outputZeroPoint": out_q[1]}
        if gate_q:
            q["outputScales"] = [float(np.float32(gate_q[g][0])) for g in range(3) for _ in range(outputs // 3)]
            q["outputZeroPoints"] = [gate_q[g][1] for g in range(3) for _ in range(outputs // 3)]
        table[name] = ({"name": name, "width": width, "inputs": inputs, "outputs": outputs, "padding": padding}, w, bias, q)

    layer("bottleneck", features, bottleneck, 1, "anticausal", (1.0, 0), (0.05, -128))
    for l in range(layers):
        in_q = (0.05, -128) if l == 0 else unit
        for d, padding in (("forward", "causal"), ("backward", "anticausal")):
            layer(f"qrnn{l}.{d}.gates", bottleneck if l == 0 else 2 * state, 3 * state, 3, padding, in_q, (0.1, 0),
                  gate_q=[(0.09, -3), (0.11, 0), (0.12, 2)])
    layer("attention", 2 * state, 1, 1, "anticausal", unit, (0.03, -128))
    layer("classifier", 2 * state, labels, 1, "anticausal", unit, (0.004, 3))
    model = {"name": "test-pqrnn", "architecture": "pqrnn", "features": features, "labels": labels,
             "qrnn": {"bottleneck": bottleneck, "state": state, "layers": layers, "kernelWidth": 3}}
    x = rng.integers(-1, 2, (rows, features)).astype(np.int8)
    return model, table, x
