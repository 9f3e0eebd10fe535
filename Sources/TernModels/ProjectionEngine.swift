import Foundation
import TernKernels

/// What a PRADO and a pQRNN engine share: the kernels, the projection plan,
/// the stage list, the arena size and how the classifier's int8 output is
/// read back.
struct EngineFrame: Sendable {
    let kernels: KernelSet
    let labels: [String]
    let multiLabel: Bool
    let maxSeqLen: Int
    let stages: EngineStages
    let stageNames: [String]
    let plan: ProjectionPlan
    let arenaBytes: Int
    let classifierOutput: AffineQuantization

    init(config: some ProjectionModelConfig, kernels: KernelSet, stages: EngineStages, arenaBytes: Int,
         classifierOutput: AffineQuantization) throws {
        // Refused before any workspace is allocated, naming what to change.
        let cap = try EngineLimits.workspaceCap()
        guard arenaBytes <= cap else {
            let mib = { (b: Int) in String(format: "%.1f", Double(b) / 1048576) }
            throw ModelFileError.metadataInvalid(
                "configuration: one inference needs a \(mib(arenaBytes)) MiB workspace (maxSeqLen \(config.maxSeqLen)), "
                + "over the cap of \(mib(cap)) MiB; set TERN_MAX_WORKSPACE_MB to allow more")
        }
        self.kernels = kernels
        labels = config.labels
        multiLabel = config.multiLabel
        maxSeqLen = config.maxSeqLen
        self.stages = stages
        stageNames = stages.names
        plan = try ProjectionPlan(config.projection)
        self.arenaBytes = arenaBytes
        self.classifierOutput = classifierOutput
    }

    /// Each layer's multiply-adds per step, for `EngineStages`.
    static func layerMACs(_ config: some ProjectionModelConfig) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: config.layerShapes.map { ($0.name, $0.macsPerStep) })
    }
}

/// A PRADO or pQRNN engine: its frame and the network after the
/// projection (`forward`); everything else comes from here.
protocol ProjectionEngineBody: ProjectionClassifier, LendsWorkspaces {
    var frame: EngineFrame { get }
    /// Runs the layers after the projection on `rows` rows of `features`,
    /// leaving the int8 logits in `ws.int8Logits`.
    func forward(_ ws: EngineWorkspace, features: UnsafePointer<Int8>, rows: Int, pool: ThreadPool?)
}

extension ProjectionEngineBody {
    var kernels: KernelSet { frame.kernels }
    var labels: [String] { frame.labels }
    var multiLabel: Bool { frame.multiLabel }
    var maxSeqLen: Int { frame.maxSeqLen }
    var stageNames: [String] { frame.stageNames }

    func makeWorkspace() -> EngineWorkspace {
        EngineWorkspace(owner: ObjectIdentifier(self), bytes: frame.arenaBytes, classes: frame.labels.count,
                        stages: frame.stageNames.count)
    }

    /// Every layer but the classifier runs once per row.
    func macs(rows: Int) -> Int { frame.stages.totalMACs(rows: rows) }
    func stageMACs(rows: Int) -> [Int] { frame.stages.macs(rows: rows) }
    var stageReadsProjection: [Bool] { frame.stages.readsProjection }

    func run(_ text: UnsafeRawBufferPointer, workspace ws: EngineWorkspace, pool: ThreadPool?) throws {
        // Another engine's arena has other offsets and sizes: refuse it rather than read out of bounds.
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        let p = ws.projection
        try timed(ws, 0) {
            (ws.rows, ws.truncated) = try frame.kernels.projection.projectForInference(text, plan: frame.plan, maxSeqLen: frame.maxSeqLen,
                                                                                       workspace: p)
        }
        ws.tokens = p.tokenCount
        p.features.withUnsafeBufferPointer { forward(ws, features: $0.baseAddress!, rows: ws.rows, pool: pool) }
        for i in 0..<frame.labels.count { ws.logits[i] = frame.classifierOutput.dequantize(ws.int8Logits[i]) }
        try writeProbabilities(UnsafeBufferPointer(ws.logits), multiLabel: frame.multiLabel, into: ws.probabilities)
    }

    func projectedFeatures(_ text: String, workspace ws: EngineWorkspace) throws -> (features: [Int8], rows: Int) {
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        var text = text
        let rows = try text.withUTF8 {
            try frame.kernels.projection.projectForInference(UnsafeRawBufferPointer($0), plan: frame.plan, maxSeqLen: frame.maxSeqLen,
                                                             workspace: ws.projection).rows
        }
        return (Array(ws.projection.features.prefix(rows * frame.plan.options.featureSize)), rows)
    }

    func runProjected(_ features: UnsafePointer<Int8>, rows: Int, workspace ws: EngineWorkspace, pool: ThreadPool?) throws {
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        guard (1...frame.maxSeqLen).contains(rows) else { throw InferenceError.projection("\(rows) rows: the model takes 1...\(frame.maxSeqLen)") }
        ws.rows = rows
        forward(ws, features: features, rows: rows, pool: pool)
    }

