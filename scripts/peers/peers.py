#!/usr/bin/env python3
"""Tern side by side with ONNX Runtime and LiteRT on the same int8 layers.

Reads the cases `bench peers --export DIR` wrote (tensors, scales, Tern's
reference output and Tern's times), builds each peer's graph from them
(ONNX with onnx.helper, LiteRT flatbuffers with the schema module that
ai-edge-litert ships), checks every peer's output against Tern's, times the
peers with one thread and with all threads, and writes JSON and Markdown.

Run through scripts/peers/run, which sets up the pinned virtual environment.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import tempfile
import sys
import time

import numpy as np

# --------------------------------------------------------------------------
# Tern's quantization contract (Kernels/Requantization/QuantizationContract.swift),
# in exact integer arithmetic: the oracle the peers' outputs are checked against.


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
    s_in, s_out = np.float32(case["inputScale"]), np.float32(case["outputScale"])
    return [float(np.float64(s_in) * np.float64(np.float32(s)) / np.float64(s_out)) for s in case["weightScales"]]


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


def compare(name, got, expected, tolerance):
    """Largest difference in LSB and the share of exact outputs; passes when within tolerance."""
    diff = np.abs(got.astype(np.int32) - expected.astype(np.int32))
    result = {"peer": name, "max_lsb": int(diff.max()), "exact_share": float((diff == 0).mean()), "tolerance_lsb": tolerance}
    result["ok"] = result["max_lsb"] <= tolerance
    return result


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


# --------------------------------------------------------------------------
# ONNX Runtime graphs


def onnx_graphs(case, x, w, bias):
    """(name, model, feeds, to_tern_layout, exact) per ONNX formulation of the case."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    t, k, n, width = case["rows"], case["inputs"], case["outputs"], case["width"]
    s_in, z_in = case["inputScale"], case["inputZeroPoint"]
    s_w = np.array(case["weightScales"], dtype=np.float32)
    s_out, z_out = case["outputScale"], case["outputZeroPoint"]

    def scalar(name, value, dtype):
        return numpy_helper.from_array(np.array(value, dtype=dtype), name)

    def model(nodes, inputs, outputs, initializers, opset=21):
        graph = helper.make_graph(nodes, "tern_peer", inputs, outputs, initializers)
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
        m.ir_version = 10
        onnx.checker.check_model(m)
        return m.SerializeToString()

    graphs = []
    # Each formulation twice: int8 activations as Tern has them, and uint8
    # activations (x + 128, zero point + 128: the same real values), the
    # scheme ONNX Runtime's x86 kernels are fastest with (u8 x s8).
    for unsigned in (False, True):
        act_type, act_np = (TensorProto.UINT8, np.uint8) if unsigned else (TensorProto.INT8, np.int8)
        xa = (x.astype(np.int16) + 128).astype(np.uint8) if unsigned else x
        za, zo = (z_in + 128, z_out + 128) if unsigned else (z_in, z_out)
        back = (lambda y: (y.astype(np.int16) - 128).astype(np.int8)) if unsigned else (lambda y: y)
        suffix = " (u8 activations)" if unsigned else " (s8 activations)"
        if case["kind"] == "dense":
            b = w[0]
            init = [numpy_helper.from_array(b, "B"), scalar("a_scale", s_in, np.float32), scalar("a_zp", za, act_np),
                    numpy_helper.from_array(s_w, "b_scale"), numpy_helper.from_array(np.zeros(n, np.int8), "b_zp"),
                    scalar("y_scale", s_out, np.float32), scalar("y_zp", zo, act_np)]
            node = helper.make_node("QLinearMatMul", ["A", "a_scale", "a_zp", "B", "b_scale", "b_zp", "y_scale", "y_zp"], ["Y"])
            graphs.append(("ort QLinearMatMul" + suffix, model([node], [helper.make_tensor_value_info("A", act_type, [t, k])],
                                                                [helper.make_tensor_value_info("Y", act_type, [t, n])], init),
                           {"A": xa}, back, False))
            init = [numpy_helper.from_array(b, "B"), scalar("a_zp", za, act_np)]
            node = helper.make_node("MatMulInteger", ["A", "B", "a_zp"], ["Y"])
            # int32 accumulators: requantized here by the contract, so the result is exact or wrong.
            graphs.append(("ort MatMulInteger, int32 out" + suffix, model([node], [helper.make_tensor_value_info("A", act_type, [t, k])],
                                                                           [helper.make_tensor_value_info("Y", TensorProto.INT32, [t, n])], init),
                           {"A": xa}, lambda y: requantize(y + bias, real_multipliers(case), z_out), True))
        else:
            # NCHW with H = 1: the time axis is W; causal padding is pads W_begin = k - 1.
            wk = np.ascontiguousarray(np.transpose(w, (2, 1, 0)).reshape(n, k, 1, width))
            init = [numpy_helper.from_array(wk, "W"), scalar("x_scale", s_in, np.float32), scalar("x_zp", za, act_np),
                    numpy_helper.from_array(s_w, "w_scale"), numpy_helper.from_array(np.zeros(n, np.int8), "w_zp"),
                    scalar("y_scale", s_out, np.float32), scalar("y_zp", zo, act_np), numpy_helper.from_array(bias, "bias")]
            node = helper.make_node("QLinearConv", ["X", "x_scale", "x_zp", "W", "w_scale", "w_zp", "y_scale", "y_zp", "bias"], ["Y"],
                                    kernel_shape=[1, width], pads=[0, width - 1, 0, 0], strides=[1, 1])
            xn = np.ascontiguousarray(xa.T.reshape(1, k, 1, t))
            graphs.append(("ort QLinearConv" + suffix, model([node], [helper.make_tensor_value_info("X", act_type, [1, k, 1, t])],
                                                              [helper.make_tensor_value_info("Y", act_type, [1, n, 1, t])], init),
                           {"X": xn}, lambda y, back=back: back(y.reshape(n, t).T), False))
    return graphs


