import TernKernels

/// SGNN on the dense kernels: the character n-gram projection (`[S]`, S
/// the seeds) quantized to int8, then the dense layers, one row per text.
/// SGNN reads a whole text: nothing is cut, so `truncated` is always false;
/// `tokens` counts the text's whitespace-separated tokens.
final class SGNNEngine: LendsWorkspaces, @unchecked Sendable {
    let model: SGNNInt8Model
    let dense: DenseVariant
    let packed: [DensePacked]
    let stages: EngineStages
    let stageNames: [String]
    let spares = WorkspaceShelf()
    /// The two activation rows, as wide as the widest layer.
    let rowOffsets: (Int, Int), arenaBytes: Int

    /// The kernels it runs: `dense`; the other families are the references,
    /// which SGNN never calls.
    let kernels: KernelSet
    var labels: [String] { model.config.labels }
    var multiLabel: Bool { model.config.multiLabel }

    init(_ model: SGNNInt8Model, dense: DenseVariant) throws {
        self.model = model
        self.dense = dense
        packed = model.packed(for: dense)
        var kernels = KernelSet.reference
        kernels.dense = dense
        self.kernels = kernels
        let shapes = model.config.layerShapes
        var stages = EngineStages(layerMACs: Dictionary(uniqueKeysWithValues: shapes.enumerated().map { ("dense\($0)", $1.k * $1.n) }))
        for i in shapes.indices { _ = stages.add("dense\(i)", perText: ["dense\(i)"]) }
        self.stages = stages
        stageNames = stages.names
        let width = shapes.map { max($0.k, $0.n) }.max()!
        var a = ArenaLayout()
        rowOffsets = (a.take(width), a.take(width))
        // Two rows of at most 4096 bytes (the configuration's width limit): far below any workspace cap.
        arenaBytes = a.bytes
    }

    func makeWorkspace() -> EngineWorkspace {
        EngineWorkspace(owner: ObjectIdentifier(self), bytes: arenaBytes, classes: labels.count, stages: stageNames.count)
    }

    /// One row per text: the layers' multiply-adds, whatever `rows` says.
    func macs(rows: Int) -> Int { stages.totalMACs(rows: 1) }
    func stageMACs(rows: Int) -> [Int] { stages.macs(rows: 1) }
    var stageReadsProjection: [Bool] { stages.readsProjection }

    func run(_ text: UnsafeRawBufferPointer, workspace ws: EngineWorkspace, pool: ThreadPool?) throws {
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        do {
            try model.forward(text, variant: dense, packed: packed, projection: ws.sgnnProjection,
                              rows: (ws.pointer(rowOffsets.0), ws.pointer(rowOffsets.1)), logits: ws.int8Logits.baseAddress!,
                              stageNanoseconds: ws.timesStages ? ws.stageNanoseconds : nil)
        } catch SGNNProjection.Error.emptyInput {
            throw InferenceError.emptyText
        }
        ws.rows = 1
        ws.tokens = ws.sgnnProjection.tokenCount
        ws.truncated = false
        for i in 0..<labels.count { ws.logits[i] = model.dequantizedLogit(ws.int8Logits[i]) }
        try writeProbabilities(UnsafeBufferPointer(ws.logits), multiLabel: multiLabel, into: ws.probabilities)
    }
}

extension SGNNInt8Model {
    /// The engine for this model on `dense` (the fastest general variant by default).
    public func engine(dense: DenseVariant = DenseVariants.best) throws -> any TextClassifier {
        try SGNNEngine(self, dense: dense)
    }
}
