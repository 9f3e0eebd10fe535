import Foundation
import TernKernels
import TernModels

/// What training asks of an architecture: its parameter layout, per-thread
/// scratch, and one example's loss with its gradient accumulated.
public protocol TrainableNetwork: Sendable {
    associatedtype Scratch: NetworkScratch
    /// What the network reads per row: int8 ternary features (PRADO, pQRNN) or floats (SGNN).
    associatedtype Element
    associatedtype Extractor: FeatureExtractor where Extractor.Element == Element
    var classes: Int { get }
    var multiLabel: Bool { get }
    var layout: ParameterLayout { get }
    /// The most rows one example has (scratch is sized for it).
    var maxRows: Int { get }
    func makeScratch(maxRows: Int) -> Scratch
    /// One worker's feature extractor; `distortion` > 0 only while training.
    func makeExtractor(seed: UInt64, distortion: Float) throws -> Extractor
    /// The logits of one example `[C]` (in `logits`); with `train` the
    /// training-only layers (dropout) are on, drawn from `rng`.
    func forward(_ params: UnsafePointer<Float>, _ x: UnsafePointer<Element>, rows: Int, _ s: Scratch, train: Bool,
                 rng: inout SplitMix64) -> UnsafeMutableBufferPointer<Float>
    /// Accumulates into `grad` the gradient of the loss whose logit gradient is `dlogits`, after `forward` on the same example.
    func backward(_ params: UnsafePointer<Float>, _ x: UnsafePointer<Element>, rows: Int, _ s: Scratch,
                  dlogits: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>)
}

/// Turns a text into what a network reads; each trainer worker owns one.
public protocol FeatureExtractor: AnyObject {
    associatedtype Element
    /// Runs `body` on the features of `text` and their row count; a text
    /// without features (no tokens) is skipped. `training` turns on the
    /// distortion and, for a longer text, a random window of the maximum
    /// rows, starting at `windowStart(k)` (in 0...k, k the rows past the
    /// maximum); otherwise the first rows are read.
    func withFeatures(_ text: String, training: Bool, windowStart: (Int) -> Int, _ body: (UnsafePointer<Element>, Int) -> Void)
    /// The random state of the distortion (checkpoints keep it).
    var distortionState: ProjectionDistorter.State { get set }
}

/// The PRADO / pQRNN projection as a training input: ternary rows, the
/// distortion while training, a random window of maxSeqLen rows from longer
/// texts (the reference's recipe), the first maxSeqLen rows otherwise.
public final class ProjectionExtractor: FeatureExtractor {
    let trainPlan: ProjectionPlan
    let plan: ProjectionPlan
    let maxSeqLen: Int
    let workspace: ProjectionWorkspace

    init(projection: ProjectionOptions, maxSeqLen: Int, seed: UInt64, distortion: Float) throws {
        var trainOptions = projection
        trainOptions.distortionProbability = distortion
        trainPlan = try ProjectionPlan(trainOptions)
        plan = try ProjectionPlan(projection)
        self.maxSeqLen = maxSeqLen
        workspace = ProjectionWorkspace(distortionSeed: seed, distortionProbability: distortion)
    }

    public func withFeatures(_ text: String, training: Bool, windowStart: (Int) -> Int, _ body: (UnsafePointer<Int8>, Int) -> Void) {
        workspace.tokenLimit = training ? Int.max : maxSeqLen
        do { try ProjectionVariants.best.project(text, plan: training ? trainPlan : plan, workspace: workspace) } catch { return }
        let rows = workspace.rows
        var start = 0
        if rows > maxSeqLen && training { start = windowStart(rows - maxSeqLen) }
        let f = plan.featureSize
        workspace.features.withUnsafeBufferPointer { body($0.baseAddress! + start * f, min(rows, maxSeqLen)) }
    }

    public var distortionState: ProjectionDistorter.State {
        get { workspace.distorter.state }
        set { workspace.distorter.state = newValue }
    }
}

/// The networks over the ternary projection (PRADO, pQRNN): classes, rows and extractor from their configuration.
public protocol ProjectionNetwork: TrainableNetwork where Element == Int8, Extractor == ProjectionExtractor {
    associatedtype Config: ProjectionModelConfig
    var config: Config { get }
}

extension ProjectionNetwork {
    public var classes: Int { config.labels.count }
    public var multiLabel: Bool { config.multiLabel }
    public var maxRows: Int { config.maxSeqLen }
    public func makeExtractor(seed: UInt64, distortion: Float) throws -> ProjectionExtractor {
        try ProjectionExtractor(projection: config.projection, maxSeqLen: config.maxSeqLen, seed: seed, distortion: distortion)
    }
}

/// A zero-filled float buffer owned by a scratch object.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(_ count: Int) {
        self.count = max(count, 1)
        pointer = .allocate(capacity: self.count)
        pointer.initialize(repeating: 0, count: self.count)
    }
    deinit { pointer.deallocate() }
    func zero(_ n: Int) { pointer.update(repeating: 0, count: n) }
}
