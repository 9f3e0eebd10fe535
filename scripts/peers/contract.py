"""Tern's quantization contract (Kernels/Requantization/QuantizationContract.swift),
in exact integer arithmetic: the oracle the peers' outputs are checked against,
and the comparison of an output with it.

Needs numpy only.
"""
import numpy as np


def split_multiplier(m):
    """M = q * 2^-(r - 31), q in [2^30, 2^31): Tern's Requantization init."""
    if not (np.isfinite(m) and 2.0 ** -31 <= m < 2.0 ** 30):
        raise ValueError(f"requantization multiplier {m} is out of range")
    fraction, exponent = float(m), 0
    while fraction >= 1:
        fraction /= 2
        exponent += 1
    while fraction < 0.5:
        fraction *= 2
        exponent -= 1
    q = fraction * 2.0 ** 31
    q = float(np.floor(q + 0.5))  # half away from zero (q > 0)
    if q == 2.0 ** 31:
        q /= 2
        exponent += 1
    return int(q), 31 - exponent


def requantize(acc, multipliers, output_zero_point, lower=-128, upper=127):
    """int32 accumulators [T, N] -> int8, one rounding (ties away from zero)."""
    acc = acc.astype(np.int64)
    out = np.empty(acc.shape, dtype=np.int8)
    for n, m in enumerate(multipliers):
        q, r = split_multiplier(m)
        p = acc[:, n].astype(object) * q  # exact beyond 64 bits
        half = 1 << (r - 1)
        rounded = np.array([(v + half) >> r if v >= 0 else -((-v + half) >> r) for v in p], dtype=np.int64)
        out[:, n] = np.clip(rounded + output_zero_point, lower, upper)
    return out


def accumulate(case, x, w, bias):
    """bias + sum over taps and inputs of (x - zx) * w; causal taps read zero before step 0."""
    t, width = case["rows"], case["width"]
    xs = x.astype(np.int64) - case["inputZeroPoint"]
    acc = np.tile(bias.astype(np.int64), (t, 1))
    for j in range(width):
        shift = width - 1 - j  # tap j reads step t - (k - 1) + j
        wj = w[j].astype(np.int64)
        acc[shift:] += xs[: t - shift] @ wj
    return acc


def real_multipliers(case):
    """s_in * s_w[n] / s_out[n]; s_out is one scale, or per channel (`outputScales`, pQRNN's fused gates)."""
    s_in = np.float32(case["inputScale"])
    outputs = case.get("outputScales") or [case["outputScale"]] * len(case["weightScales"])
    return [float(np.float64(s_in) * np.float64(np.float32(s)) / np.float64(np.float32(so)))
            for s, so in zip(case["weightScales"], outputs)]


def contract_output(case, x, w, bias):
    return requantize(accumulate(case, x, w, bias), real_multipliers(case), case["outputZeroPoint"])


def round_half_away(v):
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


def activated_gates(case, x):
    """z, f, o [T, S] float32: each pre-activation dequantized, then tanh / sigmoid in float32."""
    s = case["outputs"]
    out = []
    for i, q in enumerate(case["gates"]):
        real = np.float32(q["scale"]) * (x[:, i * s:(i + 1) * s].astype(np.float32) - np.float32(q["zeroPoint"]))
        with np.errstate(over="ignore"):  # exp overflows to inf for large negative inputs: the sigmoid is then 0, as in C
            out.append(np.clip(np.tanh(real), -1, 1) if i == 0 else np.clip(np.float32(1) / (np.float32(1) + np.exp(-real)), 0, 1))
    return [g.astype(np.float32) for g in out]


def pooling_output(case, x):
    """c_t = f c_{t-1} + (1 - f) z, h = o c in float32, h rounded half away from zero (QRNNPooling's contract)."""
    z, f, o = activated_gates(case, x)
    c = np.zeros(case["outputs"], np.float32)
    h = np.empty_like(z)
    for t in range(case["rows"]):
        c = f[t] * c + (np.float32(1) - f[t]) * z[t]
        h[t] = o[t] * c
    q = round_half_away(h / np.float32(case["outputScale"])) + case["outputZeroPoint"]
    return np.clip(q, -128, 127).astype(np.int8)


def pqrnn_logits(model, layers, x):
    """pQRNN's int8 logits after the projection, composed from the contract:
    every layer requantized exactly, the anticausal (backward) gates as the
    causal ones on reversed time with reversed taps, the fo-pooling in float32
    (backward on reversed time), the attention's softmax in float64 (Tern uses
    a float32 exp table, so a pooled value may differ by one step)."""
    def layer_case(name, rows, outputs=None):
        layer, w, bias, q = layers[name]
        return {"rows": rows, "width": layer["width"], "inputScale": q["inputScale"], "inputZeroPoint": q["inputZeroPoint"],
                "weightScales": q["weightScales"], "outputScale": q["outputScale"], "outputZeroPoint": q["outputZeroPoint"]}, w, bias, q

    t, s = x.shape[0], model["qrnn"]["state"]
    case, w, bias, _ = layer_case("bottleneck", t)
    h = contract_output(case, x, w[:1], bias)
    for l in range(model["qrnn"]["layers"]):
        halves = []
        for d in ("forward", "backward"):
            case, w, bias, q = layer_case(f"qrnn{l}.{d}.gates", t)
            backward = d == "backward"
            source = h[::-1] if backward else h
            taps = w[::-1] if backward else w
            acc = accumulate(case, source, taps, bias)
            multipliers = real_multipliers(dict(case, outputScales=q["outputScales"]))
            gates = np.concatenate([requantize(acc[:, g * s:(g + 1) * s], multipliers[g * s:(g + 1) * s], q["outputZeroPoints"][g * s])
                                    for g in range(3)], axis=1)
            pool = {"rows": t, "outputs": s, "outputScale": 1 / 127, "outputZeroPoint": 0,
                    "gates": [{"scale": q["outputScales"][g * s], "zeroPoint": q["outputZeroPoints"][g * s]} for g in range(3)]}
            out = pooling_output(pool, gates)
            halves.append(out[::-1] if backward else out)
        h = np.concatenate(halves, axis=1)
    case, w, bias, q = layer_case("attention", t)
    logits = contract_output(case, h, w[:1], bias).astype(np.float64)[:, 0]
    weights = np.exp((logits - logits.max()) * np.float64(q["outputScale"]))
    pooled = round_half_away((weights[:, None] * h.astype(np.float64)).sum(0) / weights.sum())
    pooled = np.clip(pooled, -128, 127).astype(np.int8).reshape(1, -1)
    case, w, bias, _ = layer_case("classifier", 1)
    return contract_output(case, pooled, w[:1], bias).reshape(-1)


def compare(name, got, expected, tolerance):
    """Largest difference in LSB and the share of exact outputs; passes when within tolerance."""
    diff = np.abs(got.astype(np.int32) - expected.astype(np.int32))
    result = {"peer": name, "max_lsb": int(diff.max()), "exact_share": float((diff == 0).mean()), "tolerance_lsb": tolerance}
    result["ok"] = result["max_lsb"] <= tolerance
    return result
