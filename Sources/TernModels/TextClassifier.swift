import TernKernels

/// An int8 classifier of any architecture, packed for one kernel set:
/// PRADO, pQRNN (`ProjectionClassifier`) and SGNN engines all answer to it.
///
/// An engine is immutable, so one serves any number of threads at once,
/// each with its own workspace (`makeWorkspace`, or the spares `classify`
/// lends). An inference in steady state allocates nothing.
public protocol TextClassifier: AnyObject, Sendable {
    /// The kernels it runs (SGNN uses the dense variant alone).
    var kernels: KernelSet { get }
    var labels: [String] { get }
    var multiLabel: Bool { get }
    /// Names of the stages `EngineWorkspace.stageNanoseconds` times, in order;
    /// the first is the projection.
    var stageNames: [String] { get }

    func makeWorkspace() -> EngineWorkspace

    /// Classifies UTF-8 `text` into `workspace` (tokens, truncation, logits,
    /// probabilities, stage times). `pool` splits the work inside the text
    /// across threads where the engine has work to split.
    func run(_ text: UnsafeRawBufferPointer, workspace: EngineWorkspace, pool: ThreadPool?) throws

    /// Classifies one text, safe from any number of threads at once: each
    /// call borrows a workspace from the engine's spares (made on demand).
    func classify(_ text: String, pool: ThreadPool?) throws -> Prediction

    /// Multiply-adds of one inference on `rows` projection rows.
    func macs(rows: Int) -> Int
    /// Multiply-adds of each stage (`stageNames`) on `rows` rows.
    func stageMACs(rows: Int) -> [Int]
    /// Whether each stage (`stageNames`) reads the ternary projection (its
    /// share of peak is measured against `MachinePeaks.peakGOPS(ternaryInput: true)`).
    var stageReadsProjection: [Bool] { get }
}

/// PRADO and pQRNN: a token-level projection cut to `maxSeqLen` rows, and
/// the network after it, which can also be run on rows given from outside
/// (the input a peer engine is compared on).
public protocol ProjectionClassifier: TextClassifier {
    /// Longer texts are cut to their first maxSeqLen projection rows.
    var maxSeqLen: Int { get }

    /// The projection rows of `text` (`[T, F]`, values in {-1, 0, +1}),
    /// cut to maxSeqLen as `run` cuts them.
    func projectedFeatures(_ text: String, workspace: EngineWorkspace) throws -> (features: [Int8], rows: Int)

    /// The layers after the projection on rows `projectedFeatures` made
    /// (`[T, F]`, 1 <= T <= maxSeqLen): the int8 logits land in
    /// `workspace.int8Logits`. No probabilities: this times the network alone.
    func runProjected(_ features: UnsafePointer<Int8>, rows: Int, workspace: EngineWorkspace, pool: ThreadPool?) throws
}

extension TextClassifier {
    public func run(_ text: String, workspace: EngineWorkspace, pool: ThreadPool? = nil) throws {
        var text = text
        try text.withUTF8 { try run(UnsafeRawBufferPointer($0), workspace: workspace, pool: pool) }
    }

    public func run(_ text: UnsafeRawBufferPointer, workspace: EngineWorkspace) throws {
        try run(text, workspace: workspace, pool: nil)
    }

    public func classify(_ text: String) throws -> Prediction { try classify(text, pool: nil) }

    /// Multiply-adds of each stage in the inference `workspace` last ran:
    /// the stages that read the projection on the text's distinct rows
    /// (`EngineWorkspace.distinctRows`), as the engines run them, the others
    /// on every row.
    public func stageMACs(ranIn workspace: EngineWorkspace) -> [Int] {
        let every = stageMACs(rows: workspace.rows), distinct = workspace.distinctRows
        guard distinct > 0 && distinct < workspace.rows else { return every }
        let onDistinct = stageMACs(rows: distinct)
        return stageReadsProjection.indices.map { stageReadsProjection[$0] ? onDistinct[$0] : every[$0] }
    }

    /// Multiply-adds the engine runs on `text`: one inference in
    /// `workspace`, counted as `stageMACs(ranIn:)` (0 if the text fails).
    public func macs(of text: String, workspace: EngineWorkspace) -> Int {
        guard (try? run(text, workspace: workspace)) != nil else { return 0 }
        return stageMACs(ranIn: workspace).reduce(0, +)
    }
}

extension ProjectionClassifier {
    public func runProjected(_ features: UnsafePointer<Int8>, rows: Int, workspace: EngineWorkspace) throws {
        try runProjected(features, rows: rows, workspace: workspace, pool: nil)
    }
}

/// What every engine shares to lend workspaces: `classify` on its spares.
protocol LendsWorkspaces: TextClassifier {
    var spares: WorkspaceShelf { get }
}

extension LendsWorkspaces {
    func classify(_ text: String, pool: ThreadPool?) throws -> Prediction {
        let ws = spares.take() ?? makeWorkspace()
        defer { spares.put(ws) }
        try run(text, workspace: ws, pool: pool)
        let best = bestIndex(ws.probabilities)
        return Prediction(label: labels[best], probabilities: Array(ws.probabilities), int8Logits: Array(ws.int8Logits),
                          tokens: ws.tokens, truncated: ws.truncated)
    }
}

/// One classification, whatever ran it.
public struct Classification: Sendable {
    public var probabilities: [Float]
    public var tokens: Int
    public var truncated: Bool

    public init(probabilities: [Float], tokens: Int, truncated: Bool) {
        self.probabilities = probabilities
        self.tokens = tokens
        self.truncated = truncated
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
