import Foundation
import TernKernels
import TernModels

/// The moving ranges of every quantized activation, tracked while training
/// on the activations' int8 grid (../shared/spec/quantization.md).
///
/// After each step the range of every point is moved toward that step's
/// batch range, [min(x, 0), max(x, 0)] over every example of the step:
/// `low = 0.99 low + 0.01 batchLow` (the same for `high`), a proper moving
/// average. The reference instead weighs the new batch by 0.99, which keeps
/// little more than the last batch; with batches of 32 (not 1024) one batch
/// is too noisy a range to export. The first step a point is seen sets its
/// range to that batch's. The export quantizes every activation with these
/// ranges, so the int8 model runs on the very grid training saw.
public struct ActivationRangeTracker: Codable, Sendable, Equatable {
    public static let momentum: Float = 0.99
    public private(set) var low: [String: Float] = [:]
    public private(set) var high: [String: Float] = [:]

    public init() {}

    /// Moves each point's range toward its batch range.
    mutating func update(_ batch: [String: ObservedRange]) {
        let m = Self.momentum
        for (name, r) in batch {
            if let lo = low[name], let hi = high[name] {
                low[name] = m * lo + (1 - m) * r.low
                high[name] = m * hi + (1 - m) * r.high
            } else {
                low[name] = r.low
                high[name] = r.high
            }
        }
    }

    /// The int8 quantization of point `name`, once it has a range.
    func quantization(_ name: String) -> AffineQuantization? {
        guard let lo = low[name], let hi = high[name] else { return nil }
        return try? AffineQuantization.covering(low: lo, high: hi)
    }

    /// The ranges as the int8 export takes them.
    public var ranges: ActivationRanges { ActivationRanges(low: low, high: high) }
}

/// The [min(x, 0), max(x, 0)] of one point over the examples seen.
struct ObservedRange: Equatable {
    var low: Float = 0
    var high: Float = 0

    mutating func merge(_ other: ObservedRange) {
        low = min(low, other.low)
        high = max(high, other.high)
    }
}

/// One worker's fake quantization of activations: each quantization point of
/// a network's forward pass puts its values on an int8 grid (quantize, then
/// dequantize, exactly as `AffineQuantization` does: round half away from
/// zero, clamp to [-128, 127]). Gradients pass straight through inside the
/// grid's range and are zero where it clips (the `pass` mask the backward
/// pass applies).
///
/// In training each example is quantized with its own range,
/// [min(x, 0), max(x, 0)], and the range is recorded for the tracker: the
/// reference quantizes with the batch's range, and here each example runs on
/// its own worker, so the batch is one example. The first version used the
/// moving range in training instead; then clipped logits passed no gradient,
/// the range could not grow back, and MR's training never left chance level.
/// Evaluation (dev during quantization-aware training) uses the tracked
/// moving ranges, as the export does; a point without one uses its own.
public final class ActivationQuantizer {
    /// Off: every call leaves the values as they are.
    var enabled = false
    /// Training: own ranges, recorded; else the tracker's ranges, nothing recorded.
    var training = true
    var tracker = ActivationRangeTracker()
    /// What this worker saw since `begin`.
    private(set) var observed: [String: ObservedRange] = [:]

    public init() {}

    /// Starts a step (or an evaluation) on `tracker`'s ranges.
    func begin(_ tracker: ActivationRangeTracker, enabled: Bool, training: Bool) {
        self.tracker = tracker
        self.enabled = enabled
        self.training = training
        observed.removeAll(keepingCapacity: true)
    }

    /// Fake-quantizes `rows` rows of `width` values (rows `stride` apart) of
    /// point `name` in place. `relu`: the point is a ReLU's output, given
    /// before the ReLU (its grid starts at 0, so the clamp is the ReLU).
    /// `fixed`: the point has a fixed quantization (QRNN h: [-1, 1]) and no
    /// range to track. `pass` (same layout) gets 1 inside the grid's range
    /// and 0 where the value was clipped. Returns false, touching nothing,
    /// when fake quantization is off.
    @discardableResult
    func fakeQuantize(_ name: String, _ y: UnsafeMutablePointer<Float>, rows: Int, width: Int, stride: Int,
                      relu: Bool = false, fixed: AffineQuantization? = nil, pass: UnsafeMutablePointer<Float>?) -> Bool {
        guard enabled else { return false }
        var own = ObservedRange()
        if fixed == nil {
            for t in 0..<rows {
                let row = y + t * stride
                for j in 0..<width { own.low = min(own.low, row[j]); own.high = max(own.high, row[j]) }
            }
            if relu { own.low = 0 }
            if training { observed[name, default: ObservedRange()].merge(own) }
        }
        let tracked = training ? nil : tracker.quantization(name)
        guard let q = fixed ?? tracked ?? (try? AffineQuantization.covering(low: own.low, high: own.high)) else {
            return false
        }
        // Division, not a multiplication by the inverse: the level must be AffineQuantization.quantize's
        // bit for bit, also where v / scale lands on a half.
        let scale = q.scale, zero = Float(q.zeroPoint)
        let lowest = (-128 - zero) * scale, highest = (127 - zero) * scale
        for t in 0..<rows {
            let row = y + t * stride, mask = pass.map { $0 + t * stride }
            for j in 0..<width {
                let v = row[j]
                let level = max(-128, min(127, (v / scale).rounded(.toNearestOrAwayFromZero) + zero))
                row[j] = (level - zero) * scale
                mask?[j] = v >= lowest && v <= highest ? 1 : 0
            }
        }
        return true
    }

    /// `fakeQuantize` over `count` contiguous values.
    @discardableResult
    func fakeQuantize(_ name: String, _ y: UnsafeMutablePointer<Float>, count: Int, relu: Bool = false,
                      fixed: AffineQuantization? = nil, pass: UnsafeMutablePointer<Float>?) -> Bool {
        fakeQuantize(name, y, rows: 1, width: count, stride: count, relu: relu, fixed: fixed, pass: pass)
    }
}

/// What every network's scratch holds besides its buffers: its worker's
/// activation quantizer and batch normalization.
public class NetworkScratch {
    public let activations = ActivationQuantizer()
    public let norm = BatchNormContext()
    init() {}
}

/// Multiplies `count` gradients by the fake quantization's pass mask, when it was on.
@inline(__always)
func applyPass(_ d: UnsafeMutablePointer<Float>, _ pass: UnsafePointer<Float>, count: Int, _ quantizer: ActivationQuantizer) {
    guard quantizer.enabled else { return }
    for i in 0..<count { d[i] *= pass[i] }
}
