import Foundation
import TernKernels

/// The kernels an engine runs: one variant per family. Every exact set
/// gives bit-identical int8 logits (the kernels are each bit-exact against
/// their references), so a set is a speed choice, never an accuracy one.
public struct KernelSet: Sendable, CustomStringConvertible {
    public var projection: ProjectionVariant
    public var dense: DenseVariant
    public var conv: Conv1DVariant
    public var pool: QRNNPoolVariant
    public var attention: AttentionVariant

    public init(projection: ProjectionVariant, dense: DenseVariant, conv: Conv1DVariant, pool: QRNNPoolVariant,
                attention: AttentionVariant) {
        self.projection = projection
        self.dense = dense
        self.conv = conv
        self.pool = pool
        self.attention = attention
    }

    public var description: String { [projection.id, dense.id, conv.id, pool.id, attention.id].joined(separator: " + ") }

    /// The scalar references of every family.
    public static let reference = KernelSet(projection: ProjectionVariants.reference, dense: DenseVariants.reference,
                                            conv: Conv1DVariants.reference, pool: QRNNPoolVariants.reference,
                                            attention: AttentionVariants.reference)

    /// The fastest exact variants the dispatcher allows on this CPU: the
    /// variants `choice(level: KernelDispatch.active, registries: .available)` names.
    public static var best: KernelSet { forDense(DenseVariants.best, isa: KernelDispatch.active) }

    /// The set built around one general dense variant: its im2col
    /// convolution, and the fastest exact pooling and attention at that ISA level.
    public static func forDense(_ dense: DenseVariant, isa: ISALevel) -> KernelSet {
        let ids = choice(level: isa, dense: dense.id, registries: .available)
        return KernelSet(
            projection: ProjectionVariants.all.first { $0.id == ids.projection } ?? ProjectionVariants.reference,
            dense: dense,
            conv: Conv1DVariants.all.first { $0.id == ids.conv } ?? Conv1DVariants.reference,
            pool: QRNNPoolVariants.all.first { $0.id == ids.pool } ?? QRNNPoolVariants.reference,
            attention: AttentionVariants.all.first { $0.id == ids.attention } ?? AttentionVariants.reference)
    }

    /// The ids of a kernel set, one per family.
    public struct Choice: Sendable, Equatable, CustomStringConvertible {
        public var projection, dense, conv, pool, attention: String
        public var description: String { [projection, dense, conv, pool, attention].joined(separator: " + ") }
    }

    /// The registries' ids and levels (exact pooling only), without their code.
    public struct Registries: Sendable {
        public var projection, dense, pool, attention: [VariantTag]

        public init(projection: [VariantTag], dense: [VariantTag], pool: [VariantTag], attention: [VariantTag]) {
            self.projection = projection
            self.dense = dense
            self.pool = pool
            self.attention = attention
        }

        /// The variants this build carries and the dispatcher allows in this process.
        public static var available: Registries {
            Registries(projection: ProjectionVariants.available.map { VariantTag(id: $0.id, isa: $0.isa) },
                       dense: DenseVariants.available.map(\.tag),
                       pool: QRNNPoolVariants.available.filter { $0.maxDifference == 0 }.map { VariantTag(id: $0.id, isa: $0.isa) },
                       attention: AttentionVariants.available.map { VariantTag(id: $0.id, isa: $0.isa) })
        }
    }

    /// The set a machine at `level` gets: the best general dense variant it
    /// runs (`DenseVariants.bestID`), then `choice(level:dense:registries:)`.
    /// A pure function of the level and the tags, so the choice for every
    /// arm64 level is tested on any host (`KernelSetDispatchTests`).
    public static func choice(level: ISALevel, registries: Registries) -> Choice {
        choice(level: level, dense: DenseVariants.bestID(level: level, among: registries.dense), registries: registries)
    }

