import Foundation
import TernKernels

/// The shape of one weight layer of a model: a dense layer is the width-1
/// case of a 1D convolution, so one description (and one quantizer, one
/// file layout) serves both.
///
/// Shapes: weights `[k, K, N]` (tap-major; k = 1 for dense), bias `[N]`.
public struct LayerShape: Sendable, Equatable {
    public var name: String
    public var inputs: Int
    public var outputs: Int
    public var width = 1
    /// Taps that are on (PRADO's skip-bigrams mask inner taps off).
    public var taps: [Bool] = [true]
    public var padding = Conv1DPadding.anticausal

    public init(name: String, inputs: Int, outputs: Int, width: Int = 1, taps: [Bool]? = nil,
                padding: Conv1DPadding = .anticausal) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.width = width
        self.taps = taps ?? [Bool](repeating: true, count: width)
        self.padding = padding
    }

    public var weightCount: Int { width * inputs * outputs }
    public var parameterCount: Int { taps.filter { $0 }.count * inputs * outputs + outputs }
    /// Multiply-adds per output step (masked taps excluded).
    public var macsPerStep: Int { taps.filter { $0 }.count * inputs * outputs }

    /// Input step read by tap j for output step t (outside 0..<T reads zero).
    @inline(__always) func source(_ t: Int, tap j: Int) -> Int {
        padding == .causal ? t - (width - 1) + j : t + j
    }
}

/// A float32 layer: the reference's arithmetic, written for clarity.
public struct FloatLayer: Sendable {
    public let shape: LayerShape
    public var weights: [Float]
    public var bias: [Float]

    public init(shape: LayerShape, weights: [Float], bias: [Float]) throws {
        guard weights.count == shape.weightCount, bias.count == shape.outputs else {
            throw ModelFileError.wrongTensor(name: shape.name, reason: "expected [\(shape.width), \(shape.inputs), \(shape.outputs)] weights and [\(shape.outputs)] bias")
        }
        guard weights.allSatisfy(\.isFinite), bias.allSatisfy(\.isFinite) else {
            throw ModelFileError.wrongTensor(name: shape.name, reason: "holds a NaN or an infinity")
        }
        self.shape = shape
        self.weights = weights
        self.bias = bias
    }

