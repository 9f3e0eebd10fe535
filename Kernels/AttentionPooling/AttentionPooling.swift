#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax-over-time pooling, in the two forms the models use.
///
/// - PRADO (per channel): logits L `[T, C]` and values V `[T, C]` ->
///   `out[c] = sum_t softmax_t(L[., c])[t] * V[t, c]`, `[C]`.
/// - pQRNN (scalar logit): logits `[T]` and values V `[T, D]` ->
///   `out[d] = sum_t softmax(L)[t] * V[t, d]`, `[D]`.
///
/// Logits and values are int8 (their own scale and zero point); the output is
/// int8 in `output`'s quantization. exp comes from a 256-entry table indexed
/// by (max - q): `E[i] = exp(-s_L * i)`, so no exp runs per element and the
/// largest term is exactly 1. Only steps 0..<length count (padding is
/// excluded). Sums run over t in order, in float32, so every variant that
/// vectorizes across channels gets the identical result; the output is
/// `s_V * (sum_t E_t (v_t - z_V)) / (sum_t E_t)`, rounded half away from zero.
public struct AttentionPooling: Sendable {
    public let logits: AffineQuantization
    public let values: AffineQuantization
    public let output: AffineQuantization
    /// exp(-s_L * i) for i = 0...255.
    public let expTable: [Float]
    public let inverseOutputScale: Float

    public init(logits: AffineQuantization, values: AffineQuantization, output: AffineQuantization) {
        self.logits = logits
        self.values = values
        self.output = output
        expTable = (0..<256).map { expf(-logits.scale * Float($0)) }
        inverseOutputScale = 1 / output.scale
    }

    /// The output rounding every variant uses (as `QRNNPooling.quantizeOutput`).
    @inline(__always)
    public func quantize(_ numerator: Float, _ denominator: Float) -> Int8 {
        let real = values.scale * numerator / denominator
        let v = max(-1000, min(1000, real * inverseOutputScale))
        let r = v.rounded(.toNearestOrAwayFromZero) + Float(output.zeroPoint)
        return Int8(max(-128, min(127, r)))
    }

    /// `quantize` of `count` channels, 16 at a time with the same float
    /// operations in the same order (the scalar loop's per-channel libm
    /// `roundf` and division were 5 % of a PRADO text at T 16). Needs
    /// denominators >= 1, which any length >= 1 gives (the largest term is
    /// exactly 1): a 0 / 0 would clamp differently in the two forms.
    @inline(__always)
    public func quantize(_ numerators: UnsafePointer<Float>, _ denominators: UnsafePointer<Float>, count: Int,
                         _ out: UnsafeMutablePointer<Int8>) {
        let scale = SIMD16<Float>(repeating: values.scale), inverse = SIMD16<Float>(repeating: inverseOutputScale)
        let zero = SIMD16<Int32>(repeating: output.zeroPoint)
        var j = 0
        while j + 16 <= count {
            let n = UnsafeRawPointer(numerators + j).loadUnaligned(as: SIMD16<Float>.self)
            let d = UnsafeRawPointer(denominators + j).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(out + j).storeBytes(of: quantizeToInt8(scale * n / d * inverse, zeroPoint: zero),
                                                       as: SIMD16<Int8>.self)
            j += 16
        }
        while j < count {
            out[j] = quantize(numerators[j], denominators[j])
            j += 1
        }
    }
}
