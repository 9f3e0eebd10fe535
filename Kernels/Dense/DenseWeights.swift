/// A dense layer in the quantization contract, before packing.
///
/// Shapes: weights `[K, N]` (row k holds input feature k for every output
/// channel n), bias `[N]`, requantization per output channel `[N]`.
/// Input activations are int8 with zero point `inputZeroPoint`; weights are
/// symmetric (zero point 0), int32 bias, int32 accumulation (K <= 32768).
public struct DenseWeights: Sendable {
    public let inputs: Int
    public let outputs: Int
    public let weights: [Int8]
    public let bias: [Int32]
    public let inputZeroPoint: Int32
    public let requantization: Requantization

    public init(inputs: Int, outputs: Int, weights: [Int8], bias: [Int32], inputZeroPoint: Int32,
                requantization: Requantization) throws(QuantizationError) {
        guard (1...32768).contains(inputs), outputs >= 1 else {
            throw QuantizationError.shapeMismatch("dense needs 1 <= K <= 32768 and N >= 1, got K \(inputs), N \(outputs)")
        }
        guard weights.count == inputs * outputs else {
            throw QuantizationError.shapeMismatch("weights hold \(weights.count) values, [K, N] = [\(inputs), \(outputs)] needs \(inputs * outputs)")
        }
        guard bias.count == outputs, requantization.channels == outputs else {
            throw QuantizationError.shapeMismatch("bias and requantization need \(outputs) channels")
        }
        guard (-128...127).contains(inputZeroPoint) else { throw QuantizationError.zeroPointOutOfRange(Int(inputZeroPoint)) }
        // The pack-time correction (zx + 128) * colsum must fit next to the bias.
        guard bias.allSatisfy({ abs(Int64($0)) < 1 << 30 }) else {
            throw QuantizationError.shapeMismatch("|bias| must stay under 2^30 so the int32 accumulator cannot overflow")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.inputZeroPoint = inputZeroPoint
        self.requantization = requantization
    }

    /// Sum over k of w[k, n], per channel.
    public var columnSums: [Int32] {
        var sums = [Int32](repeating: 0, count: outputs)
        for k in 0..<inputs { for n in 0..<outputs { sums[n] += Int32(weights[k * outputs + n]) } }
        return sums
    }

    /// Bias with the input zero point folded in: bias[n] - offset * colsum[n],
    /// where offset is zx (signed kernels) or zx + 128 (kernels that read x as u8).
    public func foldedBias(offset: Int32) -> [Int32] {
        zip(bias, columnSums).map { $0 - offset * $1 }
    }
}

/// A 64-byte aligned, zero-filled byte buffer that a packed layer owns.
public final class AlignedBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutableRawPointer

    public init(count: Int) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 64), alignment: 64)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 64))
    }

    deinit { pointer.deallocate() }
}

/// A dense layer packed for one variant: the variant's weight layout, its
/// folded bias and the requantization. Immutable: share it across threads.
public final class DensePacked: @unchecked Sendable {
    public let variantID: String
    public let inputs: Int
    public let outputs: Int
    public let weights: AlignedBuffer
    public let bias: [Int32]
    public let requantization: Requantization
    public let inputZeroPoint: Int32
    /// Constants a variant derives from the layer once, at pack time, in
    /// its own layout (the AVX-512 VNNI kernel's prepared requantization);
    /// nil for the others.
    public let kernelConstants: AlignedBuffer?

    convenience init(variantID: String, layer: DenseWeights, weights: AlignedBuffer, bias: [Int32]) {
        self.init(variantID: variantID, inputs: layer.inputs, outputs: layer.outputs, weights: weights, bias: bias,
                  requantization: layer.requantization, inputZeroPoint: layer.inputZeroPoint)
    }

    init(variantID: String, inputs: Int, outputs: Int, weights: AlignedBuffer, bias: [Int32],
         requantization: Requantization, inputZeroPoint: Int32, kernelConstants: AlignedBuffer? = nil) {
        self.kernelConstants = kernelConstants
        self.variantID = variantID
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.requantization = requantization
        self.inputZeroPoint = inputZeroPoint
    }

    /// Bytes of packed weights and bias.
    public var byteCount: Int { weights.count + 4 * bias.count }
}

@inline(__always) func roundUp(_ x: Int, _ m: Int) -> Int { (x + m - 1) / m * m }
