import Foundation
import TernKernels
import TernModels

/// The moving statistics of every batch-normalized layer: what inference
/// (dev evaluation, the export's fold) normalizes with.
///
/// After each step, each layer's per-channel mean and variance move toward
/// the batch's: `mean = 0.99 mean + 0.01 batchMean`, the variance likewise
/// with the batch's unbiased variance (N / (N - 1)); the first batch sets
/// them. ../shared/spec/models.md: "BN" sits after the layer, before its
/// activation, and folds into the layer's weights and bias at export.
public struct BatchNormStatistics: Codable, Sendable, Equatable {
    public static let momentum: Float = 0.99
    /// Added to the variance before the square root (TensorFlow's default).
    public static let epsilon: Float = 1e-3
    public private(set) var mean: [String: [Float]] = [:]
    public private(set) var variance: [String: [Float]] = [:]

    public init() {}

    mutating func update(_ batch: [String: (mean: [Float], variance: [Float])]) {
        let m = Self.momentum
        for (name, b) in batch {
            if let old = mean[name], let oldVariance = variance[name] {
                mean[name] = zip(old, b.mean).map { m * $0 + (1 - m) * $1 }
                variance[name] = zip(oldVariance, b.variance).map { m * $0 + (1 - m) * $1 }
            } else {
                mean[name] = b.mean
                variance[name] = b.variance
            }
        }
    }

    /// Layer `name`'s per-channel mean and variance (0 and 1 before any batch).
    func moments(_ name: String, channels n: Int) -> (mean: [Float], variance: [Float]) {
        (mean[name] ?? [Float](repeating: 0, count: n), variance[name] ?? [Float](repeating: 1, count: n))
    }

    /// Per channel: the scale γ / sqrt(variance + ε) and the shift β - mean · scale
    /// that inference applies after the layer.
    func affine(_ name: String, channels n: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>) -> (scale: [Float], shift: [Float]) {
        let (mu, v) = moments(name, channels: n)
        var scale = [Float](repeating: 0, count: n), shift = [Float](repeating: 0, count: n)
        for c in 0..<n {
            scale[c] = gamma[c] / (v[c] + Self.epsilon).squareRoot()
            shift[c] = beta[c] - mu[c] * scale[c]
        }
        return (scale, shift)
    }
}

/// One training step's meeting point for batch normalization: every example
/// of the batch runs on its own thread, and at each batch-normalized layer
/// all of them wait until the others have put their per-channel sums in,
/// then each reduces the sums in example order (the same result on every
/// thread, whatever the scheduling) and goes on. At most `permits` threads
/// compute at once (`--threads`); a waiting thread gives its permit back.
final class BatchNormBarrier: @unchecked Sendable {
    private let lock = NSCondition()
    private let permits: DispatchSemaphore
    private var participants: Int
    private var arrived = 0
    private var generation = 0
    /// Per example: its sums at a meeting, in two sets used by turns. A
    /// thread can be one meeting ahead of the slowest reader, never two (the
    /// next meeting needs everyone), so writing one set while the other is
    /// read is safe, and one wait per meeting suffices.
    private var slots: [[[Double]]]
    /// The batch statistics of each layer in this step (the same from every thread).
    private(set) var statistics: [String: (mean: [Float], variance: [Float])] = [:]

    init(examples: Int, permits: Int) {
        participants = examples
        slots = [[[Double]]](repeating: [[Double]](repeating: [], count: examples), count: 2)
        self.permits = DispatchSemaphore(value: max(1, permits))
    }

    func acquire() { permits.wait() }
    func release() { permits.signal() }

    /// An example that has nothing to run (no tokens) leaves; the others stop waiting for it.
    func leave() {
        lock.lock()
        participants -= 1
        if participants > 0 && arrived == participants { openLocked() }
        lock.unlock()
    }

    private func openLocked() {
        arrived = 0
        generation += 1
        lock.broadcast()
    }

    /// Puts `sums` in as example `example`'s and returns every participant's, in example order.
    func exchange(_ example: Int, _ sums: [Double]) -> [[Double]] {
        release()
        lock.lock()
        let mine = generation, set = generation & 1
        slots[set][example] = sums
        arrived += 1
        if arrived == participants { openLocked() } else { while generation == mine { lock.wait() } }
        let all = slots[set].filter { !$0.isEmpty }
        lock.unlock()
        acquire()
        return all
    }

    func record(_ name: String, mean: [Float], variance: [Float]) {
        lock.lock()
        if statistics[name] == nil { statistics[name] = (mean, variance) }
        lock.unlock()
    }
}

