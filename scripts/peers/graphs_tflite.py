"""The peers' LiteRT (TFLite) flatbuffers, built with the schema module
ai-edge-litert ships (no TensorFlow): each kernel case, the empty graph that
measures the Python call overhead, pQRNN's fo-pooling unrolled (UNPACK, then
five element-wise ops per step, PACK), and PRADO and pQRNN after the
projection as whole graphs: int8 dense layers and convolutions, pQRNN's
recurrence unrolled in float, the softmax attention in float (as Tern
computes it inside its kernel), the int8 classifier.

ai_edge_litert and flatbuffers are imported inside, so the module imports
with numpy only.
"""
import numpy as np


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


def fo_pool(g, gates, t, s, output_q, backward=False):
    """The fo-pooling unrolled into LiteRT ops on three int8 gate tensors
    [T, S] (z, f, o; each (tensor, (scale, zero point))): DEQUANTIZE, TANH or
    LOGISTIC and UNPACK per gate, then per step 1 - f, (1 - f) z, f c,
    c = f c + (1 - f) z and h = o c (the first step has no f c), PACK and
    QUANTIZE to output_q. Backward runs the steps from T - 1 down to 0."""
    S, F32, B = g.S, g.F32, g.S.BuiltinOperator

    def tensor(shape, dtype, q=None, data=None):
        return g.tensor(shape, dtype, *(([q[0]], [q[1]]) if q else (None, None)), data=data)

    def op(builtin, inputs, outputs, options_type=0, options=None, version=1):
        g.op(builtin, version, inputs, outputs, options_type, options)

    steps = []
    for i, x in enumerate(gates):
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
    h_rows, c = [None] * t, None
    for step in (range(t - 1, -1, -1) if backward else range(t)):
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
        h_rows[step] = h
    packed, out = tensor([t, s], F32), tensor([t, s], g.I8, output_q)
    options = S.PackOptionsT()
    options.valuesCount, options.axis = t, 0
    op(B.PACK, h_rows, [packed], S.BuiltinOptions.PackOptions, options)
    op(B.QUANTIZE, [packed], [out])
    return out


def pooling_tflite(case):
    t, s = case["rows"], case["outputs"]
    g = LiteRTGraph()
    inputs = [g.tensor([t, s], g.I8, [q["scale"]], [q["zeroPoint"]]) for q in case["gates"]]
    out = fo_pool(g, inputs, t, s, (case["outputScale"], case["outputZeroPoint"]))
    return g.finish(inputs, [out]), len(g.ops)


def pqrnn_tflite(model, layers, rows):
    """pQRNN after the projection: the bottleneck (FULLY_CONNECTED), per layer
    and direction PAD and three CONV_2D (z, f and o each have their own output
    quantization, which a LiteRT activation tensor cannot hold per channel),
    the fo-pooling unrolled (backward: the steps in reverse), CONCATENATION of
    the two directions; then the attention logit (FULLY_CONNECTED, N = 1),
    softmax over T and the weighted sum in float (BATCH_MATMUL), and the int8
    classifier."""
    g = LiteRTGraph()
    S, I8, I32, F32, B = g.S, g.I8, g.I32, g.F32, g.S.BuiltinOperator
    t, q_sizes = rows, model["qrnn"]
    s = q_sizes["state"]
    unit = (1 / 127, 0)

    def dense(x, name, n_rows):
        layer, w, bias, q = layers[name]
        return g.fully_connected(x, n_rows, w[0], bias, q["inputScale"], q["weightScales"], ([q["outputScale"]], [q["outputZeroPoint"]]))

    def direction(x, name):
        layer, w, bias, q = layers[name]
        in_q = ([q["inputScale"]], [q["inputZeroPoint"]])
        x4 = g.reshape(x, [1, 1, t, layer["inputs"]], I8, in_q)
        k = layer["width"]
        before, after = (k - 1, 0) if layer["padding"] == "causal" else (0, k - 1)
        pads = g.tensor([4, 2], I32, data=np.array([[0, 0], [0, 0], [before, after], [0, 0]], np.int32))
        padded = g.tensor([1, 1, t + k - 1, layer["inputs"]], I8, *in_q)
        g.op(B.PAD, 2, [x4, pads], [padded], S.BuiltinOptions.PadOptions, S.PadOptionsT())
        gates = []
        for i in range(3):
            part = slice(i * s, (i + 1) * s)
            if len(set(q["outputScales"][part])) != 1 or len(set(q["outputZeroPoints"][part])) != 1:
                raise ValueError(f"{name}: gate {i} has more than one output quantization")
            out_q = ([q["outputScales"][i * s]], [q["outputZeroPoints"][i * s]])
            y = g.conv_over_time(padded, t, np.ascontiguousarray(w[:, :, part]), np.ascontiguousarray(bias[part]), in_q,
                                 q["weightScales"][part], out_q, 0, 0)
            gates.append(g.reshape(y, [t, s], I8, out_q))
        return fo_pool(g, gates, t, s, unit, backward=layer["padding"] != "causal")

    x = g.tensor([t, model["features"]], I8, [layers["bottleneck"][3]["inputScale"]], [layers["bottleneck"][3]["inputZeroPoint"]])
    h = dense(x, "bottleneck", t)
    for l in range(q_sizes["layers"]):
        halves = [direction(h, f"qrnn{l}.{d}.gates") for d in ("forward", "backward")]
        h = g.tensor([t, 2 * s], I8, [unit[0]], [unit[1]])
        options = S.ConcatenationOptionsT()
        options.axis = 1
        g.op(B.CONCATENATION, 1, halves, [h], S.BuiltinOptions.ConcatenationOptions, options)
    logits = dense(h, "attention", t)
    logits_f = g.tensor([t, 1], F32)
    g.op(B.DEQUANTIZE, 2, [logits], [logits_f])
    weights_in = g.reshape(logits_f, [1, t], F32)
    weights = g.tensor([1, t], F32)
    options = S.SoftmaxOptionsT()
    options.beta = 1.0
    g.op(B.SOFTMAX, 1, [weights_in], [weights], S.BuiltinOptions.SoftmaxOptions, options)
    values = g.tensor([t, 2 * s], F32)
    g.op(B.DEQUANTIZE, 2, [h], [values])
    pooled = g.tensor([1, 2 * s], F32)
    g.op(B.BATCH_MATMUL, 1, [weights, values], [pooled], S.BuiltinOptions.BatchMatMulOptions, S.BatchMatMulOptionsT())
    cq = layers["classifier"][3]
    quantized = g.tensor([1, 2 * s], I8, [cq["inputScale"]], [cq["inputZeroPoint"]])
    g.op(B.QUANTIZE, 1, [pooled], [quantized])
    out = dense(quantized, "classifier", 1)
    return g.finish([x], [out], f"{model['name']} after the projection, T {rows}")


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