def onnx_identity():
    from onnx import TensorProto, helper
    graph = helper.make_graph([helper.make_node("Identity", ["A"], ["Y"])], "overhead",
                              [helper.make_tensor_value_info("A", TensorProto.INT8, [1])],
                              [helper.make_tensor_value_info("Y", TensorProto.INT8, [1])])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    m.ir_version = 10
    return m.SerializeToString(), {"A": np.zeros(1, np.int8)}


class OrtRunner:
    """One ONNX Runtime session with inputs and outputs bound once (io_binding):
    a timed call is the run itself, not numpy copies."""

    def __init__(self, model_bytes, feeds, threads):
        import onnxruntime as ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
        self.binding = self.session.io_binding()
        for name, value in feeds.items():
            self.binding.bind_cpu_input(name, value)
        for o in self.session.get_outputs():
            self.binding.bind_output(o.name, "cpu")

    def __call__(self):
        self.session.run_with_iobinding(self.binding)

    def output(self):
        self()
        return self.binding.copy_outputs_to_cpu()[0]


# --------------------------------------------------------------------------
# LiteRT (TFLite) flatbuffers, built with the schema module ai-edge-litert ships


class LiteRTGraph:
    """A LiteRT model under construction, through the schema module
    ai-edge-litert ships (no TensorFlow): tensors (constants with their
    buffers), operators (one operator code per builtin), then the flatbuffer."""

    def __init__(self):
        from ai_edge_litert import schema_py_generated as S
        self.S = S
        self.I8, self.I32, self.F32 = S.TensorType.INT8, S.TensorType.INT32, S.TensorType.FLOAT32
        self.buffers = [S.BufferT()]  # buffer 0: the empty sentinel of tensors without data
        self.tensors, self.codes, self.ops, self.code_index = [], [], [], {}

    def tensor(self, shape, dtype, scales=None, zero_points=None, data=None):
        """Quantized per tensor (one scale), or per output channel along dimension 0."""
        S = self.S
        tt = S.TensorT()
        tt.name, tt.shape, tt.type, tt.buffer = f"t{len(self.tensors)}", list(shape), dtype, 0
        if data is not None:
            b = S.BufferT()
            b.data = np.frombuffer(np.ascontiguousarray(data).tobytes(), dtype=np.uint8)
            self.buffers.append(b)
            tt.buffer = len(self.buffers) - 1
        if scales is not None:
            q = S.QuantizationParametersT()
            q.scale, q.zeroPoint, q.quantizedDimension = list(scales), list(zero_points), 0
            tt.quantization = q
        self.tensors.append(tt)
        return len(self.tensors) - 1

    def op(self, builtin, version, inputs, outputs, options_type=0, options=None):
        S = self.S
        if builtin not in self.code_index:
            c = S.OperatorCodeT()
            c.builtinCode, c.deprecatedBuiltinCode, c.version = builtin, min(builtin, 127), version
            self.codes.append(c)
            self.code_index[builtin] = len(self.codes) - 1
        o = S.OperatorT()
        o.opcodeIndex, o.inputs, o.outputs = self.code_index[builtin], inputs, outputs
        o.builtinOptionsType, o.builtinOptions = options_type, options
        self.ops.append(o)

    def fully_connected(self, x, rows, w, bias, input_scale, weight_scales, output_q):
        """int8 x [rows, K] times w [K, N] (Tern's layout; per-channel scales) plus int32 bias -> int8 [rows, N]."""
        S = self.S
        k, n = w.shape
        wi = self.tensor([n, k], self.I8, weight_scales, [0] * n, np.ascontiguousarray(w.T))
        bi = self.tensor([n], self.I32, bias_scales(input_scale, weight_scales), [0] * n, bias)
        y = self.tensor([rows, n], self.I8, *output_q)
        self.op(S.BuiltinOperator.FULLY_CONNECTED, 5, [x, wi, bi], [y], S.BuiltinOptions.FullyConnectedOptions,
                S.FullyConnectedOptionsT())
        return y

    def conv_over_time(self, x4, t, w, bias, input_q, weight_scales, output_q, pad_before, pad_after):
        """int8 x [1, 1, T, C_in]: PAD on the time axis (with the input zero point, i.e. real zero) when
        a pad is asked for, then CONV_2D (VALID) with w [k, C_in, N] plus int32 bias -> int8 [1, 1, T, N]."""
        S = self.S
        width, cin, n = w.shape
        if pad_before or pad_after:
            pads = self.tensor([4, 2], self.I32, data=np.array([[0, 0], [0, 0], [pad_before, pad_after], [0, 0]], np.int32))
            padded = self.tensor([1, 1, t + pad_before + pad_after, cin], self.I8, *input_q)
            self.op(S.BuiltinOperator.PAD, 2, [x4, pads], [padded], S.BuiltinOptions.PadOptions, S.PadOptionsT())
            x4 = padded
        filt = np.ascontiguousarray(np.transpose(w, (2, 0, 1)).reshape(n, 1, width, cin))
        wi = self.tensor([n, 1, width, cin], self.I8, weight_scales, [0] * n, filt)
        bi = self.tensor([n], self.I32, bias_scales(input_q[0][0], weight_scales), [0] * n, bias)
        y = self.tensor([1, 1, t, n], self.I8, *output_q)
        options = S.Conv2DOptionsT()
        options.padding, options.strideW, options.strideH, options.dilationWFactor, options.dilationHFactor = S.Padding.VALID, 1, 1, 1, 1
        self.op(S.BuiltinOperator.CONV_2D, 3, [x4, wi, bi], [y], S.BuiltinOptions.Conv2DOptions, options)
        return y

    def reshape(self, x, shape, dtype, q=None):
        S = self.S
        y = self.tensor(shape, dtype, *(q or (None, None)))
        shape_t = self.tensor([len(shape)], self.I32, data=np.array(shape, np.int32))
        options = S.ReshapeOptionsT()
        options.newShape = list(shape)
        self.op(S.BuiltinOperator.RESHAPE, 1, [x, shape_t], [y], S.BuiltinOptions.ReshapeOptions, options)
        return y

    def finish(self, inputs, outputs, description=""):
        import flatbuffers
        S = self.S
        sub = S.SubGraphT()
        sub.tensors, sub.inputs, sub.outputs, sub.operators, sub.name = self.tensors, inputs, outputs, self.ops, "main"
        m = S.ModelT()
        m.version, m.operatorCodes, m.subgraphs, m.buffers, m.description = 3, self.codes, [sub], self.buffers, description
        builder = flatbuffers.Builder(1 << 20)
        builder.Finish(m.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())


