"""The peers' ONNX graphs, built with onnx.helper: each kernel case in every
ONNX formulation of it, the empty graph that measures the Python call
overhead, pQRNN's fo-pooling as a Scan (a loop over T in the graph), and
PRADO and pQRNN after the projection as whole graphs.

onnx is imported inside the functions, so the module imports with numpy only.
"""
import numpy as np

from contract import real_multipliers, requantize


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


def fo_step(s):
    """One fo-pooling step as a Scan body over S channels: (c_in; z_t, f_t, o_t) -> (c_out; h_t),
    c = f c + (1 - f) z and h = o c in float32."""
    from onnx import TensorProto, helper, numpy_helper
    return helper.make_graph(
        [helper.make_node("Mul", ["f_t", "c_in"], ["fc"]),
         helper.make_node("Sub", ["one", "f_t"], ["one_minus_f"]),
         helper.make_node("Mul", ["one_minus_f", "z_t"], ["fz"]),
         helper.make_node("Add", ["fc", "fz"], ["c_out"]),
         helper.make_node("Mul", ["o_t", "c_out"], ["h_t"])],
        "step",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [s]) for n in ["c_in", "z_t", "f_t", "o_t"]],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [s]) for n in ["c_out", "h_t"]],
        [numpy_helper.from_array(np.ones(s, np.float32), "one")])


def pooling_onnx(case):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    t, s = case["rows"], case["outputs"]
    body = fo_step(s)
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


def prado_onnx(model, layers, rows):
    """NCHW with H = 1 and uint8 activations (ONNX Runtime's fast x86 scheme):
    every int8 layer a QLinearConv (width 1 for the dense ones, which carry a bias)."""
    from onnx import helper, numpy_helper
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
    return whole_model(nodes, init, model, rows, logits)


