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
/// 1 KiB: as byte planes it would be 64 registers, twice the register file,
/// so `tbl` cannot hold it). The 16 indices max - q leave the vector as two
/// 64-bit words (`fmov`, `mov x, v.d[1]`) and are cut out with `lsr` /
/// `ubfx` / `and` on the integer pipes instead of 16 `umov`: on the
/// Cortex-A57-derived model LLVM uses for A76 / N1 (LLVM 14), each `umov`
/// also occupies the single load pipe the table loads need. v - z_V is exact
/// in int32 and converts exactly, as the reference's Float(v - z_V): per
/// channel `ssubl` from int16 lanes and `scvtf` (z_V in int16), scalar logit
/// by the float-bias trick below (z_V in -2^21...2^21); other zero points,
/// which no quantization has, go 4 channels at a time. Then 4 channels at a
/// time, then the last 1-3 with the reference's scalar code.
/// Writes numerators and denominators `[C]`; the caller rounds
/// (`AttentionPooling.quantize`), as for the x86 kernels.
///
/// - Parameters: logits `[T, C]` (per channel) or `[T]` (scalar logit),
///   values `[T, C]`, `table` 256 floats (exp(-s_L i)).
public func attentionARMNEON(_ table: UnsafePointer<Float>, _ perChannel: Bool, _ logits: UnsafePointer<Int8>,
                                 _ values: UnsafePointer<Int8>, _ length: Int, _ channels: Int, _ valueZeroPoint: Int32,
                                 _ numerators: UnsafeMutablePointer<Float>, _ denominators: UnsafeMutablePointer<Float>) {
    let c = channels
    let zero = SIMD4<Int32>(repeating: valueZeroPoint)
    @inline(__always) func load16(_ p: UnsafePointer<Int8>) -> SIMD16<Int8> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)
    }
    // 16 values - z_V as 4 float vectors, exactly: two ways, one per loop.
    /// From int16 lanes, when z_V fits int16 (every quantization's
    /// zero point does: -128...255): `ssubl` widens and subtracts in one
    /// instruction, exactly (the per-channel loop).
    let zero16 = SIMD4<Int16>(repeating: Int16(truncatingIfNeeded: valueZeroPoint))
    let zeroFits16 = Int32(Int16(truncatingIfNeeded: valueZeroPoint)) == valueZeroPoint
    @inline(__always) func centered16Narrow(_ p: UnsafePointer<Int8>) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let v = load16(p)
        let low = vmovl_s8(v.lowHalf), high = vmovl_high_s8(v)
        let z8 = SIMD8<Int16>(lowHalf: zero16, highHalf: zero16)
        return (vcvtq_f32_s32(vsubl_s16(low.lowHalf, zero16)), vcvtq_f32_s32(vsubl_high_s16(low, z8)),
                vcvtq_f32_s32(vsubl_s16(high.lowHalf, zero16)), vcvtq_f32_s32(vsubl_high_s16(high, z8)))
    }
    /// The same without `scvtf` (the scalar-logit loop, where the conversion
    /// pipe is the bound on Neoverse N1): 0x4B40_0000 is 1.5 * 2^23, and
    /// adding an integer k with |k| < 2^22 to those bits gives the float
    /// 1.5 * 2^23 + k exactly, so `saddw` of the int16 values onto
    /// 0x4B40_0000 - z_V, then subtracting 1.5 * 2^23 (exact: both operands in
    /// one binade) give Float(v - z_V) exactly, as the reference. Needs
    /// |v - z_V| < 2^22 and no int32 overflow in the bias: z_V in
    /// -2^21...2^21 (`biasFits`; others take the 4-channel loop).
    let biasFits = valueZeroPoint >= -(1 << 21) && valueZeroPoint <= (1 << 21)
    let biased = SIMD4<Int32>(repeating: 0x4B40_0000 &- valueZeroPoint)
    let magic = SIMD4<Float>(repeating: 12_582_912)
    @inline(__always) func centered16Biased(_ p: UnsafePointer<Int8>) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        let v = load16(p)
        let low = vmovl_s8(v.lowHalf), high = vmovl_high_s8(v)
        @inline(__always) func f(_ bits: SIMD4<Int32>) -> SIMD4<Float> { unsafeBitCast(bits, to: SIMD4<Float>.self) - magic }
        return (f(vaddw_s16(biased, low.lowHalf)), f(vaddw_high_s16(biased, low)),
                f(vaddw_s16(biased, high.lowHalf)), f(vaddw_high_s16(biased, high)))
    }
    @inline(__always) func centered4(_ p: UnsafePointer<Int8>) -> SIMD4<Float> {
        vcvtq_f32_s32(SIMD4(Int32(p[0]), Int32(p[1]), Int32(p[2]), Int32(p[3])) &- zero)
    }
    @inline(__always) func store(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }
    var j = 0
    if perChannel {
        while zeroFits16 && j &+ 16 <= c {
            var m = SIMD16<Int8>(repeating: -128)
            for t in 0..<length { m = vmaxq_s8(m, load16(logits + (t &* c &+ j))) }
            var n0 = SIMD4<Float>(), n1 = n0, n2 = n0, n3 = n0, d0 = n0, d1 = n0, d2 = n0, d3 = n0
            for t in 0..<length {
                let row = t &* c &+ j
                // max - q is in 0...255: the byte difference, read unsigned.
                let i = unsafeBitCast(m &- load16(logits + row), to: SIMD2<UInt64>.self)
                let low = i[0], high = i[1]
                @inline(__always) func e(_ w: UInt64, _ k: UInt64) -> SIMD4<Float> {
                    @inline(__always) func at(_ b: UInt64) -> Float { table[Int(truncatingIfNeeded: (w &>> (8 &* b)) & 0xFF)] }
                    return SIMD4(at(k), at(k &+ 1), at(k &+ 2), at(k &+ 3))
                }
                let e0 = e(low, 0), e1 = e(low, 4), e2 = e(high, 0), e3 = e(high, 4)
                let (v0, v1, v2, v3) = centered16Narrow(values + row)
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
    while biasFits && j &+ 16 <= c {
        var n0 = SIMD4<Float>(), n1 = n0, n2 = n0, n3 = n0
        for t in 0..<length {
            let e = SIMD4<Float>(repeating: table[Int(m &- Int32(logits[t]))])
            let (v0, v1, v2, v3) = centered16Biased(values + (t &* c &+ j))
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