def bias_scales(input_scale, weight_scales):
    """The int32 bias's scales, s_in * s_w[n], in float32 as the peers compute them."""
    return [float(np.float32(input_scale) * np.float32(s)) for s in weight_scales]


def tflite_model(case, x, w, bias):
    """FULLY_CONNECTED for a dense case; PAD (causal, with the input zero point) + CONV_2D for the convolution."""
    t, k, n, width = case["rows"], case["inputs"], case["outputs"], case["width"]
    input_q = ([case["inputScale"]], [case["inputZeroPoint"]])
    output_q = ([case["outputScale"]], [case["outputZeroPoint"]])
    s_w = [float(s) for s in case["weightScales"]]
    g = LiteRTGraph()
    if case["kind"] == "dense":
        xi = g.tensor([t, k], g.I8, *input_q)
        yi = g.fully_connected(xi, t, w[0], bias, case["inputScale"], s_w, output_q)
        feed = x
    else:
        xi = g.tensor([1, 1, t, k], g.I8, *input_q)
        yi = g.conv_over_time(xi, t, w, bias, input_q, s_w, output_q, pad_before=width - 1, pad_after=0)
        feed = x.reshape(1, 1, t, k)
    return g.finish([xi], [yi], "tern peer case " + case["id"]), feed, (lambda y: y.reshape(t, n))


def tflite_overhead_model():
    """A one-element int8 ADD: what one invoke() from Python costs with no work."""
    g = LiteRTGraph()
    a, b, y = (g.tensor([1], g.I8, [1.0], [0]) for _ in range(3))
    g.op(g.S.BuiltinOperator.ADD, 2, [a, b], [y], g.S.BuiltinOptions.AddOptions, g.S.AddOptionsT())
    return g.finish([a, b], [y])


class LiteRTRunner:
    """One LiteRT interpreter, input set once; a timed call is invoke()."""

    def __init__(self, model_bytes, feeds, threads, xnnpack):
        from ai_edge_litert import interpreter as lite
        resolver = lite.OpResolverType.BUILTIN if xnnpack else lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
        self.interpreter = lite.Interpreter(model_content=model_bytes, num_threads=threads, experimental_op_resolver_type=resolver)
        self.interpreter.allocate_tensors()
        for detail, value in zip(self.interpreter.get_input_details(), feeds):
            self.interpreter.set_tensor(detail["index"], value)
        self.out = self.interpreter.get_output_details()[0]["index"]

    def __call__(self):
        self.interpreter.invoke()

    def output(self):
        self()
        return self.interpreter.get_tensor(self.out)


# --------------------------------------------------------------------------
# pQRNN's fo-pooling as the peers allow it: ONNX Scan (a loop over T in the
# graph), LiteRT unrolled (UNPACK, then five element-wise ops per step, PACK).
# The gates arrive as three int8 tensors z, f, o [T, S] (Tern reads one fused
# [T, 3S] row; the split is free for the peer).


def pooling_inputs(case, x):
    s = case["outputs"]
    return [np.ascontiguousarray(x[:, i * s:(i + 1) * s]) for i in range(3)]


def pooling_onnx(case):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    t, s = case["rows"], case["outputs"]
    body = helper.make_graph(
        [helper.make_node("Mul", ["f_t", "c_in"], ["fc"]),
         helper.make_node("Sub", ["one", "f_t"], ["one_minus_f"]),
         helper.make_node("Mul", ["one_minus_f", "z_t"], ["fz"]),
         helper.make_node("Add", ["fc", "fz"], ["c_out"]),
         helper.make_node("Mul", ["o_t", "c_out"], ["h_t"])],
        "step",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [s]) for n in ["c_in", "z_t", "f_t", "o_t"]],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [s]) for n in ["c_out", "h_t"]],
        [numpy_helper.from_array(np.ones(s, np.float32), "one")])
    nodes, init = [], [numpy_helper.from_array(np.zeros(s, np.float32), "c0"),
                       numpy_helper.from_array(np.array(case["outputScale"], np.float32), "h_scale"),
                       numpy_helper.from_array(np.array(case["outputZeroPoint"], np.int8), "h_zp")]
    activated = []
    for name, q, act in zip("zfo", case["gates"], ["Tanh", "Sigmoid", "Sigmoid"]):
        init += [numpy_helper.from_array(np.array(q["scale"], np.float32), name + "_scale"),
                 numpy_helper.from_array(np.array(q["zeroPoint"], np.int8), name + "_zp")]
        nodes += [helper.make_node("DequantizeLinear", [name.upper(), name + "_scale", name + "_zp"], [name + "_real"]),
                  helper.make_node(act, [name + "_real"], [name + "_act"])]
        activated.append(name + "_act")
    nodes.append(helper.make_node("Scan", ["c0"] + activated, ["c_last", "h"], num_scan_inputs=3, body=body))
    nodes.append(helper.make_node("QuantizeLinear", ["h", "h_scale", "h_zp"], ["H"]))
    graph = helper.make_graph(nodes, "fo_pool", [helper.make_tensor_value_info(n, TensorProto.INT8, [t, s]) for n in "ZFO"],
                              [helper.make_tensor_value_info("H", TensorProto.INT8, [t, s])], init)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    m.ir_version = 10
    onnx.checker.check_model(m)
    return m.SerializeToString()


