// Tern's int8 quantization contract, written once for every kernel.
//
// Real value r of an int8 q:  r = scale * (q - zeroPoint).
// - Activations: int8, asymmetric (scale, zero point in -128...127), one pair per tensor.
// - Weights: int8, symmetric (zero point 0), one scale per output channel; a
//   per-tensor scale is the special case of equal channel scales.
// - Bias: int32 with scale s_in * s_w[n] and zero point 0.
// - Accumulation: int32, acc[n] = bias[n] + sum_k (x[k] - zx) * w[k, n]. Exact
//   (no overflow) for K <= 32768 and |bias| < 2^30: |x - zx| <= 255, |w| <= 127.
// - Requantization to an int8 output of (s_out, z_out), per output channel n:
//     M[n] = s_in * s_w[n] / s_out = m[n] * 2^-(r[n] - 31),  m[n] in [2^30, 2^31)
//     p = acc * m[n]                       (exact, 64-bit)
//     q = round_half_away_from_zero(p / 2^r[n])   (one rounding, r in 1...62)
//     y = clamp(q + z_out[n], lo[n], hi[n])        (lo/hi in -128...127; ReLU: lo = z_out)
//   One rounding, ties away from zero, as the reference's rounding helper
//   `int(v * inv_scale +/- 0.5)`; gemmlowp rounds twice (a doubling high
//   multiply, then a rounding shift) and can differ by one LSB on ties.
// - The reference's uint8 scheme (TFLite, zero point z8 in 0...255) maps to
//   int8 by q - 128 and z8 - 128: the products (q - z) are unchanged.

/// Why a set of quantization parameters cannot be used.
public enum QuantizationError: Error, Equatable, CustomStringConvertible {
    case multiplierOutOfRange(Double)
    case zeroPointOutOfRange(Int)
    case clampRangeInvalid(lo: Int, hi: Int)
    case scaleInvalid(Double)
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case .multiplierOutOfRange(let m):
            return "requantization multiplier \(m) is out of range: use a finite value in [2^-31, 2^30)"
        case .zeroPointOutOfRange(let z): return "zero point \(z) is out of range: use -128...127"
        case .clampRangeInvalid(let lo, let hi): return "clamp range [\(lo), \(hi)] is not inside -128...127 or is empty"
        case .scaleInvalid(let s): return "scale \(s) is invalid: use a finite value > 0"
        case .shapeMismatch(let why): return "shape mismatch: \(why)"
        }
    }
}

/// An affine int8 quantization: r = scale * (q - zeroPoint).
public struct AffineQuantization: Sendable, Equatable {
    public var scale: Float
    public var zeroPoint: Int32

    public init(scale: Float, zeroPoint: Int32) throws(QuantizationError) {
        guard scale.isFinite, scale > 0 else { throw QuantizationError.scaleInvalid(Double(scale)) }
        guard (-128...127).contains(zeroPoint) else { throw QuantizationError.zeroPointOutOfRange(Int(zeroPoint)) }
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// The int8 equivalent of the reference's uint8 quantization (zero point 0...255).
    public static func fromUInt8(scale: Float, zeroPoint: Int32) throws(QuantizationError) -> AffineQuantization {
        guard (0...255).contains(zeroPoint) else { throw QuantizationError.zeroPointOutOfRange(Int(zeroPoint)) }
        return try AffineQuantization(scale: scale, zeroPoint: zeroPoint - 128)
    }

    /// uint8 value of the reference scheme to the int8 value of this contract.
    @inline(__always) public static func int8(fromUInt8 q: UInt8) -> Int8 { Int8(bitPattern: q ^ 0x80) }

    /// Round half away from zero, then clamp, as the reference's rounding helper.
    public func quantize(_ r: Float) -> Int8 {
        let q = (r / scale).rounded(.toNearestOrAwayFromZero) + Float(zeroPoint)
        return Int8(max(-128, min(127, q)))
    }

    public func dequantize(_ q: Int8) -> Float { scale * Float(Int32(q) - zeroPoint) }
}

// Codable only outside Embedded Swift, and the throwing initializers throw
// QuantizationError by type (Embedded Swift has no `any Error`): the ARM test
// route (scripts/test-arm) compiles this file for an emulated arm64 CPU.
#if !hasFeature(Embedded)
extension AffineQuantization: Codable {}
#endif

/// Per-output-channel requantization, as arrays the kernels read by channel
/// (struct of arrays so SIMD variants load 8 or 16 channels at once).
public struct Requantization: Sendable, Equatable {
    /// m[n] in [2^30, 2^31).
    public private(set) var multipliers: [Int32]
    /// r[n] in 1...62: the right shift of the 64-bit product.
    public private(set) var shifts: [Int32]
    public private(set) var zeroPoints: [Int32]
    public private(set) var lowerBounds: [Int32]
    public private(set) var upperBounds: [Int32]

