import TernKernels

/// PRADO on the kernels: values and keys (dense, ReLU fused; in parallel)
/// -> per head the values and keys convolutions and per-channel attention
/// (heads in parallel) -> classifier.
final class PRADOEngine: ProjectionEngineBody, @unchecked Sendable {
    let frame: EngineFrame
    let spares = WorkspaceShelf()
    let config: PRADOConfig
    let values: PackedLayer, keys: PackedLayer
    /// Values and keys run on the text's distinct projection rows.
    let repeated: RepeatedRows
    /// [head] (values conv, keys conv)
    let heads: [(values: PackedLayer, keys: PackedLayer)]
    let attention: [AttentionPooling]
    let classifier: PackedLayer
    let projected: (Int, Int), headBuffers: [(Int, Int)], im2col: [Int], pooled: Int
    let pooledOffsets: [Int]
    // Stage indices.
    let valuesKeysStage: Int, headStages: [Int], classifierStage: Int
    /// Multiply-adds per row of the two split stages: values and keys, all heads.
    let valuesKeysMACsPerRow: Int, headsMACsPerRow: Int

    init(_ m: Int8Model<PRADOConfig>, kernels: KernelSet) throws {
        let c = m.config, t = c.maxSeqLen
        config = c
        values = try PackedLayer(m["values"], kernels: kernels, ternaryInput: true)
        keys = try PackedLayer(m["keys"], kernels: kernels, ternaryInput: true)
        heads = try c.heads.indices.map { (try PackedLayer(m["head\($0).values"], kernels: kernels),
                                           try PackedLayer(m["head\($0).keys"], kernels: kernels)) }
        let pooledQ = try m["classifier"].quantization.input
        attention = try c.heads.indices.map {
            AttentionPooling(logits: try m["head\($0).keys"].output, values: try m["head\($0).values"].output, output: pooledQ)
        }
        classifier = try PackedLayer(m["classifier"], kernels: kernels)
        var a = ArenaLayout()
        repeated = RepeatedRows(maxRows: t, width: c.projection.featureSize, arena: &a)
        projected = (a.take(t * c.embedding), a.take(t * c.embedding))
        headBuffers = c.heads.map { (a.take(t * $0.channels), a.take(t * $0.channels)) }
        im2col = heads.map { a.take(max($0.values.scratchBytes(rows: t), $0.keys.scratchBytes(rows: t))) }
        pooled = a.take(c.pooledWidth)
        var offsets: [Int] = [], o = 0
        for h in c.heads { offsets.append(o); o += h.channels }
        pooledOffsets = offsets
        var stages = EngineStages(layerMACs: EngineFrame.layerMACs(c))
        valuesKeysStage = stages.add("values+keys", perRow: ["values", "keys"], readsProjection: true)
        headStages = c.heads.indices.map {
            stages.add("head\($0) (\(c.heads[$0].label))", perRow: ["head\($0).values", "head\($0).keys"])
        }
        classifierStage = stages.add("classifier", perText: ["classifier"])
        valuesKeysMACsPerRow = stages.macsPerRow([valuesKeysStage])
        headsMACsPerRow = stages.macsPerRow(headStages)
        frame = try EngineFrame(config: c, kernels: kernels, stages: stages, arenaBytes: a.bytes,
                                classifierOutput: try m["classifier"].output)
    }

    func forward(_ ws: EngineWorkspace, features: UnsafePointer<Int8>, rows t: Int, pool: ThreadPool?) {
        var task = EngineTask(self, ws, layer: 0, rows: t, input: UnsafeMutablePointer(mutating: features),
                              output: ws.pointer(projected.0))
        timed(ws, valuesKeysStage) {
            task.input = UnsafeMutablePointer(mutating: repeated.collapse(ws, features, rows: t))
            split(2, pool: pool, macs: valuesKeysMACsPerRow * ws.distinctRows, context: &task) { raw, i in
                let task = raw!.load(as: EngineTask.self)
                let e = task.engine(as: PRADOEngine.self), ws = task.ws
                let out = ws.pointer(i == 0 ? e.projected.0 : e.projected.1)
                (i == 0 ? e.values : e.keys).run(task.input, rows: ws.distinctRows, out, scratch: out)
                e.repeated.expand(ws, out, width: e.config.embedding, rows: task.rows)
            }
        }
        split(heads.count, pool: pool, macs: headsMACsPerRow * t, context: &task) { raw, i in
            let task = raw!.load(as: EngineTask.self)
            task.engine(as: PRADOEngine.self).head(i, task)
        }
        let pooledOut = ws.pointer(pooled)
        timed(ws, classifierStage) { classifier.run(pooledOut, rows: 1, ws.int8Logits.baseAddress!, scratch: pooledOut) }
    }

    func head(_ i: Int, _ task: EngineTask) {
        let ws = task.ws, t = task.rows, channels = config.heads[i].channels
        timed(ws, headStages[i]) {
            let v = ws.pointer(headBuffers[i].0), l = ws.pointer(headBuffers[i].1), scratch = ws.pointer(im2col[i])
            heads[i].values.run(ws.pointer(projected.0), rows: t, v, scratch: scratch)
            heads[i].keys.run(ws.pointer(projected.1), rows: t, l, scratch: scratch)
            frame.kernels.attention.perChannel(attention[i], logits: l, values: v, length: t, channels: channels,
                                         ws.pointer(pooled) + pooledOffsets[i])
        }
    }
}

extension PRADOConfig {
    public static func engine(for model: Int8Model<PRADOConfig>, kernels: KernelSet) throws -> any ProjectionClassifier {
        try PRADOEngine(model, kernels: kernels)
    }
}
