import Foundation
import TernKernels
import TernModels

/// Why a checkpoint cannot be used.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case notACheckpoint(String)
    case unsupportedVersion(String, UInt32)
    case truncated(String, bytes: Int, expected: Int)
    case checksumMismatch(String)
    case malformed(String, reason: String)
    case differentRun(String, field: String, checkpoint: String, now: String)

    public var description: String {
        switch self {
        case .missing(let path): return "\(path): no checkpoint to resume from (train without --resume to start afresh)"
        case .notACheckpoint(let path): return "\(path) is not a Tern training checkpoint"
        case .unsupportedVersion(let path, let v): return "\(path): checkpoint version \(v) is not supported (this build reads version \(TrainingCheckpoint.version))"
        case .truncated(let path, let bytes, let expected):
            return "\(path) is truncated: \(bytes) bytes, its header says \(expected); resume from an intact checkpoint or train afresh"
        case .checksumMismatch(let path):
            return "\(path) is corrupt: its checksum does not match its contents; resume from an intact checkpoint or train afresh"
        case .malformed(let path, let reason): return "\(path): \(reason)"
        case .differentRun(let path, let field, let checkpoint, let now):
            return "\(path) was written by a different run: its \(field) is \(checkpoint), this run's is \(now)"
        }
    }
}

/// Everything a training run needs to continue exactly where it stopped:
/// the parameters, Adam's moments, the best parameters so far, where in
/// which epoch it was, and the random generators of every worker. A run
/// resumed from a checkpoint ends with the same model, bit for bit, as the
/// run that was never stopped (same seed, same thread count).
///
/// File layout: "TERNCKPT", a version (UInt32 LE), 4 reserved bytes, the
/// payload's length (UInt64 LE) and its FarmHash fingerprint64 (UInt64 LE),
/// then the payload, a safetensors file (state as JSON metadata, the four
/// float vectors as tensors). The length catches truncation, the checksum
/// any other damage, before a byte of the payload is interpreted.
public struct TrainingCheckpoint: Sendable {
    public static let magic = Array("TERNCKPT".utf8)
    public static let version: UInt32 = 1
    static let headerBytes = 32

    /// The training loop's position and bookkeeping.
    public struct State: Codable, Sendable, Equatable {
        /// What the run is (architecture, configuration, options, data); a resume must match it.
        public var identity: [String: String]
        /// The epoch in progress (1-based) and its next step.
        public var epoch: Int
        public var nextStep: Int
        /// True once training stopped (last epoch or early stopping); only the export is left.
        public var finished: Bool
        /// The best dev metric so far (nil before the first epoch ends).
        public var best: Double?
        public var sinceBest: Int
        public var log: [EpochLog]
        public var adamStep: Int
        /// The epoch in progress so far: summed loss, examples, seconds.
        public var epochLoss: Double
        public var epochSeen: Int
        public var epochSeconds: Double
        /// Per worker: the dropout / window generator and the distortion state.
        public var workerGenerators: [UInt64]
        public var workerDistortion: [ProjectionDistorter.State]
        /// Quantization-aware training of activations: the moving ranges, and those of the best parameters.
        public var activationRanges: ActivationRangeTracker? = nil
        public var bestActivationRanges: ActivationRangeTracker? = nil
        /// Batch norm: the moving statistics, and those of the best parameters.
        public var normStatistics: BatchNormStatistics? = nil
        public var bestNormStatistics: BatchNormStatistics? = nil
    }

    public var state: State
    public var parameters: [Float]
    public var bestParameters: [Float]
    public var adamM: [Float]
    public var adamV: [Float]

