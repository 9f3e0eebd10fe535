import TernKernels

/// pQRNN on the kernels: bottleneck (dense, ReLU fused) -> per layer the two
/// directions (fused gate convolution, then fo-pooling; in parallel on a
/// pool) -> attention logit (dense, N = 1) -> scalar-logit attention
/// pooling -> classifier.
final class PQRNNEngine: ProjectionEngineBody, @unchecked Sendable {
    let frame: EngineFrame
    let spares = WorkspaceShelf()
    let config: PQRNNConfig
    let bottleneck: PackedLayer
    /// The bottleneck runs on the text's distinct projection rows.
    let repeated: RepeatedRows
    /// [layer][direction]
    let gates: [[PackedLayer]]
    let pooling: [[QRNNPooling]]
    let attentionLogit: PackedLayer
    let attention: AttentionPooling
    let classifier: PackedLayer
    // Arena offsets.
    let bottleneckOut: Int, layerOut: (Int, Int), gateBuffers: [Int], hBuffers: [Int], im2col: [Int]
    let logitBuffer: Int, pooled: Int
    // Stage indices: [layer][direction] for the gates and the pooling.
    let bottleneckStage: Int, gateStages: [[Int]], poolStages: [[Int]], attentionStage: Int, classifierStage: Int
    /// Multiply-adds per row of each layer's two gate convolutions (what the
    /// split of a layer's directions hands the pool; the pooling has none).
    let layerMACsPerRow: [Int]
    /// Multiply-adds per row of the bottleneck (split by rows).
    let bottleneckMACsPerRow: Int

    init(_ m: Int8Model<PQRNNConfig>, kernels: KernelSet) throws {
        let c = m.config, t = c.maxSeqLen, s = c.state
        config = c
        bottleneck = try PackedLayer(m["bottleneck"], kernels: kernels, ternaryInput: true)
        var g: [[PackedLayer]] = [], p: [[QRNNPooling]] = []
        for l in 0..<c.layers {
            g.append(try QRNNDirection.allCases.map { try PackedLayer(m[PQRNNConfig.gatesName(l, $0)], kernels: kernels) })
            p.append(try QRNNDirection.allCases.map { d in
                let q = m[PQRNNConfig.gatesName(l, d)].quantization
                return try QRNNPooling(channels: s, z: try q.output(0), f: try q.output(s), o: try q.output(2 * s),
                                       gateInput: .preActivation, output: .unitRange)
            })
        }
        gates = g
        pooling = p
        attentionLogit = try PackedLayer(m["attention"], kernels: kernels)
        attention = AttentionPooling(logits: try m["attention"].output, values: .unitRange, output: .unitRange)
        classifier = try PackedLayer(m["classifier"], kernels: kernels)
        var a = ArenaLayout()
        repeated = RepeatedRows(maxRows: t, width: c.projection.featureSize, arena: &a)
        bottleneckOut = a.take(t * c.bottleneck)
        layerOut = (a.take(t * 2 * s), a.take(t * 2 * s))
        gateBuffers = [a.take(t * 3 * s), a.take(t * 3 * s)]
        hBuffers = [a.take(t * s), a.take(t * s)]
        let im2colBytes = g.flatMap { $0 }.map { $0.scratchBytes(rows: t) }.max() ?? 0
        im2col = [a.take(im2colBytes), a.take(im2colBytes)]
        logitBuffer = a.take(t)
        pooled = a.take(2 * s)
        var stages = EngineStages(layerMACs: EngineFrame.layerMACs(c))
        bottleneckStage = stages.add("bottleneck", perRow: ["bottleneck"], readsProjection: true)
        var gateStages: [[Int]] = [], poolStages: [[Int]] = []
        for l in 0..<c.layers {
            var gate: [Int] = [], pool: [Int] = []
            for d in QRNNDirection.allCases {
                gate.append(stages.add("qrnn\(l).\(d.rawValue).gates", perRow: [PQRNNConfig.gatesName(l, d)]))
                pool.append(stages.add("qrnn\(l).\(d.rawValue).pool"))
            }
            gateStages.append(gate)
            poolStages.append(pool)
        }
        self.gateStages = gateStages
        self.poolStages = poolStages
        layerMACsPerRow = gateStages.map { stages.macsPerRow($0) }
        bottleneckMACsPerRow = stages.macsPerRow([bottleneckStage])
        attentionStage = stages.add("attention", perRow: ["attention"])
        classifierStage = stages.add("classifier", perText: ["classifier"])
        frame = try EngineFrame(config: c, kernels: kernels, stages: stages, arenaBytes: a.bytes,
                                classifierOutput: try m["classifier"].output)
    }

