/// The two optional trailing features, as the reference computes them.
public enum ProjectionExtras {
    /// Feature F-1: `min(2 * count / 2^bits - 1, 1)`, count = earlier
    /// occurrences of the token's hash in the text.
    @inline(__always)
    public static func noveltyValue(count: Int, bits: Int) -> Float {
        min(Float(count) * (2 / Float(1 << bits)) - 1, 1)
    }

    /// Feature F-2: `min(log2(tokens) / levels, 1) * 2 - 1`. With no tokens
    /// the reference computes log2(0) = -inf; Tern gives -1, the feature's floor.
    @inline(__always)
    public static func docSizeValue(tokenCount: Int, levels: Int) -> Float {
        guard levels != 0 else { return 0 }
        guard tokenCount > 0 else { return -1 }
        return min(Float(tokenCount).log2 / Float(levels), 1) * 2 - 1
    }

    /// The int8 form of a trailing feature: scale 1 like the hashed features,
    /// so it rounds (half away from zero) to -1, 0 or +1. The float and uint8
    /// forms keep its exact value.
    @inline(__always)
    public static func int8(_ v: Float) -> Int8 {
        Int8(max(-1, min(1, v.rounded(.toNearestOrAwayFromZero))))
    }

    /// The reference's `PodQuantize(v, 127, 127)`: round half away from zero,
    /// add the zero point, clamp to 0...255.
    @inline(__always)
    public static func uint8(_ v: Float) -> UInt8 {
        let q = Int((v * 127).rounded(.toNearestOrAwayFromZero)) + 127
        return UInt8(max(0, min(255, q)))
    }
}

extension Float {
    var log2: Float {
        #if canImport(Glibc)
        return Glibc.log2f(self)
        #else
        return Darwin.log2f(self)
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reference's other output forms of a projection, derived from a
/// workspace after `project`.
public enum ProjectionForms {
    /// The float form of the TensorFlow op: {-1, 0, +1}, and the exact
    /// trailing features. `[T, F]`.
    public static func float(_ ws: ProjectionWorkspace, plan: ProjectionPlan) -> [Float] {
        let f = plan.featureSize
        var out = ws.features.prefix(ws.rows * f).map { Float($0) }
        for row in 0..<ws.rows {
            if plan.options.wordNoveltyBits != 0 { out[row * f + f - 1] = ws.noveltyValues[row] }
            if plan.options.docSizeLevels != 0 { out[row * f + f - 2] = ws.docSizeValue }
        }
        return out
    }

    /// The uint8 form of the TFLite op: hashed features through the table
    /// {0 -> 127, +1 -> 255, -1 -> 0}; the trailing features quantized with
    /// zero point 127 and scale 1/127 (so +1 -> 254). `[T, F]`.
    public static func uint8(_ ws: ProjectionWorkspace, plan: ProjectionPlan) -> [UInt8] {
        let f = plan.featureSize
        var out = ws.features.prefix(ws.rows * f).map { t -> UInt8 in t == 0 ? 127 : (t > 0 ? 255 : 0) }
        for row in 0..<ws.rows {
            if plan.options.wordNoveltyBits != 0 { out[row * f + f - 1] = ProjectionExtras.uint8(ws.noveltyValues[row]) }
            if plan.options.docSizeLevels != 0 { out[row * f + f - 2] = ProjectionExtras.uint8(ws.docSizeValue) }
        }
        return out
    }
}