def pooling_tflite(case):
    t, s = case["rows"], case["outputs"]
    g = LiteRTGraph()
    S, I8, F32, B = g.S, g.I8, g.F32, g.S.BuiltinOperator

    def tensor(shape, dtype, q=None, data=None):
        return g.tensor(shape, dtype, *(([q[0]], [q[1]]) if q else (None, None)), data=data)

    def op(builtin, inputs, outputs, options_type=0, options=None, version=1):
        g.op(builtin, version, inputs, outputs, options_type, options)

    inputs, steps = [], []
    for i, q in enumerate(case["gates"]):
        x = tensor([t, s], I8, (q["scale"], q["zeroPoint"]))
        inputs.append(x)
        real, act = tensor([t, s], F32), tensor([t, s], F32)
        op(B.DEQUANTIZE, [x], [real], version=2)
        op(B.TANH if i == 0 else B.LOGISTIC, [real], [act])
        rows = [tensor([s], F32) for _ in range(t)]
        options = S.UnpackOptionsT()
        options.num, options.axis = t, 0
        op(B.UNPACK, [act], rows, S.BuiltinOptions.UnpackOptions, options)
        steps.append(rows)
    one = tensor([1], F32, data=np.ones(1, np.float32))
    z, f, o = steps
    h_rows, c = [], None
    for step in range(t):
        omf, fz = tensor([s], F32), tensor([s], F32)
        op(B.SUB, [one, f[step]], [omf], S.BuiltinOptions.SubOptions, S.SubOptionsT())
        op(B.MUL, [omf, z[step]], [fz], S.BuiltinOptions.MulOptions, S.MulOptionsT())
        if c is None:
            c = fz  # c_{-1} = 0
        else:
            fc, c_new = tensor([s], F32), tensor([s], F32)
            op(B.MUL, [f[step], c], [fc], S.BuiltinOptions.MulOptions, S.MulOptionsT())
            op(B.ADD, [fc, fz], [c_new], S.BuiltinOptions.AddOptions, S.AddOptionsT())
            c = c_new
        h = tensor([s], F32)
        op(B.MUL, [o[step], c], [h], S.BuiltinOptions.MulOptions, S.MulOptionsT())
        h_rows.append(h)
    packed, out = tensor([t, s], F32), tensor([t, s], I8, (case["outputScale"], case["outputZeroPoint"]))
    options = S.PackOptionsT()
    options.valuesCount, options.axis = t, 0
    op(B.PACK, h_rows, [packed], S.BuiltinOptions.PackOptions, options)
    op(B.QUANTIZE, [packed], [out])
    return g.finish(inputs, [out]), len(g.ops)


# --------------------------------------------------------------------------
# PRADO after the projection, as a whole graph: int8 dense layers and n-gram
# convolutions, the per-channel softmax attention in float (as Tern computes
# it inside its kernel), the int8 classifier.


def load_prado(folder, model):
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
        if q.get("outputScales"):
            raise ValueError(f"{layer['name']}: per-channel output quantization is not expressible in these graphs")
        layers[layer["name"]] = (layer, w, bias, q)
    return layers