    /// The set around the dense variant `dense`: its im2col twin (when
    /// registered, else the conv1d reference), and the
    /// highest level `level` runs of each other family, among equals the last
    /// registered (the registries list their scalar reference first).
    public static func choice(level: ISALevel, dense: String, registries: Registries) -> Choice {
        func top(_ tags: [VariantTag], _ fallback: String) -> String {
            let allowed = tags.filter { level.runs($0.isa) }
            guard let best = allowed.map(\.isa).max() else { return fallback }
            return allowed.last { $0.isa == best }?.id ?? fallback
        }
        let convID = Conv1DVariants.twinID(ofDense: dense)
        let conv = Conv1DVariants.tags(forDense: registries.dense).first { $0.id == convID }
        return Choice(projection: top(registries.projection, ProjectionVariants.reference.id),
                      dense: dense,
                      conv: conv?.id ?? Conv1DVariants.reference.id,
                      pool: top(registries.pool, QRNNPoolVariants.reference.id),
                      attention: top(registries.attention, AttentionVariants.reference.id))
    }

    /// The all-reference set, then one set per available general dense
    /// variant (portable SIMD, AVX2, AVX-512), each with the fastest exact
    /// variants of the other families at its level: together they run every
    /// exact variant of every family at least once.
    public static var exactSets: [KernelSet] {
        var sets = [reference]
        for d in DenseVariants.available where !d.ternaryOnly && !d.isReference { sets.append(forDense(d, isa: d.isa)) }
        return sets
    }
}

/// Bump layout of one workspace's arena: every buffer an inference needs,
/// sized once for the model's maximum length.
struct ArenaLayout {
    private(set) var bytes = 0
    mutating func take(_ count: Int) -> Int {
        let offset = bytes
        bytes += (max(count, 1) + 63) / 64 * 64
        return offset
    }
}

/// What one inference used and produced; reused across calls.
///
/// One workspace serves one inference at a time: give each thread its own
/// (`Engine.makeWorkspace()`), or let `Engine.classify` lend one.
public final class EngineWorkspace: @unchecked Sendable {
    let projection: ProjectionWorkspace
    let arena: AlignedBuffer
    /// Projection rows the model ran on (after the cut to maxSeqLen).
    public internal(set) var rows = 0
    /// The text's tokens (BOS and EOS excluded), including any cut off.
    public internal(set) var tokens = 0
    /// True when the text was longer than the model's maximum length.
    public internal(set) var truncated = false
    /// int8 logits `[C]`, their dequantized values and the probabilities.
    public let int8Logits: UnsafeMutableBufferPointer<Int8>
    public let logits: UnsafeMutableBufferPointer<Float>
    public let probabilities: UnsafeMutableBufferPointer<Float>
    /// Nanoseconds per stage of the last inference (`Engine.stageNames`).
    public let stageNanoseconds: UnsafeMutableBufferPointer<UInt64>

    /// The engine that made it.
    let owner: ObjectIdentifier

    init(owner: ObjectIdentifier, bytes: Int, classes: Int, stages: Int, maxSeqLen: Int) {
        self.owner = owner
        projection = ProjectionWorkspace()
        arena = AlignedBuffer(count: bytes)
        int8Logits = .allocate(capacity: classes)
        logits = .allocate(capacity: classes)
        probabilities = .allocate(capacity: classes)
        stageNanoseconds = .allocate(capacity: stages)
        int8Logits.initialize(repeating: 0)
        logits.initialize(repeating: 0)
        probabilities.initialize(repeating: 0)
        stageNanoseconds.initialize(repeating: 0)
    }

    deinit {
        int8Logits.deallocate()
        logits.deallocate()
        probabilities.deallocate()
        stageNanoseconds.deallocate()
    }

