import Foundation
import TernKernels

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
/// (`TextClassifier.makeWorkspace()`), or let `TextClassifier.classify` lend one.
public final class EngineWorkspace: @unchecked Sendable {
    /// The projection's buffers: `ProjectionWorkspace` for PRADO and pQRNN,
    /// `SGNNProjectionWorkspace` for SGNN.
    let projection: ProjectionWorkspace
    let sgnnProjection: SGNNProjectionWorkspace
    let arena: AlignedBuffer
    /// Projection rows the model ran on (after the cut to maxSeqLen; 1 for SGNN).
    public internal(set) var rows = 0
    /// The text's tokens (BOS and EOS excluded), including any cut off.
    public internal(set) var tokens = 0
    /// True when the text was longer than the model's maximum length.
    public internal(set) var truncated = false
    /// int8 logits `[C]` (zeros for an ensemble, which has none of its
    /// own), their dequantized values (an ensemble: the members' mean) and
    /// the probabilities.
    public let int8Logits: UnsafeMutableBufferPointer<Int8>
    public let logits: UnsafeMutableBufferPointer<Float>
    public let probabilities: UnsafeMutableBufferPointer<Float>
    /// Nanoseconds per stage of the last inference (`TextClassifier.stageNames`)
    /// when `timesStages` is on; zeros otherwise.
    public let stageNanoseconds: UnsafeMutableBufferPointer<UInt64>
    /// Whether inferences time each stage into `stageNanoseconds` (an
    /// ensemble's workspace passes it on to its members). Off by default:
    /// the clock reads took 2-3 % of a PRADO text at T 16 (gperftools, Zen 4).
    public var timesStages = false {
        didSet { for m in members { m.timesStages = timesStages } }
    }

    /// Whether the layers the projection feeds run on the text's distinct
    /// rows only (`RepeatedRows`: a repeated token's outputs are copied from
    /// its first occurrence; bit-exact). On by default; off runs every row,
    /// for tests and A/B runs. An ensemble's workspace passes it on.
    public var skipsRepeatedRows = true {
        didSet { for m in members { m.skipsRepeatedRows = skipsRepeatedRows } }
    }
    /// Distinct projection rows of the last inference (equal to `rows` when
    /// none repeat or `skipsRepeatedRows` is off; 0 for SGNN and for an
    /// ensemble's own workspace, whose members keep theirs).
    public internal(set) var distinctRows = 0

    /// The engine that made it.
    let owner: ObjectIdentifier
    /// An ensemble's: one workspace per member engine, in member order.
    let members: [EngineWorkspace]

    init(owner: ObjectIdentifier, bytes: Int, classes: Int, stages: Int, members: [EngineWorkspace] = []) {
        self.owner = owner
        self.members = members
        projection = ProjectionWorkspace()
        sgnnProjection = SGNNProjectionWorkspace()
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
