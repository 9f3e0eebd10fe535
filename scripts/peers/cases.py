"""The cases `bench peers --export DIR` wrote, read back: per layer its int8
input, weights, int32 bias and Tern's output; per PRADO model its layers.

Needs numpy only.
"""
import os

import numpy as np


def load_case(folder, case):
    t, k, n, width = case["rows"], case["inputs"], case["outputs"], case["width"]

    def read(key, dtype):
        return np.fromfile(os.path.join(folder, case["files"][key]), dtype=dtype)

    if case["kind"] == "qrnn_pool":
        return read("x", np.int8).reshape(t, k), None, None, read("reference", np.int8).reshape(t, n)

    x = read("x", np.int8).reshape(t, k)
    w = read("w", np.int8).reshape(width, k, n)
    bias = read("bias", np.int32).reshape(n)
    reference = read("reference", np.int8).reshape(t, n)
    return x, w, bias, reference


def pooling_inputs(case, x):
    """The fo-pooling's gates as the peers take them: three int8 tensors z, f, o
    [T, S] (Tern reads one fused [T, 3S] row; the split is free for the peer)."""
    s = case["outputs"]
    return [np.ascontiguousarray(x[:, i * s:(i + 1) * s]) for i in range(3)]


def load_model(folder, model):
    """A PRADO or pQRNN model's layers: name -> (layer, w [k, C_in, C_out] with masked taps zeroed, bias, quantization).
    Per-channel output quantization is accepted only for pQRNN's gate layers, whose graphs split it per gate."""
    layers = {}
    for layer in model["layers"]:
        w = np.fromfile(os.path.join(folder, layer["weightsFile"]), dtype=np.int8)
        w = w.reshape(layer["width"], layer["inputs"], layer["outputs"]).copy()
        for j, on in enumerate(layer["taps"]):
            if not on:
                w[j] = 0  # a masked tap reads nothing
        bias = np.fromfile(os.path.join(folder, layer["biasFile"]), dtype=np.int32)
        q = layer["quantization"]
        if q.get("relu") and q["outputZeroPoint"] != -128:
            raise ValueError(f"{layer['name']}: a ReLU with output zero point {q['outputZeroPoint']} needs an explicit clamp the peers' graphs lack")
        if q.get("outputScales") and not (model.get("architecture") == "pqrnn" and layer["name"].endswith(".gates")):
            raise ValueError(f"{layer['name']}: per-channel output quantization is not expressible in these graphs")
        layers[layer["name"]] = (layer, w, bias, q)
    return layers