    @inline(__always) func pointer(_ offset: Int) -> UnsafeMutablePointer<Int8> {
        (arena.pointer + offset).assumingMemoryBound(to: Int8.self)
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

/// A classification with labels, as the convenience API returns it.
public struct Prediction: Sendable, Equatable {
    /// The architecture-neutral form `tern predict` and its output take.
    public var classification: Classification { Classification(probabilities: probabilities, tokens: tokens, truncated: truncated) }

    public var label: String
    public var probabilities: [Float]
    public var int8Logits: [Int8]
    public var tokens: Int
    public var truncated: Bool
}

/// Why an engine could not classify a text.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    case emptyText
    case projection(String)
    case foreignWorkspace
    /// The model computed NaN or infinity: its weights or scales overflow float32.
    case nonFiniteOutput

    public var description: String {
        switch self {
        case .nonFiniteOutput:
            return "the model computed a non-finite score (NaN or infinity): its weights or scales overflow float32, so the file is unusable"

        case .emptyText: return "the text has no tokens (empty or only spaces)"
        case .projection(let why): return "projection failed: \(why)"
        case .foreignWorkspace: return "the workspace was made by another engine; use this engine's makeWorkspace()"
        }
    }
}

/// The spare workspaces of an engine, shared by the threads that classify.
/// A pthread mutex (NSLock) rather than Synchronization.Mutex: the stdlib's
/// futex lock is invisible to ThreadSanitizer, which then reports the shelf
/// itself as a race; with a lock it intercepts, the suite runs clean.
final class WorkspaceShelf: @unchecked Sendable {
    private let lock = NSLock()
    private var shelf: [EngineWorkspace] = []

    func take() -> EngineWorkspace? {
        lock.lock()
        defer { lock.unlock() }
        return shelf.popLast()
    }

    func put(_ ws: EngineWorkspace) {
        lock.lock()
        defer { lock.unlock() }
        shelf.append(ws)
    }
}

/// One timed stage of an inference: its name (`Engine.stageNames`), and the
/// layers whose multiply-adds it runs once per row and once per text. The
/// engines list their stages once, in order; the index a stage lands at is
/// the one its code times into (`EngineStages.add` returns it).
struct EngineStage {
    let name: String
    var perRow: [String] = []
    var perText: [String] = []
}

/// An engine's stages in the order they are timed.
struct EngineStages {
    private(set) var list: [EngineStage] = [EngineStage(name: "projection")]
    /// Appends a stage; returns its index in `EngineWorkspace.stageNanoseconds`.
    mutating func add(_ name: String, perRow: [String] = [], perText: [String] = []) -> Int {
        list.append(EngineStage(name: name, perRow: perRow, perText: perText))
        return list.count - 1
    }
}

/// An int8 PRADO or pQRNN engine: the model's layers packed for one kernel
/// set, immutable, so one engine serves any number of threads at once, each
/// with its own workspace. An inference in steady state allocates nothing.
public class Engine: @unchecked Sendable {
    public let kernels: KernelSet
    public let labels: [String]
    public let multiLabel: Bool
    public let maxSeqLen: Int
    /// Names of the stages `EngineWorkspace.stageNanoseconds` times.
    public let stageNames: [String]
    let plan: ProjectionPlan
    let arenaBytes: Int
    let classifierOutput: AffineQuantization
    private let spare = WorkspaceShelf()

    /// The most memory one inference's workspace may take: 256 MiB, or
    /// `TERN_MAX_WORKSPACE_MB` MiB. Real models need well under 1 MiB (a
    /// PRADO at 128 tokens about 100 KiB); the configuration's limits alone
    /// (8192 tokens, widths to 4096) would allow gigabytes per workspace,
    /// and a server makes one per thread.
    public static func workspaceCap() throws -> Int {
        let variable = "TERN_MAX_WORKSPACE_MB"
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return 256 << 20 }
        guard let mib = Int(text), (1...(1 << 20)).contains(mib) else {
            throw ModelFileError.metadataInvalid("\(variable)=\(text.prefix(40)) is not a whole number of MiB in 1...1048576")
        }
        return mib << 20
    }

    init(config: some ProjectionModelConfig, kernels: KernelSet, stages: EngineStages, arenaBytes: Int,
         classifierOutput: AffineQuantization) throws {
        // Refused before any workspace is allocated, naming what to change.
        let cap = try Engine.workspaceCap()
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
        stageNames = stages.list.map(\.name)
        let steps = Dictionary(uniqueKeysWithValues: config.layerShapes.map { ($0.name, $0.macsPerStep) })
        stageMACsPerRow = stages.list.map { $0.perRow.reduce(0) { $0 + steps[$1]! } }
        stageMACsPerText = stages.list.map { $0.perText.reduce(0) { $0 + steps[$1]! } }
        plan = try ProjectionPlan(config.projection)
        self.arenaBytes = arenaBytes
        self.classifierOutput = classifierOutput
        let classifier = config.layerShapes.last!
        macsPerText = classifier.macsPerStep
        macsPerRow = config.layerShapes.dropLast().reduce(0) { $0 + $1.macsPerStep }
    }