    /// Seeded uniform weights scaled to keep activations in a useful range.
    static func random(_ shape: LayerShape, _ rng: inout SplitMix64, gain: Float = 1.7, biasScale: Float = 0.1) -> FloatLayer {
        func uniform(_ scale: Float) -> Float { (Float(rng.next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
        let fanIn = Float(shape.taps.filter { $0 }.count * shape.inputs)
        let w = (0..<shape.weightCount).map { _ in uniform(gain / fanIn.squareRoot()) }
        let b = (0..<shape.outputs).map { _ in uniform(biasScale) }
        // The shapes come from a validated configuration and the counts match by construction.
        return try! FloatLayer(shape: shape, weights: w, bias: b)
    }

    /// `y[t, n] = b[n] + sum over active taps j and channels c of x[src(t, j), c] * w[j, c, n]`,
    /// x `[T, K]` -> y `[T, N]`, zero outside the sequence; ReLU when asked.
    public func forward(_ x: [Float], rows: Int, relu: Bool = false) -> [Float] {
        let s = shape
        var y = [Float](repeating: 0, count: rows * s.outputs)
        for t in 0..<rows {
            for n in 0..<s.outputs { y[t * s.outputs + n] = bias[n] }
            for j in 0..<s.width where s.taps[j] {
                let src = s.source(t, tap: j)
                guard (0..<rows).contains(src) else { continue }
                for c in 0..<s.inputs {
                    let v = x[src * s.inputs + c]
                    if v == 0 { continue }
                    let w = (j * s.inputs + c) * s.outputs
                    for n in 0..<s.outputs { y[t * s.outputs + n] += v * weights[w + n] }
                }
            }
        }
        if relu { for i in y.indices { y[i] = max(0, y[i]) } }
        return y
    }
}

/// The range [min(x, 0), max(x, 0)] of every named activation, over the
/// calibration texts (the reference's range rule, taken over the whole set).
public struct ActivationRanges: Sendable {
    public private(set) var low: [String: Float] = [:]
    public private(set) var high: [String: Float] = [:]

    public init() {}

    /// Ranges known already (those tracked in quantization-aware training).
    public init(low: [String: Float], high: [String: Float]) {
        self.low = low
        self.high = high
    }

    public mutating func observe(_ name: String, _ values: [Float]) {
        low[name] = min(low[name] ?? 0, values.min() ?? 0)
        high[name] = max(high[name] ?? 0, values.max() ?? 0)
    }

    /// The asymmetric int8 quantization covering the observed range.
    public func quantization(_ name: String) throws -> AffineQuantization {
        guard let lo = low[name], let hi = high[name] else {
            throw ModelFileError.wrongTensor(name: name, reason: "no calibration values were observed")
        }
        return try AffineQuantization.covering(low: lo, high: hi)
    }
}

extension AffineQuantization {
    /// 256 levels over [min(low, 0), max(high, 0)], zero exactly representable.
    public static func covering(low: Float, high: Float) throws -> AffineQuantization {
        let lo = min(low, 0), hi = max(high, 0)
        let scale = max(hi - lo, 1e-6) / 255
        let zero = Int32(max(-128, min(127, (-128 - lo / scale).rounded())))
        return try AffineQuantization(scale: scale, zeroPoint: zero)
    }

    /// [-1, 1] symmetric: the fixed range of tanh outputs, QRNN states and h.
    public static let unitRange = try! AffineQuantization(scale: 1 / 127, zeroPoint: 0)
    /// The projection's ternary values, exact at scale 1.
    public static let ternary = try! AffineQuantization(scale: 1, zeroPoint: 0)
}

/// The quantization of one int8 layer as a model file stores it: per-channel
/// symmetric weight scales, the input, and per output channel the output
/// quantization (one entry when all channels share it), with ReLU fused.
public struct LayerQuantization: Codable, Sendable, Equatable {
    public var inputScale: Float
    public var inputZeroPoint: Int32
    /// Symmetric, one per output channel.
    public var weightScales: [Float]
    public var outputScale: Float
    public var outputZeroPoint: Int32
    /// Per-channel output quantization for fused layers (the QRNN gates
    /// z | f | o): scales and zero points of N channels; nil when shared.
    public var outputScales: [Float]? = nil
    public var outputZeroPoints: [Int32]? = nil
    public var relu: Bool? = nil

    public init(inputScale: Float, inputZeroPoint: Int32, weightScales: [Float], outputScale: Float, outputZeroPoint: Int32,
                outputScales: [Float]? = nil, outputZeroPoints: [Int32]? = nil, relu: Bool? = nil) {
        self.inputScale = inputScale
        self.inputZeroPoint = inputZeroPoint
        self.weightScales = weightScales
        self.outputScale = outputScale
        self.outputZeroPoint = outputZeroPoint
        self.outputScales = outputScales
        self.outputZeroPoints = outputZeroPoints
        self.relu = relu
    }

    public var input: AffineQuantization { get throws { try AffineQuantization(scale: inputScale, zeroPoint: inputZeroPoint) } }

    /// The output quantization of channel n.
    func output(_ n: Int) throws -> AffineQuantization {
        try AffineQuantization(scale: outputScales?[n] ?? outputScale, zeroPoint: outputZeroPoints?[n] ?? outputZeroPoint)
    }

    /// Checks the quantization against the layer's N channels; builds the kernels' requantization.
    func requantization(channels n: Int, layer: String) throws -> Requantization {
        guard weightScales.count == n, outputScales.map({ $0.count == n }) ?? true, outputZeroPoints.map({ $0.count == n }) ?? true else {
            throw ModelFileError.metadataInvalid("layer \(layer): the quantization does not have \(n) channels")
        }
        do {
            let input = try self.input
            let outputs = try (0..<n).map { try output($0) }
            let reluOn = relu ?? false
            return try Requantization(
                realMultipliers: (0..<n).map { Double(input.scale) * Double(weightScales[$0]) / Double(outputs[$0].scale) },
                outputZeroPoints: outputs.map(\.zeroPoint),
                lower: outputs.map { reluOn ? $0.zeroPoint : -128 }, upper: [Int32](repeating: 127, count: n))
        } catch {
            throw ModelFileError.metadataInvalid("layer \(layer): \(error)")
        }
    }
}

/// An int8 layer: weights, bias and quantization as stored, the convolution
/// the kernels run.
public struct Int8Layer: Sendable {
    /// The symmetric per-output-channel weight scales of a layer's float
    /// weights `[k, C_in, C_out]`: max |w| over the active taps and inputs / 127.
    /// Quantization-aware training rounds to the same grid.
    public static func weightScales(_ s: LayerShape, _ weights: UnsafePointer<Float>) -> [Float] {
        var scales = [Float](repeating: 0, count: s.outputs)
        for j in 0..<s.width where s.taps[j] {
            for c in 0..<s.inputs {
                for n in 0..<s.outputs { scales[n] = max(scales[n], abs(weights[(j * s.inputs + c) * s.outputs + n])) }
            }
        }
        return scales.map { max($0, 1e-8) / 127 }
    }

    /// One weight on the int8 grid of `scale`: rounded half away from zero, within +/-127.
    @inline(__always)
    public static func quantizeWeight(_ w: Float, scale: Float) -> Int8 {
        Int8(max(-127, min(127, (w / scale).rounded(.toNearestOrAwayFromZero))))
    }

    public let shape: LayerShape
    public let quantization: LayerQuantization
    public let conv: Conv1DWeights

    public init(shape: LayerShape, weights: [Int8], bias: [Int32], quantization: LayerQuantization) throws {
        let requantization = try quantization.requantization(channels: shape.outputs, layer: shape.name)
        do {
            conv = try Conv1DWeights(inputs: shape.inputs, outputs: shape.outputs, width: shape.width, taps: shape.taps,
                                     padding: shape.padding, weights: weights, bias: bias,
                                     inputZeroPoint: quantization.inputZeroPoint, requantization: requantization)
        } catch {
            throw ModelFileError.wrongTensor(name: shape.name, reason: "\(error)")
        }
        self.shape = shape
        self.quantization = quantization
    }

    /// Post-training quantization of a float layer: symmetric per-channel
    /// weights (max |w| -> 127), int32 bias at s_in * s_w, output channels
    /// in `outputs` (one entry, or one per channel).
    public init(_ layer: FloatLayer, input: AffineQuantization, outputs: [AffineQuantization], relu: Bool) throws {
        let s = layer.shape
        precondition(outputs.count == 1 || outputs.count == s.outputs, "one output quantization, or one per channel")
        let scales = layer.weights.withUnsafeBufferPointer { Self.weightScales(s, $0.baseAddress!) }
        var w = [Int8](repeating: 0, count: s.weightCount)
        for i in 0..<s.weightCount { w[i] = Self.quantizeWeight(layer.weights[i], scale: scales[i % s.outputs]) }
        let bias = try (0..<s.outputs).map { n -> Int32 in
            let q = (layer.bias[n] / (input.scale * scales[n])).rounded(.toNearestOrAwayFromZero)
            guard abs(q) < Float(1 << 30) else {
                throw ModelFileError.wrongTensor(name: s.name + ".bias", reason: "bias \(n) does not fit int32 at this scale")
            }
            return Int32(q)
        }
        let shared = outputs.count == 1
        let q = LayerQuantization(inputScale: input.scale, inputZeroPoint: input.zeroPoint, weightScales: scales,
                                  outputScale: outputs[0].scale, outputZeroPoint: outputs[0].zeroPoint,
                                  outputScales: shared ? nil : outputs.map(\.scale),
                                  outputZeroPoints: shared ? nil : outputs.map(\.zeroPoint), relu: relu)
        try self.init(shape: s, weights: w, bias: bias, quantization: q)
    }

    public var output: AffineQuantization { get throws { try quantization.output(0) } }
}