    /// Runs one stage, timed into `ws.stageNanoseconds[stage]` when `ws.timesStages`.
    @inline(__always)
    func timed(_ ws: EngineWorkspace, _ stage: Int, _ body: () throws -> Void) rethrows {
        guard ws.timesStages else { return try body() }
        let start = monotonicNanoseconds()
        try body()
        ws.stageNanoseconds[stage] = monotonicNanoseconds() - start
    }

    /// Whether a stage of `count` tasks and `macs` multiply-adds runs on the
    /// pool (`EngineLimits.splitThreads`) rather than inline.
    @inline(__always)
    func splits(_ count: Int, pool: ThreadPool, macs: Int) -> Bool {
        EngineLimits.splitThreads(macs: macs, tasks: count, poolThreads: pool.threadCount) > 1
    }

    /// Runs `function(context, i)` for i in 0..<count on the pool when the
    /// stage's `macs` multiply-adds pay for it (`splits`), or inline.
    @inline(__always)
    func split(_ count: Int, pool: ThreadPool?, macs: Int, context: UnsafeMutableRawPointer, _ function: ThreadPool.TaskFunction) {
        if let pool, splits(count, pool: pool, macs: macs) {
            pool.parallelFor(count, context: context, function)
        } else {
            for i in 0..<count { function(context, i) }
        }
    }
}

extension ProjectionVariant {
    /// The projection step of every model at inference: hashes at most
    /// maxSeqLen tokens, reports empty text as `InferenceError.emptyText`, and
    /// returns the rows the model runs on and whether the text was cut.
    func projectForInference(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan, maxSeqLen: Int,
                             workspace ws: ProjectionWorkspace) throws -> (rows: Int, truncated: Bool) {
        ws.tokenLimit = maxSeqLen
        do {
            try project(text, plan: plan, workspace: ws)
        } catch ProjectionError.emptyInput {
            throw InferenceError.emptyText
        } catch {
            throw InferenceError.projection("\(error)")
        }
        let bos = plan.options.addBOS ? 1 : 0, eos = plan.options.addEOS ? 1 : 0
        return (min(ws.rows, maxSeqLen), bos + ws.tokenCount + eos > maxSeqLen)
    }
}

/// The pointers a parallel task needs, passed without a heap allocation.
struct EngineTask {
    var engine: UnsafeMutableRawPointer
    var workspace: UnsafeMutableRawPointer
    var layer: Int
    var rows: Int
    var input: UnsafeMutablePointer<Int8>
    var output: UnsafeMutablePointer<Int8>

    init(_ engine: AnyObject, _ ws: EngineWorkspace, layer: Int, rows: Int, input: UnsafeMutablePointer<Int8>,
         output: UnsafeMutablePointer<Int8>) {
        self.engine = Unmanaged.passUnretained(engine).toOpaque()
        workspace = Unmanaged.passUnretained(ws).toOpaque()
        self.layer = layer
        self.rows = rows
        self.input = input
        self.output = output
    }

    func engine<E: AnyObject>(as: E.Type) -> E { Unmanaged<E>.fromOpaque(engine).takeUnretainedValue() }
    var ws: EngineWorkspace { Unmanaged<EngineWorkspace>.fromOpaque(workspace).takeUnretainedValue() }
}

/// A packed layer with the variant it was packed for: dense layers through
/// the dense variant, convolutions through the conv variant (with their
/// im2col scratch). A class, so the engines reach a layer and its variant
/// by one reference: copying a struct of variants per call retained and
/// released each of their closures (about 3 % of a PRADO text at T 16, Zen 4).
final class PackedLayer: @unchecked Sendable {
    let shape: LayerShape
    let dense: DensePacked?
    let conv: Conv1DPacked?
    /// The variant `dense` was packed for: `KernelSet.ternaryDense` for a
    /// layer that reads the ternary projection and that variant accepts, else `KernelSet.dense`.
    let denseVariant: DenseVariant?
    let convVariant: Conv1DVariant?

    /// - Parameter ternaryInput: the layer's input is the projection's
    ///   {-1, 0, +1} rows (a dense layer with input zero point 0).
    init(_ layer: Int8Layer, kernels: KernelSet, ternaryInput: Bool = false) throws {
        shape = layer.shape
        if layer.shape.width == 1 {
            let weights = try layer.conv.asDense()
            let variant = ternaryInput && kernels.ternaryDense.accepts(weights) ? kernels.ternaryDense : kernels.dense
            denseVariant = variant
            dense = variant.pack(weights)
            conv = nil
            convVariant = nil
        } else {
            dense = nil
            denseVariant = nil
            conv = try kernels.conv.pack(layer.conv)
            convVariant = kernels.conv
        }
    }

    /// im2col scratch bytes for `rows` steps (0 for dense layers).
    func scratchBytes(rows: Int) -> Int { conv?.scratchBytes(rows: rows) ?? 0 }

    @inline(__always)
    func run(_ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int8>) {
        if let dense {
            denseVariant!.run(dense, x, rows: rows, out)
        } else {
            convVariant!.run(conv!, x, rows: rows, out, scratch: scratch)
        }
    }
}

extension Int8Model {
    /// The engine for this model on `kernels`.
    public func engine(kernels: KernelSet = .best) throws -> any ProjectionClassifier {
        try Config.engine(for: self, kernels: kernels)
    }
}
