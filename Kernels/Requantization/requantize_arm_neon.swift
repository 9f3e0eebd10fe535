// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Four channels' requantization parameters, prepared once and held in
/// registers while the rows go by.
struct RequantizeParams4ARMNEON {
    let m: SIMD4<Int32>
    /// -(r + 1) of the low and high channel pairs, as 64-bit lanes (`srshl`
    /// by a negative count is a rounding right shift).
    let shiftLow: SIMD2<Int64>, shiftHigh: SIMD2<Int64>
    let z: SIMD4<Int32>, lo: SIMD4<Int32>, hi: SIMD4<Int32>

    @inline(__always)
    init(_ n: Int, _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
         _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
        @inline(__always) func load(_ p: UnsafePointer<Int32>) -> SIMD4<Int32> {
            UnsafeRawPointer(p + n).loadUnaligned(as: SIMD4<Int32>.self)
        }
        m = load(mult)
        let negated = SIMD4<Int32>(repeating: -1) &- load(shift)
        shiftLow = SIMD2<Int64>(truncatingIfNeeded: negated.lowHalf)
        shiftHigh = SIMD2<Int64>(truncatingIfNeeded: negated.highHalf)
        z = load(zero)
        self.lo = load(lo)
        self.hi = load(hi)
    }

    /// The contract's requantization of four accumulators, exactly, for any
    /// int32 accumulator and multiplier and any shift r in 0...62:
    /// - P = 2p, the doubled 64-bit product (`sqdmull` / `sqdmull2`; it
    ///   saturates only for INT32_MIN x INT32_MIN, to 2^63 - 1 for 2^63,
    ///   which rounds to the same 2^(62 - r) below);
    /// - one rounding half away from zero as `srshl` by -(r + 1) (round half
    ///   up, exact: the ISA adds the rounding constant before truncating) of
    ///   P, or of P - 1 when P < 0 (`ssra #63`). For integers and s = r + 1
    ///   >= 1, -floor((-P + 2^(s-1)) / 2^s) = floor((P - 1 + 2^(s-1)) / 2^s),
    ///   and halving P before rounding halves both sides: this is the
    ///   reference's rounding of p by 2^r, r = 0 included (where P - 1 is
    ///   odd, so it floors back to p);
    /// - a saturating narrow (`sqxtn`: beyond int32 the clamp to int8 makes
    ///   the saturated value exact), the zero point (saturating add) and the
    ///   channel's clamp. Lanes end in [lo, hi].
    @inline(__always)
    func apply(_ acc: SIMD4<Int32>) -> SIMD4<Int32> {
        @inline(__always) func round(_ p: SIMD2<Int64>, _ shift: SIMD2<Int64>) -> SIMD2<Int64> {
            vrshlq_s64(p &+ (p &>> 63), shift)
        }
        let q0 = round(vqdmull_s32(acc.lowHalf, m.lowHalf), shiftLow)
        let q1 = round(vqdmull_high_s32(acc, m), shiftHigh)
        let q = vqaddq_s32(vqmovn_high_s64(vqmovn_s64(q0), q1), z)
        return vminq_s32(vmaxq_s32(q, lo), hi)
    }
}

/// NEON requantization of `[T, N]` int32 to int8; contract and shapes as
/// `requantizeScalarRef`. Channel blocks of 8 outermost, so their parameters
/// stay in registers (prepared once per block) while every row goes by; then
/// a block of 4; the last 1-3 channels by the contract's own
/// `requantizeReference`. Reads and writes only inside the arrays.
public func requantizeARMNEON(_ acc: UnsafePointer<Int32>, _ rows: Int, _ channels: Int,
                              _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                              _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    var n = 0
    while n &+ 8 <= channels {
        let p0 = RequantizeParams4ARMNEON(n, mult, shift, zero, lo, hi)
        let p1 = RequantizeParams4ARMNEON(n &+ 4, mult, shift, zero, lo, hi)
        var a = UnsafeRawPointer(acc + n)
        var o = UnsafeMutableRawPointer(out + n)
        let stride = 4 &* channels
        for _ in 0..<rows {
            let y0 = p0.apply(a.loadUnaligned(as: SIMD4<Int32>.self))
            let y1 = p1.apply(a.loadUnaligned(fromByteOffset: 16, as: SIMD4<Int32>.self))
            o.storeBytes(of: vmovn_s16(vmovn_high_s32(vmovn_s32(y0), y1)), as: SIMD8<Int8>.self)
            a += stride
            o += channels
        }
        n &+= 8
    }
    if n &+ 4 <= channels {
        let p = RequantizeParams4ARMNEON(n, mult, shift, zero, lo, hi)
        for t in 0..<rows {
            let y = p.apply(UnsafeRawPointer(acc + (t &* channels &+ n)).loadUnaligned(as: SIMD4<Int32>.self))
            let dst = out + (t &* channels &+ n)
            for i in 0..<4 { dst[i] = Int8(truncatingIfNeeded: y[i]) }
        }
        n &+= 4
    }
    while n < channels {
        for t in 0..<rows {
            let i = t &* channels &+ n
            out[i] = requantizeReference(acc[i], multiplier: mult[n], shift: shift[n], zeroPoint: zero[n],
                                         lower: lo[n], upper: hi[n])
        }
        n &+= 1
    }
}
#endif
