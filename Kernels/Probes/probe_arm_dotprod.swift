// Built with -march=armv8.2-a+dotprod (module TernKernelsNEONDotProd, trait
// ARMIntrinsics): call only after KernelDispatch allows .neonDotProd.
#if ARMIntrinsics && arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Peak probe for the `neon_dotprod` level: `iterations` rounds of 16
/// independent `sdot v.4s, v.16b, v.16b` chains, 16 * 16 int8 multiply-adds
/// per round, all in registers (16 chains cover 4 pipes x 4 cycles of
/// latency, more than any core has). `a` and `b` fill the operands; every
/// lane gains 4ab per round, so the result is `16 * 4 * 4 * a * b *
/// iterations` (wrapping), which the arm64 tests check.
public func probeSDotPeak(_ iterations: Int, _ a: Int8, _ b: Int8) -> Int32 {
    let x = SIMD16<Int8>(repeating: a), w = SIMD16<Int8>(repeating: b)
    var a0 = SIMD4<Int32>(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
    var a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0
    for _ in 0..<iterations {
        a0 = vdotq_s32(a0, x, w); a1 = vdotq_s32(a1, x, w); a2 = vdotq_s32(a2, x, w); a3 = vdotq_s32(a3, x, w)
        a4 = vdotq_s32(a4, x, w); a5 = vdotq_s32(a5, x, w); a6 = vdotq_s32(a6, x, w); a7 = vdotq_s32(a7, x, w)
        a8 = vdotq_s32(a8, x, w); a9 = vdotq_s32(a9, x, w); a10 = vdotq_s32(a10, x, w); a11 = vdotq_s32(a11, x, w)
        a12 = vdotq_s32(a12, x, w); a13 = vdotq_s32(a13, x, w); a14 = vdotq_s32(a14, x, w); a15 = vdotq_s32(a15, x, w)
    }
    let s = ((a0 &+ a1) &+ (a2 &+ a3)) &+ ((a4 &+ a5) &+ (a6 &+ a7))
        &+ ((a8 &+ a9) &+ (a10 &+ a11)) &+ ((a12 &+ a13) &+ (a14 &+ a15))
    return s.wrappedSum()
}
#endif