    public func bytes() throws -> Data {
        var writer = SafeTensorsWriter(metadata: ["tern.checkpoint": String(decoding: try JSONEncoder().encode(state), as: UTF8.self)])
        for (name, values) in [("parameters", parameters), ("best", bestParameters), ("adam.m", adamM), ("adam.v", adamV)] {
            writer.add(name, floats: values, shape: [values.count])
        }
        let payload = try writer.bytes()
        var out = Data(Self.magic)
        for v in [UInt64(Self.version), UInt64(payload.count), payload.withUnsafeBytes(FarmHash.fingerprint64)] {
            withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(payload)
        return out
    }

    /// Writes the checkpoint so that a crash at any moment leaves the previous one or this one.
    public func write(to url: URL) throws { try DurableFile.write(try bytes(), to: url) }

    public init(state: State, parameters: [Float], bestParameters: [Float], adamM: [Float], adamV: [Float]) {
        self.state = state
        self.parameters = parameters
        self.bestParameters = bestParameters
        self.adamM = adamM
        self.adamV = adamV
    }

    /// Reads and verifies a checkpoint: magic, version, length, checksum, then the payload's structure.
    public init(contentsOf url: URL) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw CheckpointError.missing(path) }
        try self.init(bytes: try fileBytes(url), path: path)
    }

    public init(bytes data: Data, path: String) throws {
        guard data.count >= Self.headerBytes, Array(data.prefix(8)) == Self.magic else {
            throw data.count < Self.headerBytes && Self.magic.starts(with: data.prefix(8))
                ? CheckpointError.truncated(path, bytes: data.count, expected: Self.headerBytes)
                : CheckpointError.notACheckpoint(path)
        }
        let word: (Int) -> UInt64 = { offset in
            data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        }
        let version = UInt32(truncatingIfNeeded: word(8))
        guard version == Self.version else { throw CheckpointError.unsupportedVersion(path, version) }
        let length = word(16), checksum = word(24)
        let available = UInt64(data.count - Self.headerBytes)
        guard length == available else {
            let expected = length > UInt64(Int.max / 2) ? Int.max : Self.headerBytes + Int(length)
            if length > available { throw CheckpointError.truncated(path, bytes: data.count, expected: expected) }
            throw CheckpointError.malformed(path, reason: "\(available - length) bytes after the end its header states")
        }
        let payload = data.subdata(in: Self.headerBytes..<data.count)
        guard payload.withUnsafeBytes(FarmHash.fingerprint64) == checksum else { throw CheckpointError.checksumMismatch(path) }
        do {
            let file = try SafeTensorsFile(bytes: payload)
            guard let json = file.metadata["tern.checkpoint"] else { throw CheckpointError.malformed(path, reason: "no training state") }
            state = try JSONDecoder().decode(State.self, from: Data(json.utf8))
            parameters = try file.floats("parameters")
            bestParameters = try file.floats("best", shape: [parameters.count])
            adamM = try file.floats("adam.m", shape: [parameters.count])
            adamV = try file.floats("adam.v", shape: [parameters.count])
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.malformed(path, reason: "\(error)")
        }
        guard state.workerGenerators.count == state.workerDistortion.count, state.epoch >= 1, state.nextStep >= 0 else {
            throw CheckpointError.malformed(path, reason: "inconsistent training state")
        }
    }

    /// Refuses a checkpoint of another run, naming the first field that differs.
    public func check(identity: [String: String], path: String) throws {
        for key in Set(identity.keys).union(state.identity.keys).sorted() where identity[key] != state.identity[key] {
            func short(_ s: String?) -> String {
                guard let s else { return "absent" }
                return s.count > 120 ? String(s.prefix(117)) + "..." : s
            }
            throw CheckpointError.differentRun(path, field: key, checkpoint: short(state.identity[key]), now: short(identity[key]))
        }
    }
}

/// Where and how often a training run saves its checkpoint.
public struct CheckpointPlan: Sendable {
    public var url: URL
    /// Steps between checkpoints inside an epoch (one is also written at each epoch's end).
    public var everySteps: Int
    /// What the run is; stored in the checkpoint and compared on resume.
    public var identity: [String: String]

    public init(url: URL, everySteps: Int, identity: [String: String]) {
        self.url = url
        self.everySteps = everySteps
        self.identity = identity
    }
}