    public func makeWorkspace() -> EngineWorkspace {
        EngineWorkspace(owner: ObjectIdentifier(self), bytes: arenaBytes, classes: labels.count, stages: stageNames.count,
                        maxSeqLen: maxSeqLen)
    }

    /// Multiply-adds of one inference on `rows` projection rows: every layer
    /// but the classifier runs once per row.
    public func macs(rows: Int) -> Int { macsPerRow * rows + macsPerText }
    let macsPerRow: Int, macsPerText: Int

    /// Multiply-adds of each stage (`stageNames`) on `rows` rows.
    public func stageMACs(rows: Int) -> [Int] { zip(stageMACsPerRow, stageMACsPerText).map { $0 * rows + $1 } }
    private let stageMACsPerRow: [Int], stageMACsPerText: [Int]

    /// Runs the layers after the projection; subclasses implement it.
    func forward(_ ws: EngineWorkspace, features: UnsafePointer<Int8>, rows: Int, pool: ThreadPool?) { fatalError("subclass") }

    /// Classifies UTF-8 `text` into `workspace` (logits, probabilities,
    /// stage times). `pool` splits the work inside the text across threads.
    public func run(_ text: UnsafeRawBufferPointer, workspace ws: EngineWorkspace, pool: ThreadPool? = nil) throws {
        // Another engine's arena has other offsets and sizes: refuse it rather than read out of bounds.
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        let start = monotonicNanoseconds()
        let p = ws.projection
        (ws.rows, ws.truncated) = try kernels.projection.projectForInference(text, plan: plan, maxSeqLen: maxSeqLen, workspace: p)
        ws.tokens = p.tokenCount
        ws.stageNanoseconds[0] = monotonicNanoseconds() - start
        p.features.withUnsafeBufferPointer { forward(ws, features: $0.baseAddress!, rows: ws.rows, pool: pool) }
        for i in 0..<labels.count { ws.logits[i] = classifierOutput.dequantize(ws.int8Logits[i]) }
        try writeProbabilities(UnsafeBufferPointer(ws.logits), multiLabel: multiLabel, into: ws.probabilities)
    }

    /// The projection rows of `text` (`[T, F]`, values in {-1, 0, +1}),
    /// cut to maxSeqLen as `run` cuts them: the input a peer engine is given
    /// when it is compared with `runProjected`.
    public func projectedFeatures(_ text: String, workspace ws: EngineWorkspace) throws -> (features: [Int8], rows: Int) {
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        var text = text
        let rows = try text.withUTF8 {
            try kernels.projection.projectForInference(UnsafeRawBufferPointer($0), plan: plan, maxSeqLen: maxSeqLen, workspace: ws.projection).rows
        }
        return (Array(ws.projection.features.prefix(rows * plan.options.featureSize)), rows)
    }

    /// The layers after the projection on rows `projectedFeatures` made
    /// (`[T, F]`, 1 <= T <= maxSeqLen): the int8 logits land in
    /// `workspace.int8Logits`. No probabilities: this times the network alone.
    public func runProjected(_ features: UnsafePointer<Int8>, rows: Int, workspace ws: EngineWorkspace, pool: ThreadPool? = nil) throws {
        guard ws.owner == ObjectIdentifier(self) else { throw InferenceError.foreignWorkspace }
        guard (1...maxSeqLen).contains(rows) else { throw InferenceError.projection("\(rows) rows: the model takes 1...\(maxSeqLen)") }
        ws.rows = rows
        forward(ws, features: features, rows: rows, pool: pool)
    }

    public func run(_ text: String, workspace: EngineWorkspace, pool: ThreadPool? = nil) throws {
        var text = text
        try text.withUTF8 { try run(UnsafeRawBufferPointer($0), workspace: workspace, pool: pool) }
    }

