import Foundation
import TernKernels
import TernModels

/// What training asks of an architecture: its parameter layout, per-thread
/// scratch, and one example's loss with its gradient accumulated.
public protocol TrainableNetwork: Sendable {
    associatedtype Scratch: AnyObject
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

/// PRADO's training graph: ternary projection -> values and keys (ReLU,
/// dropout) -> per head value and key convolutions, per-channel softmax
/// over time -> classifier. ../shared/spec/models.md.
public struct PRADONetwork: ProjectionNetwork {
    public let config: PRADOConfig
    public let layout: ParameterLayout
    public let dropout: Float

    public init(config: PRADOConfig, dropout: Float) {
        self.config = config
        layout = ParameterLayout(config.layerShapes)
        self.dropout = dropout
    }

    public final class Scratch {
        let values, keys, valueMask, keyMask, dValues, dKeys: FloatBuffer
        let headV, headL, alpha, dV, dL: [FloatBuffer]
        let pooled, dPooled, logits: FloatBuffer

        init(_ c: PRADOConfig, rows: Int) {
            let te = rows * c.embedding
            values = FloatBuffer(te); keys = FloatBuffer(te); valueMask = FloatBuffer(te); keyMask = FloatBuffer(te)
            dValues = FloatBuffer(te); dKeys = FloatBuffer(te)
            headV = c.heads.map { FloatBuffer(rows * $0.channels) }
            headL = c.heads.map { FloatBuffer(rows * $0.channels) }
            alpha = c.heads.map { FloatBuffer(rows * $0.channels) }
            dV = c.heads.map { FloatBuffer(rows * $0.channels) }
            dL = c.heads.map { FloatBuffer(rows * $0.channels) }
            pooled = FloatBuffer(c.pooledWidth); dPooled = FloatBuffer(c.pooledWidth); logits = FloatBuffer(c.labels.count)
        }
    }

    public func makeScratch(maxRows: Int) -> Scratch { Scratch(config, rows: maxRows) }

    func shape(_ name: String) -> LayerShape { layout.shapes.first { $0.name == name }! }

    public func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int8>, rows t: Int, _ s: Scratch, train: Bool,
                        rng: inout SplitMix64) -> UnsafeMutableBufferPointer<Float> {
        let e = config.embedding
        for (name, out, mask) in [("values", s.values, s.valueMask), ("keys", s.keys, s.keyMask)] {
            let sh = shape(name)
            ternaryDenseForward(sh, p + layout.weightOffsets[name]!, p + layout.biasOffsets[name]!, x, rows: t, out.pointer)
            reluDropout(out.pointer, mask.pointer, count: t * e, dropout: dropout, train: train, rng: &rng)
        }
        var offset = 0
        for (h, head) in config.heads.enumerated() {
            let ch = head.channels
            let vName = "head\(h).values", kName = "head\(h).keys"
            convForward(shape(vName), p + layout.weightOffsets[vName]!, p + layout.biasOffsets[vName]!, s.values.pointer, rows: t,
                        s.headV[h].pointer)
            convForward(shape(kName), p + layout.weightOffsets[kName]!, p + layout.biasOffsets[kName]!, s.keys.pointer, rows: t,
                        s.headL[h].pointer)
            let v = s.headV[h].pointer, l = s.headL[h].pointer, a = s.alpha[h].pointer
            for c in 0..<ch {
                var m = -Float.infinity
                for i in 0..<t { m = max(m, l[i * ch + c]) }
                var sum: Float = 0
                for i in 0..<t { let w = Foundation.exp(l[i * ch + c] - m); a[i * ch + c] = w; sum += w }
                var pooled: Float = 0
                for i in 0..<t { a[i * ch + c] /= sum; pooled += a[i * ch + c] * v[i * ch + c] }
                s.pooled.pointer[offset + c] = pooled
            }
            offset += ch
        }
        convForward(shape("classifier"), p + layout.weightOffsets["classifier"]!, p + layout.biasOffsets["classifier"]!,
                    s.pooled.pointer, rows: 1, s.logits.pointer)
        return UnsafeMutableBufferPointer(start: s.logits.pointer, count: classes)
    }

    public func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int8>, rows t: Int, _ s: Scratch,
                         dlogits: UnsafePointer<Float>, grad g: UnsafeMutablePointer<Float>) {
        let e = config.embedding
        s.dPooled.zero(config.pooledWidth)
        convBackward(shape("classifier"), p + layout.weightOffsets["classifier"]!, s.pooled.pointer, rows: 1, dlogits,
                     g + layout.weightOffsets["classifier"]!, g + layout.biasOffsets["classifier"]!, s.dPooled.pointer)
        s.dValues.zero(t * e)
        s.dKeys.zero(t * e)
        var offset = 0
        for (h, head) in config.heads.enumerated() {
            let ch = head.channels
            let v = s.headV[h].pointer, a = s.alpha[h].pointer, dv = s.dV[h].pointer, dl = s.dL[h].pointer
            for c in 0..<ch {
                let dp = s.dPooled.pointer[offset + c], pooled = s.pooled.pointer[offset + c]
                for i in 0..<t {
                    let k = i * ch + c
                    dv[k] = a[k] * dp
                    dl[k] = a[k] * (v[k] - pooled) * dp
                }
            }
            offset += ch
            let vName = "head\(h).values", kName = "head\(h).keys"
            convBackward(shape(vName), p + layout.weightOffsets[vName]!, s.values.pointer, rows: t, dv,
                         g + layout.weightOffsets[vName]!, g + layout.biasOffsets[vName]!, s.dValues.pointer)
            convBackward(shape(kName), p + layout.weightOffsets[kName]!, s.keys.pointer, rows: t, dl,
                         g + layout.weightOffsets[kName]!, g + layout.biasOffsets[kName]!, s.dKeys.pointer)
        }
        for (name, d, mask) in [("values", s.dValues, s.valueMask), ("keys", s.dKeys, s.keyMask)] {
            for i in 0..<(t * e) { d.pointer[i] *= mask.pointer[i] }
            ternaryDenseBackward(shape(name), x, rows: t, d.pointer, g + layout.weightOffsets[name]!, g + layout.biasOffsets[name]!)
        }
    }
}

/// The loss of one example and its gradient with respect to the logits:
/// softmax cross-entropy, or sigmoid cross-entropy per label (multi-label).
func lossGradient(_ logits: UnsafeMutableBufferPointer<Float>, labels: [Int], multiLabel: Bool,
                  _ dlogits: UnsafeMutablePointer<Float>) -> Float {
    let c = logits.count
    if multiLabel {
        var loss: Float = 0
        for i in 0..<c {
            let y: Float = labels.contains(i) ? 1 : 0
            let z = logits[i]
            let p = 1 / (1 + Foundation.exp(-z))
            // log(1 + e^-|z|) + max(z, 0) - z y: stable for large |z|.
            loss += Foundation.log1p(Foundation.exp(-abs(z))) + max(z, 0) - z * y
            dlogits[i] = p - y
        }
        return loss
    }
    var m = -Float.infinity
    for i in 0..<c { m = max(m, logits[i]) }
    var sum: Float = 0
    for i in 0..<c { sum += Foundation.exp(logits[i] - m) }
    let label = labels[0]
    for i in 0..<c { dlogits[i] = Foundation.exp(logits[i] - m) / sum - (i == label ? 1 : 0) }
    return Foundation.log(sum) + m - logits[label]
}
