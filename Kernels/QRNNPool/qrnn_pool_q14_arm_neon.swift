// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// QRNN fo-pooling in 16-bit fixed point, 8 channels per vector: the NEON
/// twin of `qrnnPoolQ14X86AVX512`, same tables and same arithmetic. The state c
/// in Q14, z in Q14, 1 - f and o in Q15 (`QRNNPooling.int16Tables`, looked up
/// with scalar loads, 8 entries assembled in two integer registers: each
/// group of 8 gate bytes is one 64-bit load, each byte cut out signed with
/// `sbfx`, its entry loaded with `ldrh`, four entries ORed into a word, two
/// words moved into the vector; lane inserts by `ld1 {v.h}[i]` instead form
/// a chain of 8 dependent inserts per vector, each charged 2 micro-ops and
/// 8 cycles of latency by the Cortex-A57-derived model LLVM uses for A76 /
/// N1 / V1 in LLVM 14); `c += sqrdmulh(1 - f, sqsub(z, c))` (wrapping add),
/// `h = sqrdmulh(o, c)`, `q = sqrdmulh(h, multiplier)`, a rounding
/// arithmetic shift right (`sqadd` of half, `sshl` by -shift), `sqadd` of
/// the zero point, `sqxtn` to int8. `sqrdmulh` is (2ab + 2^15) >> 16, which is
/// x86's `pmulhrsw` (ab + 2^14) >> 15 except at -32768 x -32768, where it
/// saturates to 32767 and `pmulhrsw` wraps to -32768: here the first factor
/// (1 - f, o: 0...32767 by the tables; h, times a positive multiplier) is
/// never -32768, so both give the same bits on every input. Its error
/// against the float reference is the x86 kernel's: at most 1 LSB
/// (Kernels/README.md; `QRNNQ15ErrorTests`).
///
/// - Parameters:
///   - tables: z (Q14), 1 - f (Q15), o (Q15), 256 int16 each (index q + 128).
///   - multiplier, shift: `QRNNPooling.int16OutputMultiplier` (not nil) and
///     `int16OutputShift`.
///   - gates: `[T, 3S]` int8; out `[T, S]` int8; `state`: S int16 of scratch.
public func qrnnPoolQ14ARMNEON(_ tables: UnsafePointer<Int16>, _ multiplier: Int16, _ shift: Int, _ zeroPoint: Int32,
                               _ channels: Int, _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                               _ state: UnsafeMutablePointer<Int16>, _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    state.update(repeating: 0, count: s)
    let zt = tables + 128, gt = tables + 384, ot = tables + 640
    let k = SIMD8<Int16>(repeating: multiplier)
    let rounding = SIMD8<Int16>(repeating: shift > 0 ? Int16(1) << Int16(shift - 1) : 0)
    let right = SIMD8<Int16>(repeating: -Int16(shift))
    let zero = SIMD8<Int16>(repeating: Int16(truncatingIfNeeded: zeroPoint))
    /// The last 1-7 channels' entries.
    @inline(__always) func lookup(_ table: UnsafePointer<Int16>, _ g: UnsafePointer<Int8>, _ count: Int) -> SIMD8<Int16> {
        var v = SIMD8<Int16>()
        for i in 0..<count { v[i] = table[Int(g[i])] }
        return v
    }
    /// The entries of 8 channels, assembled in integer registers (above).
    @inline(__always) func gather8(_ table: UnsafePointer<Int16>, _ g: UnsafePointer<Int8>) -> SIMD8<Int16> {
        let w = UnsafeRawPointer(g).loadUnaligned(as: UInt64.self)
        @inline(__always) func at(_ b: UInt64) -> UInt64 {
            UInt64(UInt16(bitPattern: table[Int(Int8(truncatingIfNeeded: w &>> (8 &* b)))]))
        }
        let low = (at(0) | at(1) &<< 16) | (at(2) | at(3) &<< 16) &<< 32
        let high = (at(4) | at(5) &<< 16) | (at(6) | at(7) &<< 16) &<< 32
        return unsafeBitCast(SIMD2<UInt64>(low, high), to: SIMD8<Int16>.self)
    }
    for step in 0..<rows {
        let t = backward ? rows &- 1 &- step : step
        let o = out + t &* s
        if t >= length {
            o.update(repeating: Int8(truncatingIfNeeded: zeroPoint), count: s)
            continue
        }
        let g = gates + t &* 3 &* s
        /// The update of up to 8 channels: the new state and the output bytes.
        @inline(__always) func compute(_ z: SIMD8<Int16>, _ gate: SIMD8<Int16>, _ og: SIMD8<Int16>,
                                       _ previous: SIMD8<Int16>) -> (SIMD8<Int16>, SIMD8<Int8>) {
            let c = previous &+ vqrdmulhq_s16(gate, vqsubq_s16(z, previous))
            let h = vqrdmulhq_s16(og, c)
            let q = vqaddq_s16(vshlq_s16(vqaddq_s16(vqrdmulhq_s16(h, k), rounding), right), zero)
            return (c, vqmovn_s16(q))
        }
        var j = 0
        while j &+ 8 <= s {
            let (c, bytes) = compute(gather8(zt, g + j), gather8(gt, g + (s &+ j)), gather8(ot, g + (2 &* s &+ j)),
                                     UnsafeRawPointer(state + j).loadUnaligned(as: SIMD8<Int16>.self))
            UnsafeMutableRawPointer(state + j).storeBytes(of: c, as: SIMD8<Int16>.self)
            UnsafeMutableRawPointer(o + j).storeBytes(of: bytes, as: SIMD8<Int8>.self)
            j &+= 8
        }
        if j < s {
            // The last 1-7 channels, one partial vector.
            let count = s &- j
            var previous = SIMD8<Int16>()
            for i in 0..<count { previous[i] = state[j &+ i] }
            let (c, bytes) = compute(lookup(zt, g + j, count), lookup(gt, g + (s &+ j), count),
                                     lookup(ot, g + (2 &* s &+ j), count), previous)
            for i in 0..<count {
                state[j &+ i] = c[i]
                o[j &+ i] = bytes[i]
            }
        }
    }
}
#endif
