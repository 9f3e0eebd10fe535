// ARMv8.0 (every arm64 core): no flags, so it lives in TernKernels.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Peak probe for the `neon` level: `iterations` rounds of 16 independent
/// chains of `smull` (8 int8 x int8 -> int16 products) and `sadalp` (pairwise
/// add into 4 int32), the pair `dense_arm_neon` is built on: 16 * 8 int8
/// multiply-adds per round, all in registers.
///
/// Products of loop-invariant operands are hoisted by LLVM, and equal ones
/// merged (both read in the assembly), so the 16 products pair two inputs
/// that gain `step` each round (2 `add` per 32 measured instructions) with 8
/// weights made distinct by `step`. Pass `step` 0: every operand is then `a`
/// or `b`, every lane of every accumulator gains 2ab per round, and the
/// result is `16 * 4 * 2 * a * b * iterations` (wrapping), which the arm64
/// tests check.
public func probeMullPeakNEON(_ iterations: Int, _ a: Int8, _ b: Int8, step: Int8 = 0) -> Int32 {
    let d = SIMD8<Int8>(repeating: step)
    var x0 = SIMD8<Int8>(repeating: a), x1 = x0 &+ d
    func weight(_ j: Int8) -> SIMD8<Int8> { SIMD8<Int8>(repeating: b &+ j &* step) }
    let w0 = weight(0), w1 = weight(1), w2 = weight(2), w3 = weight(3)
    let w4 = weight(4), w5 = weight(5), w6 = weight(6), w7 = weight(7)
    var a0 = SIMD4<Int32>(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
    var a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0
    for _ in 0..<iterations {
        x0 &+= d; x1 &+= d
        a0 = vpadalq_s16(a0, vmull_s8(x0, w0)); a1 = vpadalq_s16(a1, vmull_s8(x0, w1))
        a2 = vpadalq_s16(a2, vmull_s8(x0, w2)); a3 = vpadalq_s16(a3, vmull_s8(x0, w3))
        a4 = vpadalq_s16(a4, vmull_s8(x0, w4)); a5 = vpadalq_s16(a5, vmull_s8(x0, w5))
        a6 = vpadalq_s16(a6, vmull_s8(x0, w6)); a7 = vpadalq_s16(a7, vmull_s8(x0, w7))
        a8 = vpadalq_s16(a8, vmull_s8(x1, w0)); a9 = vpadalq_s16(a9, vmull_s8(x1, w1))
        a10 = vpadalq_s16(a10, vmull_s8(x1, w2)); a11 = vpadalq_s16(a11, vmull_s8(x1, w3))
        a12 = vpadalq_s16(a12, vmull_s8(x1, w4)); a13 = vpadalq_s16(a13, vmull_s8(x1, w5))
        a14 = vpadalq_s16(a14, vmull_s8(x1, w6)); a15 = vpadalq_s16(a15, vmull_s8(x1, w7))
    }
    let s = ((a0 &+ a1) &+ (a2 &+ a3)) &+ ((a4 &+ a5) &+ (a6 &+ a7))
        &+ ((a8 &+ a9) &+ (a10 &+ a11)) &+ ((a12 &+ a13) &+ (a14 &+ a15))
    return s.wrappedSum()
}
#endif