def prado_tflite(model, layers, rows):
    g = LiteRTGraph()
    S, I8, I32, F32, B = g.S, g.I8, g.I32, g.F32, g.S.BuiltinOperator
    tensor, op, reshape = g.tensor, g.op, g.reshape

    def dense(x, name, t):
        layer, w, bias, q = layers[name]
        return g.fully_connected(x, t, w[0], bias, q["inputScale"], q["weightScales"], ([q["outputScale"]], [q["outputZeroPoint"]]))

    def ngram(x, name, t):
        # anticausal: output t reads t ... t + k - 1, the zero point after the end.
        layer, w, bias, q = layers[name]
        in_q = ([q["inputScale"]], [q["inputZeroPoint"]])
        x4 = reshape(x, [1, 1, t, layer["inputs"]], I8, in_q)
        y = g.conv_over_time(x4, t, w, bias, in_q, q["weightScales"], ([q["outputScale"]], [q["outputZeroPoint"]]),
                             pad_before=0, pad_after=layer["width"] - 1)
        return y, layer["outputs"]

    def dequantize_ct(x, t, c):
        f = tensor([1, 1, t, c], F32)
        op(B.DEQUANTIZE, 2, [x], [f])
        f2 = reshape(f, [t, c], F32)
        perm = tensor([2], I32, data=np.array([1, 0], np.int32))
        ct = tensor([c, t], F32)
        op(B.TRANSPOSE, 1, [f2, perm], [ct], S.BuiltinOptions.TransposeOptions, S.TransposeOptionsT())
        return ct

    t = rows
    x = tensor([t, model["features"]], I8, [layers["values"][3]["inputScale"]], [layers["values"][3]["inputZeroPoint"]])
    values, keys = dense(x, "values", t), dense(x, "keys", t)
    pooled = []
    for i, _ in enumerate(model["heads"]):
        v, c = ngram(values, f"head{i}.values", t)
        k, _ = ngram(keys, f"head{i}.keys", t)
        logits_ct, values_ct = dequantize_ct(k, t, c), dequantize_ct(v, t, c)
        p = tensor([c, t], F32)
        options = S.SoftmaxOptionsT()
        options.beta = 1.0
        op(B.SOFTMAX, 1, [logits_ct], [p], S.BuiltinOptions.SoftmaxOptions, options)
        weighted = tensor([c, t], F32)
        op(B.MUL, 1, [p, values_ct], [weighted], S.BuiltinOptions.MulOptions, S.MulOptionsT())
        axis = tensor([1], I32, data=np.array([1], np.int32))
        summed = tensor([c], F32)
        reducer = S.ReducerOptionsT()
        reducer.keepDims = False
        op(B.SUM, 1, [weighted, axis], [summed], S.BuiltinOptions.ReducerOptions, reducer)
        pooled.append(summed)
    width = sum(h["channels"] for h in model["heads"])
    cat = tensor([width], F32)
    options = S.ConcatenationOptionsT()
    options.axis = 0
    op(B.CONCATENATION, 1, pooled, [cat], S.BuiltinOptions.ConcatenationOptions, options)
    cat2 = reshape(cat, [1, width], F32)
    cq = layers["classifier"][3]
    quantized = tensor([1, width], I8, [cq["inputScale"]], [cq["inputZeroPoint"]])
    op(B.QUANTIZE, 1, [cat2], [quantized])
    logits = dense(quantized, "classifier", 1)
    return g.finish([x], [logits], f"{model['name']} after the projection, T {rows}")


