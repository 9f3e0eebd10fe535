// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Attention-pooling sums with NEON, 16 channels per step (four 4-lane float
/// accumulators each for numerator and denominator), t in order, `fmul` then
/// `fadd` (Swift never contracts them to `fmla`): each lane does the
/// reference's float operations in its order, so the sums are bit-identical.
/// The per-channel maximum is one `smax` of 16 bytes per step; the exp
/// values are looked up with scalar loads (the 256-entry float table is
/// 1 KiB, out of `tbl`'s 64-byte reach); v - z_V is exact in int32 and
/// `scvtf` converts it exactly, as the reference's Float(v - z_V). Then 4
/// channels at a time, then the last 1-3 with the reference's scalar code.
/// Writes numerators and denominators `[C]`; the caller rounds
/// (`AttentionPooling.quantize`), as for the x86 kernels.
///
/// - Parameters: logits `[T, C]` (per channel) or `[T]` (scalar logit),
///   values `[T, C]`, `table` 256 floats (exp(-s_L i)).
public func attentionSumsARMNEON(_ table: UnsafePointer<Float>, _ perChannel: Bool, _ logits: UnsafePointer<Int8>,
                                 _ values: UnsafePointer<Int8>, _ length: Int, _ channels: Int, _ valueZeroPoint: Int32,
                                 _ numerators: UnsafeMutablePointer<Float>, _ denominators: UnsafeMutablePointer<Float>) {
    let c = channels
    let zero = SIMD4<Int32>(repeating: valueZeroPoint)
    @inline(__always) func load16(_ p: UnsafePointer<Int8>) -> SIMD16<Int8> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)
    }
    /// 16 values - z_V as 4 float vectors, exactly.
    @inline(__always) func centered16(_ p: UnsafePointer<Int8>) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let v = load16(p)
        let low = vmovl_s8(v.lowHalf), high = vmovl_high_s8(v)
        return (vcvtq_f32_s32(vmovl_s16(low.lowHalf) &- zero), vcvtq_f32_s32(vmovl_high_s16(low) &- zero),
                vcvtq_f32_s32(vmovl_s16(high.lowHalf) &- zero), vcvtq_f32_s32(vmovl_high_s16(high) &- zero))
    }
    @inline(__always) func centered4(_ p: UnsafePointer<Int8>) -> SIMD4<Float> {
        vcvtq_f32_s32(SIMD4(Int32(p[0]), Int32(p[1]), Int32(p[2]), Int32(p[3])) &- zero)
    }
    @inline(__always) func store(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }
    var j = 0
    if perChannel {
        while j &+ 16 <= c {
            var m = SIMD16<Int8>(repeating: -128)
            for t in 0..<length { m = vmaxq_s8(m, load16(logits + (t &* c &+ j))) }
            var n0 = SIMD4<Float>(), n1 = n0, n2 = n0, n3 = n0, d0 = n0, d1 = n0, d2 = n0, d3 = n0
            for t in 0..<length {
                let row = t &* c &+ j
                // max - q is in 0...255: the byte difference, read unsigned.
                let i = unsafeBitCast(m &- load16(logits + row), to: SIMD16<UInt8>.self)
                @inline(__always) func e(_ k: Int) -> SIMD4<Float> {
                    SIMD4(table[Int(i[k])], table[Int(i[k &+ 1])], table[Int(i[k &+ 2])], table[Int(i[k &+ 3])])
                }
                let e0 = e(0), e1 = e(4), e2 = e(8), e3 = e(12)
                let (v0, v1, v2, v3) = centered16(values + row)
                n0 = n0 + e0 * v0; n1 = n1 + e1 * v1; n2 = n2 + e2 * v2; n3 = n3 + e3 * v3
                d0 = d0 + e0; d1 = d1 + e1; d2 = d2 + e2; d3 = d3 + e3
            }
            store(n0, numerators + j); store(n1, numerators + (j &+ 4))
            store(n2, numerators + (j &+ 8)); store(n3, numerators + (j &+ 12))
            store(d0, denominators + j); store(d1, denominators + (j &+ 4))
            store(d2, denominators + (j &+ 8)); store(d3, denominators + (j &+ 12))
            j &+= 16
        }
        while j &+ 4 <= c {
            var m = SIMD4<Int32>(repeating: Int32.min)
            let column = j   // captured as a constant, not the loop's var
            @inline(__always) func logits4(_ t: Int) -> SIMD4<Int32> {
                let p = logits + (t &* c &+ column)
                return SIMD4(Int32(p[0]), Int32(p[1]), Int32(p[2]), Int32(p[3]))
            }
            for t in 0..<length { m = vmaxq_s32(m, logits4(t)) }
            var n = SIMD4<Float>(), d = n
            for t in 0..<length {
                let i = m &- logits4(t)
                let e = SIMD4(table[Int(i[0])], table[Int(i[1])], table[Int(i[2])], table[Int(i[3])])
                n = n + e * centered4(values + (t &* c &+ j))
                d = d + e
            }
            store(n, numerators + j)
            store(d, denominators + j)
            j &+= 4
        }
        while j < c {
            var m = Int32.min
            for t in 0..<length { m = max(m, Int32(logits[t &* c &+ j])) }
            var numerator: Float = 0, denominator: Float = 0
            for t in 0..<length {
                let e = table[Int(m - Int32(logits[t &* c &+ j]))]
                numerator += e * Float(Int32(values[t &* c &+ j]) - valueZeroPoint)
                denominator += e
            }
            numerators[j] = numerator
            denominators[j] = denominator
            j &+= 1
        }
        return
    }
    // Scalar logit: one exp value per step for every channel; the
    // denominator is the same sum for all of them.
    var m = Int32.min
    for t in 0..<length { m = max(m, Int32(logits[t])) }
    var denominator: Float = 0
    for t in 0..<length { denominator += table[Int(m - Int32(logits[t]))] }
    denominators.update(repeating: denominator, count: c)
    while j &+ 16 <= c {
        var n0 = SIMD4<Float>(), n1 = n0, n2 = n0, n3 = n0
        for t in 0..<length {
            let e = SIMD4<Float>(repeating: table[Int(m - Int32(logits[t]))])
            let (v0, v1, v2, v3) = centered16(values + (t &* c &+ j))
            n0 = n0 + e * v0; n1 = n1 + e * v1; n2 = n2 + e * v2; n3 = n3 + e * v3
        }
        store(n0, numerators + j); store(n1, numerators + (j &+ 4))
        store(n2, numerators + (j &+ 8)); store(n3, numerators + (j &+ 12))
        j &+= 16
    }
    while j &+ 4 <= c {
        var n = SIMD4<Float>()
        for t in 0..<length {
            n = n + SIMD4<Float>(repeating: table[Int(m - Int32(logits[t]))]) * centered4(values + (t &* c &+ j))
        }
        store(n, numerators + j)
        j &+= 4
    }
    while j < c {
        var numerator: Float = 0
        for t in 0..<length {
            numerator += table[Int(m - Int32(logits[t]))] * Float(Int32(values[t &* c &+ j]) - valueZeroPoint)
        }
        numerators[j] = numerator
        j &+= 1
    }
}
#endif