/// A worker's batch normalization: off, on the moving statistics
/// (inference), or on the batch's (training, through a `BatchNormBarrier`).
/// Networks call `forward` after a layer, before its activation, and
/// `backward` on that layer's output gradient before the layer's own.
public final class BatchNormContext {
    enum Mode {
        case off
        case inference(BatchNormStatistics)
        case batch(BatchNormBarrier, example: Int)
    }
    var mode = Mode.off
    /// Per layer: x̂ = (u - mean) / sqrt(variance + ε) [T, N] and 1 / sqrt(variance + ε) [N], for the backward pass.
    private var normalized: [String: FloatBuffer] = [:]
    private var inverseDeviation: [String: [Float]] = [:]

    public init() {}

    /// One normalized layer output of a meeting: `values` [rows, channels] and its γ and β.
    struct Layer {
        var name: String
        var values: UnsafeMutablePointer<Float>
        var rows: Int
        var channels: Int
        var gamma: UnsafePointer<Float>
        var beta: UnsafePointer<Float>
    }

    /// Each layer's y := γ x̂ + β in place. In training, the layers given
    /// together share one meeting of the batch (the sums of all of them in
    /// one exchange): the fewer meetings, the less the threads wait.
    func forward(_ layers: [Layer]) {
        switch mode {
        case .off: return
        case .inference(let statistics):
            for l in layers {
                let (scale, shift) = statistics.affine(l.name, channels: l.channels, gamma: l.gamma, beta: l.beta)
                let n = l.channels, y = l.values
                for t in 0..<l.rows { for c in 0..<n { y[t * n + c] = y[t * n + c] * scale[c] + shift[c] } }
            }
        case .batch(let barrier, let example):
            var sums: [Double] = []
            for l in layers {
                let n = l.channels, y = l.values, base = sums.count
                sums += [Double](repeating: 0, count: 2 * n + 1)
                for t in 0..<l.rows { for c in 0..<n { let v = Double(y[t * n + c]); sums[base + c] += v; sums[base + n + c] += v * v } }
                sums[base + 2 * n] = Double(l.rows)
            }
            let total = Self.sum(barrier.exchange(example, sums), count: sums.count)
            var base = 0
            for l in layers {
                let n = l.channels, y = l.values, count = total[base + 2 * n]
                var mean = [Float](repeating: 0, count: n), variance = [Float](repeating: 0, count: n)
                var inverse = [Float](repeating: 0, count: n)
                for c in 0..<n {
                    let mu = total[base + c] / count
                    let v = max(0, total[base + n + c] / count - mu * mu)
                    mean[c] = Float(mu)
                    variance[c] = Float(count > 1 ? v * count / (count - 1) : v)
                    inverse[c] = Float(1 / (v + Double(BatchNormStatistics.epsilon)).squareRoot())
                }
                barrier.record(l.name, mean: mean, variance: variance)
                if normalized[l.name] == nil || normalized[l.name]!.count < l.rows * n { normalized[l.name] = FloatBuffer(l.rows * n) }
                let xhat = normalized[l.name]!.pointer
                for t in 0..<l.rows {
                    for c in 0..<n {
                        let k = t * n + c
                        xhat[k] = (y[k] - mean[c]) * inverse[c]
                        y[k] = l.gamma[c] * xhat[k] + l.beta[c]
                    }
                }
                inverseDeviation[l.name] = inverse
                base += 2 * n + 1
            }
        }
    }

    /// Each layer's gradient dy (in `values`) := du, the gradient before the
    /// normalization, in place; dγ and dβ accumulate into `dGamma[i]` and
    /// `dBeta[i]` for layer i. Training only
    /// (the batch mode): the statistics depend on every example, so the
    /// gradient has the batch's terms, du = γ / σ (dy - mean(dy) - x̂ mean(dy x̂)).
    func backward(_ layers: [Layer], dGamma: [UnsafeMutablePointer<Float>], dBeta: [UnsafeMutablePointer<Float>]) {
        guard case .batch(let barrier, let example) = mode else { return }
        var sums: [Double] = []
        for (i, l) in layers.enumerated() {
            // The forward pass of this batch stored x̂: returning here instead would leave the others waiting.
            let xhat = normalized[l.name]!.pointer
            let n = l.channels, dy = l.values, base = sums.count
            sums += [Double](repeating: 0, count: 2 * n + 1)
            for t in 0..<l.rows {
                for c in 0..<n { let k = t * n + c; sums[base + c] += Double(dy[k]); sums[base + n + c] += Double(dy[k] * xhat[k]) }
            }
            sums[base + 2 * n] = Double(l.rows)
            for c in 0..<n { dBeta[i][c] += Float(sums[base + c]); dGamma[i][c] += Float(sums[base + n + c]) }
        }
        let total = Self.sum(barrier.exchange(example, sums), count: sums.count)
        var base = 0
        for l in layers {
            let n = l.channels, dy = l.values, xhat = normalized[l.name]!.pointer, inverse = inverseDeviation[l.name]!
            let count = total[base + 2 * n]
            for c in 0..<n {
                let meanDy = Float(total[base + c] / count), meanDyXhat = Float(total[base + n + c] / count)
                let g = l.gamma[c] * inverse[c]
                for t in 0..<l.rows { let k = t * n + c; dy[k] = g * (dy[k] - meanDy - xhat[k] * meanDyXhat) }
            }
            base += 2 * n + 1
        }
    }