def prado_onnx(model, layers, rows):
    """NCHW with H = 1 and uint8 activations (ONNX Runtime's fast x86 scheme):
    every int8 layer a QLinearConv (width 1 for the dense ones, which carry a bias)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    nodes, init = [], []

    def const(name, value, dtype):
        init.append(numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def conv(x, name):
        layer, w, bias, q = layers[name]
        width, cin, n = layer["width"], layer["inputs"], layer["outputs"]
        wk = np.ascontiguousarray(np.transpose(w, (2, 1, 0)).reshape(n, cin, 1, width))
        init.append(numpy_helper.from_array(wk, name + ".W"))
        init.append(numpy_helper.from_array(np.array(q["weightScales"], np.float32), name + ".w_scale"))
        init.append(numpy_helper.from_array(np.zeros(n, np.int8), name + ".w_zp"))
        init.append(numpy_helper.from_array(bias, name + ".bias"))
        ins = [x, const(name + ".x_scale", q["inputScale"], np.float32), const(name + ".x_zp", q["inputZeroPoint"] + 128, np.uint8),
               name + ".W", name + ".w_scale", name + ".w_zp", const(name + ".y_scale", q["outputScale"], np.float32),
               const(name + ".y_zp", q["outputZeroPoint"] + 128, np.uint8), name + ".bias"]
        nodes.append(helper.make_node("QLinearConv", ins, [name + ".y"], kernel_shape=[1, width], pads=[0, 0, 0, width - 1]))
        return name + ".y", q

    def dequantize(x, q, name):
        nodes.append(helper.make_node("DequantizeLinear", [x, const(name + ".s", q["outputScale"], np.float32),
                                                           const(name + ".z", q["outputZeroPoint"] + 128, np.uint8)], [name]))
        return name

    values, _ = conv("X", "values")
    keys, _ = conv("X", "keys")
    pooled = []
    for i, _ in enumerate(model["heads"]):
        v, vq = conv(values, f"head{i}.values")
        k, kq = conv(keys, f"head{i}.keys")
        p = f"head{i}.p"
        nodes.append(helper.make_node("Softmax", [dequantize(k, kq, f"head{i}.kf")], [p], axis=3))
        nodes.append(helper.make_node("Mul", [p, dequantize(v, vq, f"head{i}.vf")], [f"head{i}.pv"]))
        nodes.append(helper.make_node("ReduceSum", [f"head{i}.pv", const(f"head{i}.axes", [3], np.int64)], [f"head{i}.pooled"], keepdims=1))
        pooled.append(f"head{i}.pooled")
    nodes.append(helper.make_node("Concat", pooled, ["pooled"], axis=1))
    cq = layers["classifier"][3]
    nodes.append(helper.make_node("QuantizeLinear", ["pooled", const("pooled.s", cq["inputScale"], np.float32),
                                                     const("pooled.z", cq["inputZeroPoint"] + 128, np.uint8)], ["pooled.q"]))
    logits, _ = conv("pooled.q", "classifier")
    graph = helper.make_graph(nodes, model["name"], [helper.make_tensor_value_info("X", TensorProto.UINT8, [1, model["features"], 1, rows])],
                              [helper.make_tensor_value_info(logits, TensorProto.UINT8, [1, model["labels"], 1, 1])], init)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    m.ir_version = 10
    onnx.checker.check_model(m)
    return m.SerializeToString()


def run_models(folder, manifest, threads_list, timers):
    results = []
    for model in manifest.get("models", []):
        layers = load_prado(folder, model)
        for item in model["inputs"]:
            rows = item["rows"]
            x = np.fromfile(os.path.join(folder, item["featuresFile"]), dtype=np.int8).reshape(rows, model["features"])
            expected = np.array(item["ternLogits"], dtype=np.int8)
            entry = {"case": f"{model['name']}_T{rows}", "model": model["name"], "rows": rows, "tern": item["tern"], "peers": []}
            tfl = prado_tflite(model, layers, rows)
            onnx_bytes = prado_onnx(model, layers, rows)
            xu = np.ascontiguousarray((x.astype(np.int16) + 128).astype(np.uint8).T.reshape(1, model["features"], 1, rows))
            makers = [("ort QLinearConv graph (u8 activations, float attention)", lambda th: OrtRunner(onnx_bytes, {"X": xu}, th),
                       lambda y: (y.reshape(-1).astype(np.int16) - 128).astype(np.int8))]
            for xnnpack in (True, False):
                makers.append((f"litert builtins, float attention ({'XNNPACK' if xnnpack else 'no XNNPACK'})",
                               lambda th, xn=xnnpack: LiteRTRunner(tfl, [x], th, xn), lambda y: y.reshape(-1)))
            for name, make, to_tern in makers:
                peer = {"peer": name}
                try:
                    first = make(1)
                    peer["check"] = compare(name, to_tern(first.output()), expected, 1)
                    peer["check"]["same_argmax"] = bool(np.argmax(to_tern(first.output())) == np.argmax(expected))
                    timers.append((peer, {th: first if th == 1 else make(th) for th in threads_list}))
                except Exception as error:
                    peer["error"] = f"{type(error).__name__}: {error}".split("\n")[0][:300]
                print(f"peers: {entry['case']}: {name}: " + (peer.get("error") or f"max diff {peer['check']['max_lsb']} LSB"), file=sys.stderr)
                entry["peers"].append(peer)
            results.append(entry)
    return results


# --------------------------------------------------------------------------
# Timing: as Tern's bench does (warm-up, then at least min_time seconds and 15
# samples; medians, not means).


def time_calls(fn, min_time, warmup=0.1, min_samples=15):
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
    return {"count": len(samples), "p10": samples[len(samples) // 10], "p50": samples[len(samples) // 2],
            "p90": samples[(9 * len(samples)) // 10]}


# --------------------------------------------------------------------------


def run(folder, threads_list, timers):
    """Checks every peer on the cases of `folder` and registers its runners
    (one per thread count) in `timers`; timing happens in rounds (measure)."""
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    import onnxruntime
    import ai_edge_litert
    versions = {"onnxruntime": onnxruntime.__version__, "ai-edge-litert": getattr(ai_edge_litert, "__version__", "unknown"),
                "numpy": np.__version__, "python": platform.python_version()}
    try:
        from importlib.metadata import version
        versions["ai-edge-litert"] = version("ai-edge-litert")
        versions["onnx"] = version("onnx")
    except Exception:
        pass
    report = {"machine": manifest["machine"], "tern_command": manifest["command"], "versions": versions, "threads": threads_list,
              "cases": [], "overhead": {}}
    model, feeds = onnx_identity()
    for key, runner in [("ort", OrtRunner(model, feeds, 1)), ("litert", LiteRTRunner(tflite_overhead_model(), [np.zeros(1, np.int8)] * 2, 1, False))]:
        report["overhead"][key] = {}
        timers.append((report["overhead"][key], {1: runner}))
    for case in manifest["cases"]:
        x, w, bias, reference = load_case(folder, case)
        pooling = case["kind"] == "qrnn_pool"
        # The pooling's contract is float32 arithmetic: numpy's tanh and exp may differ from the C library's by an ulp.
        contract = pooling_output(case, x) if pooling else contract_output(case, x, w, bias)
        entry = {"case": case["id"], "kind": case["kind"], "shape": [case["rows"], case["inputs"], case["outputs"], case["width"]],
                 "macs": 0 if pooling else case["rows"] * case["inputs"] * case["outputs"] * case["width"],
                 "contract_check": compare("numpy contract", contract, reference, 1 if pooling else 0), "peers": [],
                 "tern": [r for r in manifest["tern"] if r["caseID"] == case["id"]]}
        runners = []
        if pooling:
            feeds = pooling_inputs(case, x)
            onnx_bytes = pooling_onnx(case)
            runners.append(("ort Scan (loop over T, float state)", False, lambda y: y,
                            lambda threads: OrtRunner(onnx_bytes, dict(zip("ZFO", feeds)), threads)))
            tfl, op_count = pooling_tflite(case)
            entry["litert_ops"] = op_count
            for xnnpack in (True, False):
                runners.append((f"litert unrolled, {op_count} ops ({'XNNPACK' if xnnpack else 'no XNNPACK'})", False, lambda y: y,
                                lambda threads, xn=xnnpack: LiteRTRunner(tfl, feeds, threads, xn)))
        else:
            for name, model, feeds, to_tern, exact in onnx_graphs(case, x, w, bias):
                runners.append((name, exact, to_tern, lambda threads, m=model, f=feeds: OrtRunner(m, f, threads)))
            tfl, feed, to_tern = tflite_model(case, x, w, bias)
            for xnnpack in (True, False):
                name = "litert " + ("FULLY_CONNECTED" if case["kind"] == "dense" else "PAD + CONV_2D") + (" (XNNPACK)" if xnnpack else " (no XNNPACK)")
                runners.append((name, False, to_tern, lambda threads, x=xnnpack: LiteRTRunner(tfl, [feed], threads, x)))
        for name, exact, to_tern, make in runners:
            peer = {"peer": name}
            try:
                first = make(1)
                peer["check"] = compare(name, to_tern(first.output()), reference, 0 if exact else 1)
                timers.append((peer, {th: first if th == 1 else make(th) for th in threads_list}))
            except Exception as error:  # a peer that cannot run this case: said in the report, not hidden
                peer["error"] = f"{type(error).__name__}: {error}".split("\n")[0][:300]
            print(f"peers: {case['id']}: {name}: " + (peer.get("error") or f"max diff {peer['check']['max_lsb']} LSB"), file=sys.stderr)
            entry["peers"].append(peer)
        report["cases"].append(entry)
    report["models"] = run_models(folder, manifest, threads_list, timers)
    return report


def tern_timings(manifest):
    """Tern's timings of one round, keyed by case, variant and threads."""
    out = {}
    for t in manifest["tern"]:
        out[(t["caseID"], t["variant"], t["threads"])] = t
    for model in manifest.get("models", []):
        for item in model["inputs"]:
            for t in item["tern"]:
                out[(t["caseID"], t["variant"], t["threads"])] = t
    return out