    /// Classifies one text, safe from any number of threads at once: each
    /// call borrows a workspace from the engine's spares (made on demand).
    public func classify(_ text: String, pool: ThreadPool? = nil) throws -> Prediction {
        let ws = spare.take() ?? makeWorkspace()
        defer { spare.put(ws) }
        try run(text, workspace: ws, pool: pool)
        let best = bestIndex(ws.probabilities)
        return Prediction(label: labels[best], probabilities: Array(ws.probabilities), int8Logits: Array(ws.int8Logits),
                          tokens: ws.tokens, truncated: ws.truncated)
    }

    /// Times one stage into `ws.stageNanoseconds[stage]`.
    @inline(__always)
    func timed(_ ws: EngineWorkspace, _ stage: Int, _ body: () -> Void) {
        let start = monotonicNanoseconds()
        body()
        ws.stageNanoseconds[stage] = monotonicNanoseconds() - start
    }

    /// Below this many multiply-adds per text (about 10 us on one core) a
    /// fork-join costs more than it saves: measured, PRADO at T = 16 (1.3 M)
    /// ran at 0.85x on two threads; pQRNN at T = 16 (15 M) at 1.5x.
    public static let minMACsToSplit = 4_000_000

    /// Runs `function(context, i)` for i in 0..<count on the pool (when the
    /// text is big enough to pay for it), or inline.
    @inline(__always)
    func split(_ count: Int, pool: ThreadPool?, rows: Int, context: UnsafeMutableRawPointer, _ function: ThreadPool.TaskFunction) {
        if let pool, pool.threadCount > 1, macs(rows: rows) >= Engine.minMACsToSplit {
            pool.parallelFor(count, context: context, function)
        } else {
            for i in 0..<count { function(context, i) }
        }
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

    init(_ engine: Engine, _ ws: EngineWorkspace, layer: Int, rows: Int, input: UnsafeMutablePointer<Int8>,
         output: UnsafeMutablePointer<Int8>) {
        self.engine = Unmanaged.passUnretained(engine).toOpaque()
        workspace = Unmanaged.passUnretained(ws).toOpaque()
        self.layer = layer
        self.rows = rows
        self.input = input
        self.output = output
    }

    func engine<E: Engine>(as: E.Type) -> E { Unmanaged<E>.fromOpaque(engine).takeUnretainedValue() }
    var ws: EngineWorkspace { Unmanaged<EngineWorkspace>.fromOpaque(workspace).takeUnretainedValue() }
}

/// A packed layer: dense layers through the dense variant, convolutions
/// through the conv variant (with their im2col scratch).
struct PackedLayer: @unchecked Sendable {
    let shape: LayerShape
    let dense: DensePacked?
    let conv: Conv1DPacked?

    init(_ layer: Int8Layer, kernels: KernelSet) throws {
        shape = layer.shape
        if layer.shape.width == 1 {
            dense = kernels.dense.pack(try layer.conv.asDense())
            conv = nil
        } else {
            dense = nil
            conv = try kernels.conv.pack(layer.conv)
        }
    }

    /// im2col scratch bytes for `rows` steps (0 for dense layers).
    func scratchBytes(rows: Int) -> Int { conv?.scratchBytes(rows: rows) ?? 0 }

    @inline(__always)
    func run(_ kernels: KernelSet, _ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>,
             scratch: UnsafeMutablePointer<Int8>) {
        if let dense {
            kernels.dense.run(dense, x, rows: rows, out)
        } else {
            kernels.conv.run(conv!, x, rows: rows, out, scratch: scratch)
        }
    }
}

extension Int8Model {
    /// The engine for this model on `kernels`.
    public func engine(kernels: KernelSet = .best) throws -> Engine {
        switch self {
        case let m as Int8Model<PQRNNConfig>: return try PQRNNEngine(m, kernels: kernels)
        case let m as Int8Model<PRADOConfig>: return try PRADOEngine(m, kernels: kernels)
        default: preconditionFailure("no engine for \(Config.self)")
        }
    }
}

// MARK: pQRNN

/// pQRNN on the kernels: bottleneck (dense, ReLU fused) -> per layer the two
/// directions (fused gate convolution, then fo-pooling; in parallel on a
/// pool) -> attention logit (dense, N = 1) -> scalar-logit attention
/// pooling -> classifier.
final class PQRNNEngine: Engine, @unchecked Sendable {
    let config: PQRNNConfig
    let bottleneck: PackedLayer
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