    /// The participants' sums added in example order (the same on every thread).
    static func sum(_ all: [[Double]], count: Int) -> [Double] {
        var total = [Double](repeating: 0, count: count)
        for s in all { for i in 0..<count { total[i] += s[i] } }
        return total
    }
}

/// A layer output a network normalizes: its name, values [rows, channels].
typealias NormalizedOutput = (name: String, values: UnsafeMutablePointer<Float>, rows: Int, channels: Int)

extension ParameterLayout {
    /// Batch-normalizes layer outputs (after their layers, before their
    /// activations), all in one meeting of the batch; nothing without batch norm.
    func normalize(_ s: NetworkScratch, _ p: UnsafePointer<Float>, _ outputs: [NormalizedOutput]) {
        guard batchNorm else { return }
        s.norm.forward(outputs.map {
            let g = normOffsets[$0.name]!
            return .init(name: $0.name, values: $0.values, rows: $0.rows, channels: $0.channels, gamma: p + g, beta: p + g + $0.channels)
        })
    }

    /// The backward pass of `normalize` (given the same outputs, now holding
    /// their gradients): each becomes its layer output's gradient before the normalization.
    func normalizeBackward(_ s: NetworkScratch, _ p: UnsafePointer<Float>, _ grad: UnsafeMutablePointer<Float>,
                           _ gradients: [NormalizedOutput]) {
        guard batchNorm else { return }
        let layers: [BatchNormContext.Layer] = gradients.map {
            let g = normOffsets[$0.name]!
            return .init(name: $0.name, values: $0.values, rows: $0.rows, channels: $0.channels, gamma: p + g, beta: p + g + $0.channels)
        }
        s.norm.backward(layers, dGamma: gradients.map { grad + normOffsets[$0.name]! },
                        dBeta: gradients.map { grad + normOffsets[$0.name]! + $0.channels })
    }
}

extension ParameterLayout {
    /// Quantization-aware training with batch norm (TensorFlow's way): the
    /// normalization is frozen on its moving statistics and folded into
    /// each layer, W' = W s and b' = (b - mean) s + β with s = γ / sqrt(var + ε),
    /// and with `quantize` W' goes onto the int8 grid the export will give
    /// the folded layer. γ and β's slots are left as they are; the network
    /// runs with its normalization off on these values.
    func folded(_ values: [Float], statistics: BatchNormStatistics, quantize: Bool) -> [Float] {
        var out = values
        values.withUnsafeBufferPointer { v in
            for s in shapes {
                guard let g = normOffsets[s.name] else { continue }
                let w = weightOffsets[s.name]!, b = biasOffsets[s.name]!
                let (scale, shift) = statistics.affine(s.name, channels: s.outputs, gamma: v.baseAddress! + g,
                                                      beta: v.baseAddress! + g + s.outputs)
                for i in 0..<s.weightCount { out[w + i] = v[w + i] * scale[i % s.outputs] }
                for c in 0..<s.outputs { out[b + c] = v[b + c] * scale[c] + shift[c] }
            }
        }
        return quantize ? weightQuantized(out) : out
    }

    /// The gradient with respect to the values from the gradient with respect
    /// to `folded`'s (straight through its rounding): dW = dW' s, db = db' s,
    /// dβ = db', dγ = (Σ dW' W + db' (b - mean)) / sqrt(var + ε); the
    /// statistics are frozen, so nothing flows into them.
    func unfoldGradient(_ grad: [Float], values: [Float], statistics: BatchNormStatistics) -> [Float] {
        var out = grad
        values.withUnsafeBufferPointer { v in
            for s in shapes {
                guard let g = normOffsets[s.name] else { continue }
                let w = weightOffsets[s.name]!, b = biasOffsets[s.name]!, n = s.outputs
                let (scale, _) = statistics.affine(s.name, channels: n, gamma: v.baseAddress! + g, beta: v.baseAddress! + g + n)
                let (mean, variance) = statistics.moments(s.name, channels: n)
                var dGamma = [Float](repeating: 0, count: n)
                for i in 0..<s.weightCount {
                    let c = i % n
                    dGamma[c] += grad[w + i] * v[w + i]
                    out[w + i] = grad[w + i] * scale[c]
                }
                for c in 0..<n {
                    dGamma[c] += grad[b + c] * (v[b + c] - mean[c])
                    out[g + c] = grad[g + c] + dGamma[c] / (variance[c] + BatchNormStatistics.epsilon).squareRoot()
                    out[g + n + c] = grad[g + n + c] + grad[b + c]
                    out[b + c] = grad[b + c] * scale[c]
                }
            }
        }
        return out
    }
}