    func forward(_ ws: EngineWorkspace, features: UnsafePointer<Int8>, rows t: Int, pool: ThreadPool?) {
        // `frame.kernels` is read where it is used: a local copy of the
        // KernelSet retains and releases every variant's closures per text.
        let x0 = ws.pointer(bottleneckOut)
        // The bottleneck's rows are independent: halves of them on two
        // threads, or all of them in one call (two calls of half the rows
        // would each end in a partly filled row tile).
        var rowsTask = EngineTask(self, ws, layer: 0, rows: t, input: UnsafeMutablePointer(mutating: features), output: x0)
        timed(ws, bottleneckStage) {
            let distinct = repeated.collapse(ws, features, rows: t)
            if let pool, splits(2, pool: pool, macs: bottleneckMACsPerRow * ws.distinctRows) {
                rowsTask.input = UnsafeMutablePointer(mutating: distinct)
                rowsTask.rows = ws.distinctRows
                pool.parallelFor(2, context: &rowsTask) { raw, i in
                    let task = raw!.load(as: EngineTask.self)
                    task.engine(as: PQRNNEngine.self).bottleneckRows(half: i, task)
                }
            } else {
                bottleneck.run(distinct, rows: ws.distinctRows, x0, scratch: x0)
            }
            repeated.expand(ws, x0, width: config.bottleneck, rows: t)
        }
        var input = x0
        for l in 0..<config.layers {
            let output = ws.pointer(l % 2 == 0 ? layerOut.0 : layerOut.1)
            var task = EngineTask(self, ws, layer: l, rows: t, input: input, output: output)
            split(2, pool: pool, macs: layerMACsPerRow[l] * t, context: &task) { raw, d in
                let task = raw!.load(as: EngineTask.self)
                task.engine(as: PQRNNEngine.self).direction(d, task)
            }
            input = output
        }
        let s2 = 2 * config.state
        let logits = ws.pointer(logitBuffer), pooledOut = ws.pointer(pooled)
        timed(ws, attentionStage) {
            attentionLogit.run(input, rows: t, logits, scratch: logits)
            frame.kernels.attention.scalarLogit(attention, logits: logits, values: input, length: t, channels: s2, pooledOut)
        }
        timed(ws, classifierStage) { classifier.run(pooledOut, rows: 1, ws.int8Logits.baseAddress!, scratch: pooledOut) }
    }

    /// Half `half` (0 or 1) of the bottleneck's rows.
    func bottleneckRows(half: Int, _ task: EngineTask) {
        let t = task.rows, first = (t + 1) / 2, r0 = half == 0 ? 0 : first, n = half == 0 ? first : t - first
        guard n > 0 else { return }
        let f = config.projection.featureSize, b = config.bottleneck, out = task.output + r0 * b
        bottleneck.run(task.input + r0 * f, rows: n, out, scratch: out)
    }

    /// One direction of one layer: gates, pooling, then h into its half of the layer output.
    func direction(_ d: Int, _ task: EngineTask) {
        let ws = task.ws, l = task.layer, t = task.rows, s = config.state
        let g = ws.pointer(gateBuffers[d]), h = ws.pointer(hBuffers[d])
        timed(ws, gateStages[l][d]) { gates[l][d].run(task.input, rows: t, g, scratch: ws.pointer(im2col[d])) }
        timed(ws, poolStages[l][d]) {
            frame.kernels.pool.run(pooling[l][d], g, rows: t, length: t, direction: d == 0 ? .forward : .backward, h)
            for row in 0..<t { (task.output + row * 2 * s + d * s).update(from: h + row * s, count: s) }
        }
    }
}

extension PQRNNConfig {
    public static func engine(for model: Int8Model<PQRNNConfig>, kernels: KernelSet) throws -> any ProjectionClassifier {
        try PQRNNEngine(model, kernels: kernels)
    }
}
