// Built with -march=armv8.2-a+dotprod+i8mm (module TernKernelsNEONI8MM, trait
// ARMIntrinsics): call only after KernelDispatch allows .neonI8MM.
#if ARMIntrinsics && arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Peak probe for the `neon_i8mm` level: `iterations` rounds of 16
/// independent `smmla` chains (a 2x8 by 8x2 int8 block product into a 2x2
/// int32 tile: 32 multiply-adds each), 16 * 32 int8 multiply-adds per round,
/// all in registers. `a` and `b` fill the operands; every lane gains 8ab per
/// round, so the result is `16 * 4 * 8 * a * b * iterations` (wrapping),
/// which the arm64 tests check.
public func probeSMMLAPeak(_ iterations: Int, _ a: Int8, _ b: Int8) -> Int32 {
    let x = SIMD16<Int8>(repeating: a), w = SIMD16<Int8>(repeating: b)
    var a0 = SIMD4<Int32>(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
    var a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0
    for _ in 0..<iterations {
        a0 = vmmlaq_s32(a0, x, w); a1 = vmmlaq_s32(a1, x, w); a2 = vmmlaq_s32(a2, x, w); a3 = vmmlaq_s32(a3, x, w)
        a4 = vmmlaq_s32(a4, x, w); a5 = vmmlaq_s32(a5, x, w); a6 = vmmlaq_s32(a6, x, w); a7 = vmmlaq_s32(a7, x, w)
        a8 = vmmlaq_s32(a8, x, w); a9 = vmmlaq_s32(a9, x, w); a10 = vmmlaq_s32(a10, x, w); a11 = vmmlaq_s32(a11, x, w)
        a12 = vmmlaq_s32(a12, x, w); a13 = vmmlaq_s32(a13, x, w); a14 = vmmlaq_s32(a14, x, w); a15 = vmmlaq_s32(a15, x, w)
    }
    let s = ((a0 &+ a1) &+ (a2 &+ a3)) &+ ((a4 &+ a5) &+ (a6 &+ a7))
        &+ ((a8 &+ a9) &+ (a10 &+ a11)) &+ ((a12 &+ a13) &+ (a14 &+ a15))
    return s.wrappedSum()
}
#endif
