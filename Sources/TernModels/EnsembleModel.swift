import Foundation
import TernKernels

/// Several models of one label set answering as one model: each classifies
/// the text, their logits are averaged, and the average goes through the
/// softmax (or, multi-label, the sigmoid) as one model's logits would.
///
/// For a softmax, averaging logits is averaging log-probabilities (each
/// member's differ from its logits by a constant), so members trained with
/// different logit scales still weigh the same in the vote.
///
/// The file is a safetensors file whose `tern.format` is "ensemble" and whose
/// tensors `member.0`, `member.1`, ... (U8, one dimension) hold each member's
/// own model file, byte for byte: the ensemble is shipped as one file, and
/// each member can be taken out unchanged.
public struct EnsembleModel: ClassifierModel {
    public static let formatName = "ensemble"
    public static let memberRange = 2...16

    public let members: [any ClassifierModel]
    /// Bytes of each member's model file.
    public let memberFileBytes: [Int]

    /// Refuses members that cannot vote together: too few or too many, other
    /// label lists (order included), single- and multi-label, int8 and
    /// float32, or architectures mixed.
    public init(members: [any ClassifierModel], memberFileBytes: [Int]) throws {
        guard Self.memberRange.contains(members.count) else {
            throw ModelFileError.metadataInvalid("an ensemble holds \(Self.memberRange.lowerBound)...\(Self.memberRange.upperBound) members, not \(members.count)")
        }
        precondition(memberFileBytes.count == members.count)
        if let i = members.firstIndex(where: { $0 is EnsembleModel }) {
            throw ModelFileError.metadataInvalid("ensemble member \(i) is itself an ensemble")
        }
        let first = members[0]
        for (i, m) in members.enumerated().dropFirst() {
            func refuse(_ what: String) -> ModelFileError { .metadataInvalid("ensemble member \(i) \(what) member 0") }
            guard m.labels == first.labels else {
                throw refuse("has labels \(m.labels.joined(separator: ",")), not the \(first.labels.joined(separator: ",")) of")
            }
            guard m.multiLabel == first.multiLabel else { throw refuse("is \(m.multiLabel ? "" : "not ")multi-label, unlike") }
            guard m.format == first.format else { throw refuse("is \(m.format), unlike the \(first.format) of") }
            guard m.architecture == first.architecture else {
                throw refuse("is \(m.architecture.rawValue), unlike the \(first.architecture.rawValue) of")
            }
        }
        self.members = members
        self.memberFileBytes = memberFileBytes
    }

    public var architecture: Architecture { members[0].architecture }
    public var format: String { members[0].format }
    public var labels: [String] { members[0].labels }
    public var multiLabel: Bool { members[0].multiLabel }
    /// The longest member's limit (each member cuts a text at its own).
    public var maxSeqLen: Int? {
        let limits = members.compactMap(\.maxSeqLen)
        return limits.count == members.count ? limits.max() : nil
    }
    public var weightBytes: Int { members.reduce(0) { $0 + $1.weightBytes } }

    public func makeEngine(kernels: KernelSet) throws -> (any TextClassifier)? {
        var engines: [any TextClassifier] = []
        for m in members {
            guard let e = try m.makeEngine(kernels: kernels) else { return nil }
            engines.append(e)
        }
        return EnsembleEngine(members: engines)
    }

    public func summary(fileBytes: Int) -> String {
        var s = "ensemble of \(members.count) \(architecture.rawValue) models (\(format)), logits averaged\n"
        s += "labels: \(labels.joined(separator: ", "))\(multiLabel ? " (multi-label)" : "")\n"
        s += "weight bytes: \(weightBytes); file bytes: \(fileBytes)\n"
        for (i, (m, bytes)) in zip(members, memberFileBytes).enumerated() {
            s += "member \(i):\n"
            s += m.summary(fileBytes: bytes).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
            if !s.hasSuffix("\n") { s += "\n" }
        }
        return s
    }

