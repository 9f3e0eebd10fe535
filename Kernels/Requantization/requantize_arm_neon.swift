// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Four channels of the contract's requantization, exactly, for any int32
/// accumulator and multiplier and any shift in 0...62: the exact 64-bit
/// product (`smull` / `smull2`), its magnitude (`abs`: |p| <= 2^62, never
/// INT64_MIN), one rounding half away from zero as a rounding right shift of
/// the magnitude (`urshl` by -r adds 2^(r-1) in 65-bit precision and shifts;
/// r = 0 leaves it alone, as the reference's `1 << -1` = 0 does), the sign
/// back, a saturating narrow (`sqxtn`: beyond int32 the clamp to int8 makes
/// the saturated value exact), the zero point (saturating add) and the
/// channel's clamp. The result lanes are in [lo, hi].
@inline(__always)
func requantize4ARMNEON(_ acc: SIMD4<Int32>, _ m: SIMD4<Int32>, _ r: SIMD4<Int32>, _ z: SIMD4<Int32>,
                        _ lo: SIMD4<Int32>, _ hi: SIMD4<Int32>) -> SIMD4<Int32> {
    @inline(__always) func round(_ p: SIMD2<Int64>, _ r: SIMD2<Int32>) -> SIMD2<Int64> {
        let sign = p &>> 63
        let shift = SIMD2<Int64>(truncatingIfNeeded: SIMD2<Int32>() &- r)   // sxtl of -r: a right shift for urshl
        let q = SIMD2<Int64>(truncatingIfNeeded: vrshlq_u64(SIMD2<UInt64>(truncatingIfNeeded: vabsq_s64(p)), shift))
        return (q ^ sign) &- sign
    }
    let q0 = round(vmull_s32(acc.lowHalf, m.lowHalf), r.lowHalf)
    let q1 = round(vmull_high_s32(acc, m), r.highHalf)
    let q = vqaddq_s32(vqmovn_high_s64(vqmovn_s64(q0), q1), z)
    return vminq_s32(vmaxq_s32(q, lo), hi)
}

/// NEON requantization of `[T, N]` int32 to int8; contract and shapes as
/// `requantizeScalarRef`. 16 channels per step (four `requantize4ARMNEON`,
/// then `xtn` / `xtn2` twice: the lanes are already in -128...127), then 4 per
/// step, then the last 1-3 channels one at a time by the contract's own
/// `requantizeReference`. Reads and writes only inside the arrays.
public func requantizeARMNEON(_ acc: UnsafePointer<Int32>, _ rows: Int, _ channels: Int,
                              _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                              _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    @inline(__always) func load(_ p: UnsafePointer<Int32>, _ i: Int) -> SIMD4<Int32> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Int32>.self)
    }
    @inline(__always) func four(_ a: UnsafePointer<Int32>, _ n: Int) -> SIMD4<Int32> {
        requantize4ARMNEON(load(a, n), load(mult, n), load(shift, n), load(zero, n), load(lo, n), load(hi, n))
    }
    for t in 0..<rows {
        let a = acc + t &* channels
        let o = out + t &* channels
        var n = 0
        while n &+ 16 <= channels {
            let h0 = vmovn_high_s32(vmovn_s32(four(a, n)), four(a, n &+ 4))
            let h1 = vmovn_high_s32(vmovn_s32(four(a, n &+ 8)), four(a, n &+ 12))
            UnsafeMutableRawPointer(o + n).storeBytes(of: vmovn_high_s16(vmovn_s16(h0), h1), as: SIMD16<Int8>.self)
            n &+= 16
        }
        while n &+ 4 <= channels {
            let y = four(a, n)
            for i in 0..<4 { o[n &+ i] = Int8(truncatingIfNeeded: y[i]) }
            n &+= 4
        }
        while n < channels {
            o[n] = requantizeReference(a[n], multiplier: mult[n], shift: shift[n], zeroPoint: zero[n],
                                       lower: lo[n], upper: hi[n])
            n &+= 1
        }
    }
}
#endif