def pqrnn_onnx(model, layers, rows):
    """pQRNN after the projection, NCHW with H = 1 and uint8 activations: the
    bottleneck and the attention logit and classifier QLinearConv (width 1),
    per layer and direction three QLinearConv gates (each with its own output
    quantization) padded causally or anticausally, the fo-pooling as a Scan
    (the backward one scanning in reverse), the softmax attention in float."""
    from onnx import helper, numpy_helper
    nodes, init = [], []
    t, s = rows, model["qrnn"]["state"]

    def const(name, value, dtype):
        init.append(numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def conv(x, name, channels=None, out_q=None, suffix=""):
        """QLinearConv of layer `name` (output channels `channels`, a slice), padded as the layer is."""
        layer, w, bias, q = layers[name]
        width, cin = layer["width"], layer["inputs"]
        part = channels or slice(0, layer["outputs"])
        w, bias, scales = w[:, :, part], bias[part], np.array(q["weightScales"], np.float32)[part]
        n = w.shape[2]
        y_scale, y_zp = out_q or (q["outputScale"], q["outputZeroPoint"])
        key = name + suffix
        wk = np.ascontiguousarray(np.transpose(w, (2, 1, 0)).reshape(n, cin, 1, width))
        init.extend([numpy_helper.from_array(wk, key + ".W"), numpy_helper.from_array(scales, key + ".w_scale"),
                     numpy_helper.from_array(np.zeros(n, np.int8), key + ".w_zp"), numpy_helper.from_array(np.ascontiguousarray(bias), key + ".bias")])
        ins = [x, const(key + ".x_scale", q["inputScale"], np.float32), const(key + ".x_zp", q["inputZeroPoint"] + 128, np.uint8),
               key + ".W", key + ".w_scale", key + ".w_zp", const(key + ".y_scale", y_scale, np.float32),
               const(key + ".y_zp", y_zp + 128, np.uint8), key + ".bias"]
        pads = [0, width - 1, 0, 0] if layer["padding"] == "causal" else [0, 0, 0, width - 1]
        nodes.append(helper.make_node("QLinearConv", ins, [key + ".y"], kernel_shape=[1, width], pads=pads))
        return key + ".y", (y_scale, y_zp)

    def dequantize(x, q, name):
        nodes.append(helper.make_node("DequantizeLinear", [x, const(name + ".s", q[0], np.float32),
                                                           const(name + ".z", q[1] + 128, np.uint8)], [name]))
        return name

    step = fo_step(s)
    const("c0", np.zeros(s), np.float32)
    const("ts_shape", [s, t], np.int64)
    const("nchw_shape", [1, s, 1, t], np.int64)

    def direction(x, name):
        q = layers[name][3]
        backward = layers[name][0]["padding"] != "causal"
        gates = []
        for g, act in enumerate(("Tanh", "Sigmoid", "Sigmoid")):
            out_q = (q["outputScales"][g * s], q["outputZeroPoints"][g * s])
            y, yq = conv(x, name, slice(g * s, (g + 1) * s), out_q, suffix=f".g{g}")
            real = dequantize(y, yq, f"{name}.g{g}.real")
            nodes.append(helper.make_node(act, [real], [f"{name}.g{g}.act"]))
            nodes.append(helper.make_node("Reshape", [f"{name}.g{g}.act", "ts_shape"], [f"{name}.g{g}.st"]))
            nodes.append(helper.make_node("Transpose", [f"{name}.g{g}.st"], [f"{name}.g{g}.ts"], perm=[1, 0]))
            gates.append(f"{name}.g{g}.ts")
        direction_flag = [1 if backward else 0]
        nodes.append(helper.make_node("Scan", ["c0"] + gates, [f"{name}.c_last", f"{name}.h"], num_scan_inputs=3, body=step,
                                      scan_input_directions=direction_flag * 3, scan_output_directions=direction_flag))
        nodes.append(helper.make_node("QuantizeLinear", [f"{name}.h", const(f"{name}.h_s", 1 / 127, np.float32),
                                                         const(f"{name}.h_z", 128, np.uint8)], [f"{name}.hq"]))
        nodes.append(helper.make_node("Transpose", [f"{name}.hq"], [f"{name}.hst"], perm=[1, 0]))
        nodes.append(helper.make_node("Reshape", [f"{name}.hst", "nchw_shape"], [f"{name}.out"]))
        return f"{name}.out"

    h, _ = conv("X", "bottleneck")
    for l in range(model["qrnn"]["layers"]):
        halves = [direction(h, f"qrnn{l}.{d}.gates") for d in ("forward", "backward")]
        nodes.append(helper.make_node("Concat", halves, [f"qrnn{l}.out"], axis=1))
        h = f"qrnn{l}.out"
    logits, lq = conv(h, "attention")
    nodes.append(helper.make_node("Softmax", [dequantize(logits, lq, "attention.real")], ["attention.p"], axis=3))
    nodes.append(helper.make_node("Mul", ["attention.p", dequantize(h, (1 / 127, 0), "values.real")], ["attention.pv"]))
    nodes.append(helper.make_node("ReduceSum", ["attention.pv", const("attention.axes", [3], np.int64)], ["pooled"], keepdims=1))
    cq = layers["classifier"][3]
    nodes.append(helper.make_node("QuantizeLinear", ["pooled", const("pooled.s", cq["inputScale"], np.float32),
                                                     const("pooled.z", cq["inputZeroPoint"] + 128, np.uint8)], ["pooled.q"]))
    out, _ = conv("pooled.q", "classifier")
    return whole_model(nodes, init, model, rows, out)


def whole_model(nodes, init, model, rows, logits):
    """A whole model's graph: uint8 input X [1, F, 1, T], uint8 logits [1, labels, 1, 1]; checked, serialized."""
    import onnx
    from onnx import TensorProto, helper
    graph = helper.make_graph(nodes, model["name"], [helper.make_tensor_value_info("X", TensorProto.UINT8, [1, model["features"], 1, rows])],
                              [helper.make_tensor_value_info(logits, TensorProto.UINT8, [1, model["labels"], 1, 1])], init)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    m.ir_version = 10
    onnx.checker.check_model(m)
    return m.SerializeToString()