    public func classifier() throws -> @Sendable (String) throws -> Classification {
        if let engine = try makeEngine(kernels: .best) { return engineClassifier(engine) }
        // Float members answer with probabilities: their logits are recovered
        // from them (log p for a softmax, up to a constant; log(p / (1 - p))
        // for a sigmoid), clamped where float32 rounded p to 0 or 1.
        let classifiers = try members.map { try $0.classifier() }
        let multiLabel = multiLabel
        return { text in
            var sum = [Float](repeating: 0, count: 0)
            var tokens = 0, truncated = false
            for classify in classifiers {
                let c = try classify(text)
                let tiny = Float.leastNormalMagnitude
                let logits = c.probabilities.map { p in
                    multiLabel ? Foundation.log(max(p, tiny) / max(1 - p, tiny)) : Foundation.log(max(p, tiny))
                }
                sum = sum.isEmpty ? logits : zip(sum, logits).map(+)
                tokens = max(tokens, c.tokens)
                truncated = truncated || c.truncated
            }
            let mean = sum.map { $0 / Float(classifiers.count) }
            return Classification(probabilities: try checkedProbabilities(mean, multiLabel: multiLabel), tokens: tokens, truncated: truncated)
        }
    }
}

// MARK: file

extension EnsembleModel {
    static func memberName(_ i: Int) -> String { "member.\(i)" }

    /// One member's file, loaded as `ModelFile.load` loads any model file;
    /// an ensemble is refused before its own members are read, so a file of
    /// nested ensembles cannot recurse deeper than one level.
    static func loadMember(_ data: Data, index: Int) throws -> any ClassifierModel {
        do {
            let file = try SafeTensorsFile(bytes: data)
            guard file.metadata[ModelFileKeys.format] != formatName else {
                throw ModelFileError.metadataInvalid("ensemble member \(index) is itself an ensemble")
            }
            return try ModelFile.load(file)
        } catch let error as ModelFileError {
            throw ModelFileError.wrongTensor(name: memberName(index), reason: "\(error)")
        }
    }

    /// Reads an ensemble file: every member file is checked and loaded as
    /// `ModelFile.load` loads any model file.
    public static func load(_ file: SafeTensorsFile) throws -> EnsembleModel {
        let count = file.tensors.count
        guard memberRange.contains(count) else {
            throw ModelFileError.metadataInvalid("an ensemble holds \(memberRange.lowerBound)...\(memberRange.upperBound) members, not \(count)")
        }
        var members: [any ClassifierModel] = [], bytes: [Int] = []
        for i in 0..<count {
            let name = memberName(i)
            guard let info = file.tensors[name] else { throw ModelFileError.missingTensor(name) }
            guard info.dtype == .uint8, info.shape.count == 1 else {
                throw ModelFileError.wrongTensor(name: name, reason: "a member is a U8 tensor of one dimension (its file's bytes)")
            }
            let member = Data(try file.array(name, as: UInt8.self))
            members.append(try loadMember(member, index: i))
            bytes.append(member.count)
        }
        return try EnsembleModel(members: members, memberFileBytes: bytes)
    }

    /// The bytes of an ensemble file holding `memberFiles` (each a model
    /// file's bytes), after checking that they load and can vote together.
    public static func file(memberFiles: [Data]) throws -> Data {
        let members = try memberFiles.enumerated().map { try loadMember($1, index: $0) }
        _ = try EnsembleModel(members: members, memberFileBytes: memberFiles.map(\.count))
        var w = SafeTensorsWriter(metadata: [ModelFileKeys.format: formatName])
        for (i, data) in memberFiles.enumerated() { w.add(memberName(i), [UInt8](data), shape: [data.count]) }
        return try w.bytes()
    }
}

/// The int8 engines of an ensemble's members run on the same text; their
/// dequantized logits are averaged, in member order.
///
/// With a pool of no more threads than members, the members run side by
/// side, one thread each, and split nothing inside: a whole member (its
/// projection and every layer) is a larger task than any stage the engines
/// split, and the members share nothing. With more threads than members,
/// they run one after another and split their stages as a single model
/// does. Either way the sums are the same, in the same order.
///
/// Its workspace holds one workspace per member. `int8Logits` stays zero:
/// an average of members on different scales has no int8 form of its own.
final class EnsembleEngine: TextClassifier, LendsWorkspaces {
    let members: [any TextClassifier]
    let spares = WorkspaceShelf()
    let stageNames: [String]