    init(_ m: Int8Model<PQRNNConfig>, kernels: KernelSet) throws {
        let c = m.config, t = c.maxSeqLen, s = c.state
        config = c
        bottleneck = try PackedLayer(m["bottleneck"], kernels: kernels)
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
        bottleneckOut = a.take(t * c.bottleneck)
        layerOut = (a.take(t * 2 * s), a.take(t * 2 * s))
        gateBuffers = [a.take(t * 3 * s), a.take(t * 3 * s)]
        hBuffers = [a.take(t * s), a.take(t * s)]
        let im2colBytes = g.flatMap { $0 }.map { $0.scratchBytes(rows: t) }.max() ?? 0
        im2col = [a.take(im2colBytes), a.take(im2colBytes)]
        logitBuffer = a.take(t)
        pooled = a.take(2 * s)
        var stages = EngineStages()
        bottleneckStage = stages.add("bottleneck", perRow: ["bottleneck"])
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
        attentionStage = stages.add("attention", perRow: ["attention"])
        classifierStage = stages.add("classifier", perText: ["classifier"])
        try super.init(config: c, kernels: kernels, stages: stages, arenaBytes: a.bytes,
                       classifierOutput: try m["classifier"].output)
    }

    override func forward(_ ws: EngineWorkspace, features: UnsafePointer<Int8>, rows t: Int, pool: ThreadPool?) {
        let k = kernels
        let x0 = ws.pointer(bottleneckOut)
        timed(ws, bottleneckStage) { bottleneck.run(k, features, rows: t, x0, scratch: x0) }
        var input = x0
        for l in 0..<config.layers {
            let output = ws.pointer(l % 2 == 0 ? layerOut.0 : layerOut.1)
            var task = EngineTask(self, ws, layer: l, rows: t, input: input, output: output)
            split(2, pool: pool, rows: t, context: &task) { raw, d in
                let task = raw!.load(as: EngineTask.self)
                task.engine(as: PQRNNEngine.self).direction(d, task)
            }
            input = output
        }
        let s2 = 2 * config.state
        let logits = ws.pointer(logitBuffer), pooledOut = ws.pointer(pooled)
        timed(ws, attentionStage) {
            attentionLogit.run(k, input, rows: t, logits, scratch: logits)
            k.attention.scalarLogit(attention, logits: logits, values: input, length: t, channels: s2, pooledOut)
        }
        timed(ws, classifierStage) { classifier.run(k, pooledOut, rows: 1, ws.int8Logits.baseAddress!, scratch: pooledOut) }
    }

    /// One direction of one layer: gates, pooling, then h into its half of the layer output.
    func direction(_ d: Int, _ task: EngineTask) {
        let ws = task.ws, l = task.layer, t = task.rows, s = config.state
        let g = ws.pointer(gateBuffers[d]), h = ws.pointer(hBuffers[d])
        timed(ws, gateStages[l][d]) { gates[l][d].run(kernels, task.input, rows: t, g, scratch: ws.pointer(im2col[d])) }
        timed(ws, poolStages[l][d]) {
            kernels.pool.run(pooling[l][d], g, rows: t, length: t, direction: d == 0 ? .forward : .backward, h)
            for row in 0..<t { (task.output + row * 2 * s + d * s).update(from: h + row * s, count: s) }
        }
    }
}

// MARK: PRADO

/// PRADO on the kernels: values and keys (dense, ReLU fused; in parallel)
/// -> per head the values and keys convolutions and per-channel attention
/// (heads in parallel) -> classifier.
final class PRADOEngine: Engine, @unchecked Sendable {
    let config: PRADOConfig
    let values: PackedLayer, keys: PackedLayer
    /// [head] (values conv, keys conv)
    let heads: [(values: PackedLayer, keys: PackedLayer)]
    let attention: [AttentionPooling]
    let classifier: PackedLayer
    let projected: (Int, Int), headBuffers: [(Int, Int)], im2col: [Int], pooled: Int
    let pooledOffsets: [Int]
    // Stage indices.
    let valuesKeysStage: Int, headStages: [Int], classifierStage: Int