def keep_best(target, candidate):
    """Across rounds: the round with the lowest median, and every round's median."""
    rounds = target.get("round_p50s", [target["stats"]["p50"]])
    if candidate["stats"]["p50"] < target["stats"]["p50"]:
        target["stats"] = candidate["stats"]
    target["round_p50s"] = rounds + [candidate["stats"]["p50"]]


def measure(report, timers, rounds, min_time, export_round):
    """`rounds` rounds, each: Tern's side (export_round(i) reruns bench peers
    and returns its manifest; None for the first, already loaded), then every
    peer. Each figure is the round with the lowest median: the shared
    machine's noise only ever adds time, and rounds interleave the engines."""
    tern_entries = {}
    for entry in report["cases"] + report.get("models", []):
        for t in entry["tern"]:
            tern_entries[(t["caseID"], t["variant"], t["threads"])] = t
            t["round_p50s"] = [t["stats"]["p50"]]
    for r in range(rounds):
        if r > 0:
            for key, t in tern_timings(export_round(r)).items():
                if key in tern_entries:
                    keep_best(tern_entries[key], t)
        for target, runners in timers:
            for threads, runner in runners.items():
                stats = time_calls(runner, min_time)
                timings = target.setdefault("timings", {})
                previous = timings.get(str(threads))
                if previous is None:
                    timings[str(threads)] = dict(stats, round_p50s=[stats["p50"]])
                else:
                    previous["round_p50s"].append(stats["p50"])
                    if stats["p50"] < previous["p50"]:
                        previous.update(stats)
        print(f"peers: round {r + 1} of {rounds} timed", file=sys.stderr)


def best_tern(entry, threads):
    """Tern's fastest exact variant on at most `threads` threads (the fo-pooling runs on one)."""
    rows = [r for r in entry["tern"] if r["threads"] <= threads and r["exact"]]
    return min(rows, key=lambda r: r["stats"]["p50"]) if rows else None


def overhead_ns(overhead, key):
    return overhead.get(key, {}).get("timings", {}).get("1", {}).get("p50", 0)