    init(members: [any TextClassifier]) {
        precondition(!members.isEmpty)
        self.members = members
        stageNames = members.enumerated().flatMap { i, m in m.stageNames.map { "member\(i).\($0)" } }
    }

    var kernels: KernelSet { members[0].kernels }
    var labels: [String] { members[0].labels }
    var multiLabel: Bool { members[0].multiLabel }

    func makeWorkspace() -> EngineWorkspace {
        EngineWorkspace(owner: ObjectIdentifier(self), bytes: 0, classes: labels.count, stages: stageNames.count,
                        members: members.map { $0.makeWorkspace() })
    }

    func macs(rows: Int) -> Int { members.reduce(0) { $0 + $1.macs(rows: rows) } }
    func stageMACs(rows: Int) -> [Int] { members.flatMap { $0.stageMACs(rows: rows) } }
    var stageReadsProjection: [Bool] { members.flatMap(\.stageReadsProjection) }

    func run(_ text: UnsafeRawBufferPointer, workspace ws: EngineWorkspace, pool: ThreadPool?) throws {
        guard ws.owner == ObjectIdentifier(self), ws.members.count == members.count else { throw InferenceError.foreignWorkspace }
        for i in ws.logits.indices { ws.logits[i] = 0 }
        ws.rows = 0
        ws.tokens = 0
        ws.truncated = false
        if let pool, pool.threadCount > 1, members.count >= pool.threadCount {
            try runSideBySide(text, ws, pool)
        } else {
            for (engine, mws) in zip(members, ws.members) { try engine.run(text, workspace: mws, pool: pool) }
        }
        var stage = 0
        for mws in ws.members {
            for i in ws.logits.indices { ws.logits[i] += mws.logits[i] }
            for s in mws.stageNanoseconds {
                ws.stageNanoseconds[stage] = s
                stage += 1
            }
            ws.rows = max(ws.rows, mws.rows)
            ws.tokens = max(ws.tokens, mws.tokens)
            ws.truncated = ws.truncated || mws.truncated
        }
        for i in ws.logits.indices { ws.logits[i] /= Float(members.count) }
        try writeProbabilities(UnsafeBufferPointer(ws.logits), multiLabel: multiLabel, into: ws.probabilities)
    }

    /// What one member's task reads (a C task function cannot capture).
    private struct MemberTask {
        let engine: Unmanaged<EnsembleEngine>
        let workspace: Unmanaged<EngineWorkspace>
        let text: UnsafeRawBufferPointer
        /// One slot per member, nil or the error its run threw.
        let errors: UnsafeMutablePointer<(any Error)?>
    }

    /// Every member on the pool, one task each, no pool inside; rethrows the
    /// first member's error (in member order). Allocates nothing on the heap
    /// when no member fails: the error slots live on the stack.
    private func runSideBySide(_ text: UnsafeRawBufferPointer, _ ws: EngineWorkspace, _ pool: ThreadPool) throws {
        try withUnsafeTemporaryAllocation(of: (any Error)?.self, capacity: members.count) { errors in
            let slots = errors.baseAddress!
            slots.initialize(repeating: nil, count: members.count)
            defer { slots.deinitialize(count: members.count) }
            var task = MemberTask(engine: .passUnretained(self), workspace: .passUnretained(ws), text: text, errors: slots)
            withUnsafeMutablePointer(to: &task) { context in
                pool.parallelFor(members.count, context: UnsafeMutableRawPointer(context)) { raw, i in
                    let task = raw!.load(as: MemberTask.self)
                    let engine = task.engine.takeUnretainedValue(), ws = task.workspace.takeUnretainedValue()
                    do { try engine.members[i].run(task.text, workspace: ws.members[i], pool: nil) }
                    catch { task.errors[i] = error }
                }
            }
            if let error = errors.lazy.compactMap({ $0 }).first { throw error }
        }
    }
}