    init(_ m: Int8Model<PRADOConfig>, kernels: KernelSet) throws {
        let c = m.config, t = c.maxSeqLen
        config = c
        values = try PackedLayer(m["values"], kernels: kernels)
        keys = try PackedLayer(m["keys"], kernels: kernels)
        heads = try c.heads.indices.map { (try PackedLayer(m["head\($0).values"], kernels: kernels),
                                           try PackedLayer(m["head\($0).keys"], kernels: kernels)) }
        let pooledQ = try m["classifier"].quantization.input
        attention = try c.heads.indices.map {
            AttentionPooling(logits: try m["head\($0).keys"].output, values: try m["head\($0).values"].output, output: pooledQ)
        }
        classifier = try PackedLayer(m["classifier"], kernels: kernels)
        var a = ArenaLayout()
        projected = (a.take(t * c.embedding), a.take(t * c.embedding))
        headBuffers = c.heads.map { (a.take(t * $0.channels), a.take(t * $0.channels)) }
        im2col = heads.map { a.take(max($0.values.scratchBytes(rows: t), $0.keys.scratchBytes(rows: t))) }
        pooled = a.take(c.pooledWidth)
        var offsets: [Int] = [], o = 0
        for h in c.heads { offsets.append(o); o += h.channels }
        pooledOffsets = offsets
        var stages = EngineStages()
        valuesKeysStage = stages.add("values+keys", perRow: ["values", "keys"])
        headStages = c.heads.indices.map {
            stages.add("head\($0) (\(c.heads[$0].label))", perRow: ["head\($0).values", "head\($0).keys"])
        }
        classifierStage = stages.add("classifier", perText: ["classifier"])
        try super.init(config: c, kernels: kernels, stages: stages, arenaBytes: a.bytes,
                       classifierOutput: try m["classifier"].output)
    }

    override func forward(_ ws: EngineWorkspace, features: UnsafePointer<Int8>, rows t: Int, pool: ThreadPool?) {
        let k = kernels
        var task = EngineTask(self, ws, layer: 0, rows: t, input: UnsafeMutablePointer(mutating: features),
                              output: ws.pointer(projected.0))
        timed(ws, valuesKeysStage) {
            split(2, pool: pool, rows: t, context: &task) { raw, i in
                let task = raw!.load(as: EngineTask.self)
                let e = task.engine(as: PRADOEngine.self), ws = task.ws
                let out = ws.pointer(i == 0 ? e.projected.0 : e.projected.1)
                (i == 0 ? e.values : e.keys).run(e.kernels, task.input, rows: task.rows, out, scratch: out)
            }
        }
        split(heads.count, pool: pool, rows: t, context: &task) { raw, i in
            let task = raw!.load(as: EngineTask.self)
            task.engine(as: PRADOEngine.self).head(i, task)
        }
        let pooledOut = ws.pointer(pooled)
        timed(ws, classifierStage) { classifier.run(k, pooledOut, rows: 1, ws.int8Logits.baseAddress!, scratch: pooledOut) }
    }

    func head(_ i: Int, _ task: EngineTask) {
        let ws = task.ws, t = task.rows, channels = config.heads[i].channels
        timed(ws, headStages[i]) {
            let v = ws.pointer(headBuffers[i].0), l = ws.pointer(headBuffers[i].1), scratch = ws.pointer(im2col[i])
            heads[i].values.run(kernels, ws.pointer(projected.0), rows: t, v, scratch: scratch)
            heads[i].keys.run(kernels, ws.pointer(projected.1), rows: t, l, scratch: scratch)
            kernels.attention.perChannel(attention[i], logits: l, values: v, length: t, channels: channels,
                                         ws.pointer(pooled) + pooledOffsets[i])
        }
    }
}