def markdown(report, command):
    lines = ["# Tern and its peers on the same int8 layers", "",
             f"Command: `{command}` (Tern's side: `{report['tern_command']}`, in the same run).", "",
             f"Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, Tern ISA {report['machine']['isaActive']}, "
             f"commit {report['machine']['gitCommit']}, {report['machine']['date']}.", "",
             "Peers: " + ", ".join(f"{k} {v}" for k, v in sorted(report["versions"].items())) + ".", "",
             "Times are medians (p50) of single calls in microseconds; a peer's call is timed from Python "
             "(ONNX Runtime: run_with_iobinding with inputs bound once; LiteRT: invoke() with the input set once). "
             "The Python call overhead, measured on a graph that does no work, is shown apart and subtracted in the "
             "'ratio' columns (in the peers' favour). Ratio = Tern's time / the peer's time: below 1, Tern is faster. "
             "Tern's time is its fastest exact variant in the same run, on at most the peer's thread count. "
             f"Each figure is the best of {report.get('rounds', 1)} rounds (a round: Tern's bench, then every peer), "
             "so bursts of noise on the shared machine fall out; every round's median is in the JSON.", ""]
    overhead = report.get("overhead", {})
    if overhead:
        lines += ["| Python call overhead | p50 (us) |", "|---|---:|"]
        for k, v in overhead.items():
            lines.append(f"| {k} (empty graph, one thread) | {v['timings']['1']['p50'] / 1e3:.1f} |")
        lines.append("")
    for entry in report["cases"]:
        t, k, n, width = entry["shape"]
        if entry["kind"] == "qrnn_pool":
            what = (f"fo-pooling, forward: T {t}, S {n}, pre-activation int8 gates [T, 3S]; tanh / sigmoid and the "
                    f"float32 state inside the kernel, h requantized to int8. ")
            contract = entry["contract_check"]
            agree = "exact" if contract["max_lsb"] == 0 else (
                f"within {contract['max_lsb']} LSB ({100 * contract['exact_share']:.2f} % exact; numpy's float32 tanh and exp are not the C library's)")
        else:
            what = f"{entry['kind']}: T {t}, K {k}, N {n}, width {width} ({entry['macs'] / 1e6:.1f} M multiply-adds). "
            agree = "yes" if entry["contract_check"]["ok"] else "NO"
        lines += [f"## {entry['case']}", "", what + f"Tern's output against the contract computed in numpy: {agree}.", ""]
        header = "| engine | check vs Tern | " + " | ".join(f"{th} thread{'s' if th > 1 else ''} (us)" for th in report["threads"])
        header += " | " + " | ".join(f"ratio {th}T" for th in report["threads"]) + " |"
        lines += [header, "|---|---|" + "---:|" * (2 * len(report["threads"]))]
        tern_variants = sorted({r["variant"] for r in entry["tern"]})
        for v in tern_variants:
            cells = []
            for th in report["threads"]:
                r = [x for x in entry["tern"] if x["variant"] == v and x["threads"] == th]
                cells.append(f"{r[0]['stats']['p50'] / 1e3:.1f}" if r else "-")
            rows = [x for x in entry["tern"] if x["variant"] == v]
            worst = max(x.get("maxDifference", 0 if x["exact"] else 1) for x in rows)
            tolerance = rows[0].get("tolerance", 0)
            check = "exact" if worst == 0 else (f"max {worst} LSB (its written tolerance {tolerance})" if worst <= tolerance else f"DIFFERS by {worst} LSB")
            lines.append(f"| Tern {v} | {check} | " + " | ".join(cells) + " | " + " | ".join("" for _ in report["threads"]) + " |")
        for p in entry["peers"]:
            if "error" in p:
                lines.append(f"| {p['peer']} | cannot run: {p['error']} | " + " | ".join("-" for _ in report["threads"] * 2) + " |")
                continue
            c = p["check"]
            check = "exact" if c["max_lsb"] == 0 else f"max {c['max_lsb']} LSB ({100 * c['exact_share']:.1f} % exact)"
            if not c["ok"]:
                check += " FAILS"
            cells, ratios = [], []
            key = "ort" if p["peer"].startswith("ort") else "litert"
            for th in report["threads"]:
                s = p.get("timings", {}).get(str(th))
                tern = best_tern(entry, th)
                cells.append(f"{s['p50'] / 1e3:.1f}" if s else "-")
                if s and tern:
                    peer_time = max(1.0, s["p50"] - overhead_ns(overhead, key))
                    ratios.append(f"{tern['stats']['p50'] / peer_time:.2f}")
                else:
                    ratios.append("-")
            lines.append(f"| {p['peer']} | {check} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        lines.append("")
    if report.get("models"):
        lines += ["## Whole model: PRADO after the projection", "",
                  "The shipped model's int8 layers on the same projected text (T rows of ternary features); the peers' graphs "
                  "are built from its weights: int8 dense layers and n-gram convolutions, the per-channel softmax attention "
                  "in float (Tern's attention also sums in float), the int8 classifier. Check: the int8 logits against Tern's.", ""]
        header = "| model, T | engine | check vs Tern | " + " | ".join(f"{th}T (us)" for th in report["threads"])
        header += " | " + " | ".join(f"ratio {th}T" for th in report["threads"]) + " |"
        lines += [header, "|---|---|---|" + "---:|" * (2 * len(report["threads"]))]
        for entry in report["models"]:
            cells = []
            for th in report["threads"]:
                r = [x for x in entry["tern"] if x["threads"] == th]
                cells.append(f"{r[0]['stats']['p50'] / 1e3:.1f}" if r else "-")
            lines.append(f"| {entry['model']}, T {entry['rows']} | Tern {entry['tern'][0]['variant']} | (the reference) | "
                         + " | ".join(cells) + " | " + " | ".join("" for _ in report["threads"]) + " |")
            for p in entry["peers"]:
                if "error" in p:
                    lines.append(f"| | {p['peer']} | cannot run: {p['error']} | " + " | ".join("-" for _ in report["threads"] * 2) + " |")
                    continue
                c = p["check"]
                check = ("exact" if c["max_lsb"] == 0 else f"max {c['max_lsb']} LSB") + ("" if c["same_argmax"] else ", other class")
                if not c["ok"]:
                    check += " FAILS"
                key = "ort" if p["peer"].startswith("ort") else "litert"
                cells, ratios = [], []
                for th in report["threads"]:
                    s = p.get("timings", {}).get(str(th))
                    tern = [x for x in entry["tern"] if x["threads"] == th]
                    cells.append(f"{s['p50'] / 1e3:.1f}" if s else "-")
                    peer_time = max(1.0, s["p50"] - overhead_ns(overhead, key)) if s else None
                    ratios.append(f"{tern[0]['stats']['p50'] / peer_time:.2f}" if s and tern else "-")
                lines.append(f"| | {p['peer']} | {check} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", required=True, help="the bench binary (release build): it exports the cases and times Tern")
    parser.add_argument("--out", default="Results", help="folder for peers.json and peers.md")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--min-time", type=float, default=0.5, help="seconds of samples per figure and round, on both sides")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of Tern then the peers; each figure is its best round")
    parser.add_argument("--command", default="scripts/peers/run")
    args = parser.parse_args()
    threads = [int(v) for v in args.threads.split(",")]
    work = tempfile.mkdtemp(prefix="tern-peers-")

    def export_round(r):
        folder = os.path.join(work, f"round{r}")
        subprocess.run([args.bench, "peers", "--export", folder, "--min-time", str(args.min_time), "--out", "-"],
                       check=True, stdout=subprocess.DEVNULL)
        return json.load(open(os.path.join(folder, "manifest.json")))

    try:
        export_round(0)
        timers = []
        report = run(os.path.join(work, "round0"), threads, timers)
        measure(report, timers, args.rounds, args.min_time, export_round)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["command"] = args.command
    report["rounds"] = args.rounds
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "peers.json"), "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
    text = markdown(report, args.command)
    with open(os.path.join(args.out, "peers.md"), "w") as f:
        f.write(text + "\n")
    print(text)
    failed = [p for e in report["cases"] for p in e["peers"] if "check" in p and not p["check"]["ok"]]
    failed += [e for e in report["cases"] if not e["contract_check"]["ok"]]
    failed += [p for e in report.get("models", []) for p in e["peers"] if "check" in p and not p["check"]["ok"]]
    if failed:
        print(f"peers: {len(failed)} checks failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
