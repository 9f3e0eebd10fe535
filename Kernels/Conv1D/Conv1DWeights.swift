/// Which input steps an output step sees.
public enum Conv1DPadding: String, Sendable, CaseIterable {
    /// Output t sees t-k+1 ... t (pQRNN forward direction); zeros before step 0.
    case causal
    /// Output t sees t ... t+k-1 (pQRNN backward direction, and PRADO's
    /// forward-looking n-grams); zeros after step T-1.
    case anticausal
}

// Codable only outside Embedded Swift, and the throwing functions throw
// QuantizationError by type (Embedded Swift has no `any Error`): the ARM test
// route (scripts/test-arm) compiles this file for an emulated arm64 CPU.
#if !hasFeature(Embedded)
extension Conv1DPadding: Codable {}
#endif

/// A 1D convolution in the quantization contract, before packing.
///
/// Shapes: input `[T, C_in]`, output `[T, C_out]`, weights `[k, C_in, C_out]`
/// (tap-major), bias `[C_out]`, stride 1, width k in 1...5. `taps` masks taps
/// off (PRADO's skip-bigrams: [1, 0, 1] and [1, 0, 0, 1]); a masked tap's
/// weights are ignored. Steps outside 0..<T read as real zero (the input
/// zero point), so they add nothing.
public struct Conv1DWeights: Sendable {
    public let inputs: Int
    public let outputs: Int
    public let width: Int
    public let taps: [Bool]
    public let padding: Conv1DPadding
    public let weights: [Int8]
    public let bias: [Int32]
    public let inputZeroPoint: Int32
    public let requantization: Requantization

    public init(inputs: Int, outputs: Int, width: Int, taps: [Bool]? = nil, padding: Conv1DPadding, weights: [Int8],
                bias: [Int32], inputZeroPoint: Int32, requantization: Requantization) throws(QuantizationError) {
        guard (1...5).contains(width) else { throw QuantizationError.shapeMismatch("conv1d width \(width) is not in 1...5") }
        let mask = taps ?? [Bool](repeating: true, count: width)
        guard mask.count == width, mask.contains(true) else {
            throw QuantizationError.shapeMismatch("tap mask needs \(width) entries with at least one tap on")
        }
        guard weights.count == width * inputs * outputs else {
            throw QuantizationError.shapeMismatch("conv1d weights hold \(weights.count) values, [k, C_in, C_out] = [\(width), \(inputs), \(outputs)] needs \(width * inputs * outputs)")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.width = width
        self.taps = mask
        self.padding = padding
        self.weights = weights
        self.bias = bias
        self.inputZeroPoint = inputZeroPoint
        self.requantization = requantization
        self.activeTaps = (0..<width).filter { mask[$0] }
        // The im2col form is a dense layer: validate its shape rules once here.
        _ = try asDense()
    }

    /// Input step read by tap j for output step t.
    @inline(__always) public func source(_ t: Int, tap j: Int) -> Int {
        padding == .causal ? t - (width - 1) + j : t + j
    }

    /// The taps that are on, in order (stored: im2col reads it on every call).
    public let activeTaps: [Int]

    /// The same convolution as a dense layer over im2col rows: K = active taps x C_in.
    public func asDense() throws(QuantizationError) -> DenseWeights {
        var w: [Int8] = []
        w.reserveCapacity(activeTaps.count * inputs * outputs)
        for j in activeTaps { w += weights[(j * inputs * outputs)..<((j + 1) * inputs * outputs)] }
        return try DenseWeights(inputs: activeTaps.count * inputs, outputs: outputs, weights: w, bias: bias,
                                inputZeroPoint: inputZeroPoint, requantization: requantization)
    }

    /// The three QRNN gate convolutions (z, f, o) as one: outputs side by
    /// side, `[T, 3S]`, so the input is read once for all gates.
    public static func fusedGates(z: Conv1DWeights, f: Conv1DWeights, o: Conv1DWeights) throws(QuantizationError) -> Conv1DWeights {
        let parts = [z, f, o]
        guard parts.allSatisfy({ $0.inputs == z.inputs && $0.width == z.width && $0.taps == z.taps
                                 && $0.padding == z.padding && $0.inputZeroPoint == z.inputZeroPoint }) else {
            throw QuantizationError.shapeMismatch("fused gates need the same input, width, taps, padding and input zero point")
        }
        let total = parts.reduce(0) { $0 + $1.outputs }
        var w = [Int8](repeating: 0, count: z.width * z.inputs * total)
        var offset = 0
        for p in parts {
            for j in 0..<z.width {
                for c in 0..<z.inputs {
                    for n in 0..<p.outputs {
                        w[(j * z.inputs + c) * total + offset + n] = p.weights[(j * z.inputs + c) * p.outputs + n]
                    }
                }
            }
            offset += p.outputs
        }
        return try Conv1DWeights(inputs: z.inputs, outputs: total, width: z.width, taps: z.taps, padding: z.padding,
                                 weights: w, bias: parts.flatMap { $0.bias }, inputZeroPoint: z.inputZeroPoint,
                                 requantization: Requantization.concatenate(parts.map { $0.requantization }))
    }
}

/// A convolution packed for one variant.
public final class Conv1DPacked: @unchecked Sendable {
    public let variantID: String
    public let layer: Conv1DWeights
    /// The packed dense layer over im2col rows (nil for the direct reference).
    public let dense: DensePacked?

    init(variantID: String, layer: Conv1DWeights, dense: DensePacked?) {
        self.variantID = variantID
        self.layer = layer
        self.dense = dense
    }

    /// Scratch bytes `run` needs for `rows` steps (the im2col rows).
    public func scratchBytes(rows: Int) -> Int { dense == nil ? 0 : rows * layer.activeTaps.count * layer.inputs }
}