    public var channels: Int { multipliers.count }

    /// Splits each real multiplier M into m * 2^-(r - 31).
    public init(realMultipliers: [Double], outputZeroPoints: [Int32], lower: [Int32], upper: [Int32]) throws(QuantizationError) {
        let n = realMultipliers.count
        guard outputZeroPoints.count == n, lower.count == n, upper.count == n else {
            throw QuantizationError.shapeMismatch("requantization arrays must all have \(n) channels")
        }
        var mults: [Int32] = [], shifts: [Int32] = []
        for m in realMultipliers {
            guard m.isFinite, m >= 0x1p-31, m < 0x1p30 else { throw QuantizationError.multiplierOutOfRange(m) }
            var exponent = 0
            var fraction = m
            // m = fraction * 2^exponent, fraction in [0.5, 1).
            while fraction >= 1 { fraction /= 2; exponent += 1 }
            while fraction < 0.5 { fraction *= 2; exponent -= 1 }
            var q = (fraction * 0x1p31).rounded(.toNearestOrAwayFromZero)
            if q == 0x1p31 { q /= 2; exponent += 1 }
            mults.append(Int32(q))
            shifts.append(Int32(31 - exponent))
        }
        for (z, (lo, hi)) in zip(outputZeroPoints, zip(lower, upper)) {
            guard (-128...127).contains(z) else { throw QuantizationError.zeroPointOutOfRange(Int(z)) }
            guard -128 <= lo, lo <= hi, hi <= 127 else { throw QuantizationError.clampRangeInvalid(lo: Int(lo), hi: Int(hi)) }
        }
        self.multipliers = mults
        self.shifts = shifts
        self.zeroPoints = outputZeroPoints
        self.lowerBounds = lower
        self.upperBounds = upper
    }

    /// Requantization from the layer's scales: M[n] = s_in * s_w[n] / s_out.
    public init(inputScale: Float, weightScales: [Float], output: AffineQuantization, relu: Bool = false) throws(QuantizationError) {
        for s in weightScales where !(s.isFinite && s > 0) { throw QuantizationError.scaleInvalid(Double(s)) }
        let n = weightScales.count
        try self.init(
            realMultipliers: weightScales.map { Double(inputScale) * Double($0) / Double(output.scale) },
            outputZeroPoints: [Int32](repeating: output.zeroPoint, count: n),
            lower: [Int32](repeating: relu ? output.zeroPoint : -128, count: n),
            upper: [Int32](repeating: 127, count: n))
    }

    /// The real multiplier channel n stands for.
    public func realMultiplier(_ n: Int) -> Double { Double(multipliers[n]) * pow2(-Int(shifts[n])) }

    /// Channels of several layers side by side (the fused QRNN gates).
    public static func concatenate(_ parts: [Requantization]) -> Requantization {
        var r = parts[0]
        for p in parts.dropFirst() {
            r.multipliers += p.multipliers
            r.shifts += p.shifts
            r.zeroPoints += p.zeroPoints
            r.lowerBounds += p.lowerBounds
            r.upperBounds += p.upperBounds
        }
        return r
    }
}

func pow2(_ e: Int) -> Double { e >= 0 ? Double(sign: .plus, exponent: e, significand: 1) : 1 / Double(sign: .plus, exponent: -e, significand: 1) }

/// The contract's rounding for one value: the oracle of every requantization variant.
@inline(__always)
public func requantizeReference(_ acc: Int32, multiplier: Int32, shift: Int32, zeroPoint: Int32,
                                lower: Int32, upper: Int32) -> Int8 {
    let p = Int64(acc) * Int64(multiplier)
    let half = Int64(1) << Int64(shift - 1)
    let q = p >= 0 ? (p + half) >> Int64(shift) : -((-p + half) >> Int64(shift))
    let y = max(Int64(lower), min(Int64(upper), q + Int64(zeroPoint)))
    return Int8(y)
}
