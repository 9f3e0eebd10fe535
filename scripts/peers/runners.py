"""One peer, ready to be timed: an ONNX Runtime session or a LiteRT
interpreter with its inputs bound once, so that a timed call is the run itself;
output() runs it once more and returns its output for the check.
"""


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
