// Built with -march=armv8.2-a+dotprod+i8mm (module TernKernelsNEONI8MM, trait
// ARMIntrinsics): call only after KernelDispatch allows .neonI8MM.
#if ARMIntrinsics && arch(arm64)
import _Builtin_intrinsics.arm.neon

/// i8mm dense layer: `[T, K] x [K, N] -> [T, N]` int8 with `smmla`, which
/// multiplies a 2x8 int8 block (two rows, 8 k) by an 8x2 block (8 k, two
/// channels) into a 2x2 int32 tile: 32 exact multiply-adds per instruction,
/// signed x signed, so only zx is folded into the bias. Tiles of 4 rows
/// (2 row pairs) x 16 channels (8 channel pairs): 16 accumulators, per k-octet
/// 8 weight and 2 input loads for 16 `smmla`. The rows are first interleaved
/// in pairs (`[pair][ceil(K/8)][row 0: 8 k, row 1: 8 k]`) in the scratch; the
/// 2x2 tiles are unzipped into rows (`zip1` / `zip2` on 64-bit lanes) at the store.
///
/// - Parameters:
///   - w: packed `[ceil(N/16)][ceil(K/8)][16][8]` int8, zero-padded (`DensePacking.arm(group: 8)`).
///   - bias: bias - zx * colsum, `[ceil(N/16) * 16]`.
///   - mult, shift, zero, lo, hi: requantization, padded like `bias`.
///   - x: `[T, K]` int8; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseARMI8MMScratchBytes(k)` writable bytes.
public func denseARMI8MM(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                      _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                      _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                      _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                      _ scratch: UnsafeMutableRawPointer) {
    let k8 = (k &+ 7) / 8
    let blocks = (n &+ 15) / 16
    let xs = scratch.assumingMemoryBound(to: Int8.self)
    var t0 = 0
    while t0 < rows {
        let mr = min(4, rows &- t0)
        // Row pairs interleaved by k-octet, zero-padded; missing rows are zeros (never stored).
        xs.initialize(repeating: 0, count: 4 &* 8 &* k8)
        for r in 0..<mr {
            let src = x + (t0 &+ r) &* k
            let dst = xs + ((r >> 1) &* k8 &* 16 &+ (r & 1) &* 8)
            var o = 0
            while o < k8 {
                let count = min(8, k &- 8 &* o)
                UnsafeMutableRawPointer(dst + 16 &* o).copyMemory(from: src + 8 &* o, byteCount: count)
                o &+= 1
            }
        }
        let p0 = UnsafeRawPointer(xs), p1 = p0 + 16 &* k8
        for b in 0..<blocks {
            var a00 = SIMD4<Int32>(), a01 = SIMD4<Int32>(), a02 = SIMD4<Int32>(), a03 = SIMD4<Int32>()
            var a04 = SIMD4<Int32>(), a05 = SIMD4<Int32>(), a06 = SIMD4<Int32>(), a07 = SIMD4<Int32>()
            var a10 = SIMD4<Int32>(), a11 = SIMD4<Int32>(), a12 = SIMD4<Int32>(), a13 = SIMD4<Int32>()
            var a14 = SIMD4<Int32>(), a15 = SIMD4<Int32>(), a16 = SIMD4<Int32>(), a17 = SIMD4<Int32>()
            var wp = w + b &* k8 &* 128
            var o = 0
            for _ in 0..<k8 {
                let u = p0.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                let v = p1.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                var c = wp.loadUnaligned(as: SIMD16<Int8>.self)
                a00 = vmmlaq_s32(a00, u, c); a10 = vmmlaq_s32(a10, v, c)
                c = wp.loadUnaligned(fromByteOffset: 16, as: SIMD16<Int8>.self)
                a01 = vmmlaq_s32(a01, u, c); a11 = vmmlaq_s32(a11, v, c)
                c = wp.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int8>.self)
                a02 = vmmlaq_s32(a02, u, c); a12 = vmmlaq_s32(a12, v, c)
                c = wp.loadUnaligned(fromByteOffset: 48, as: SIMD16<Int8>.self)
                a03 = vmmlaq_s32(a03, u, c); a13 = vmmlaq_s32(a13, v, c)
                c = wp.loadUnaligned(fromByteOffset: 64, as: SIMD16<Int8>.self)
                a04 = vmmlaq_s32(a04, u, c); a14 = vmmlaq_s32(a14, v, c)
                c = wp.loadUnaligned(fromByteOffset: 80, as: SIMD16<Int8>.self)
                a05 = vmmlaq_s32(a05, u, c); a15 = vmmlaq_s32(a15, v, c)
                c = wp.loadUnaligned(fromByteOffset: 96, as: SIMD16<Int8>.self)
                a06 = vmmlaq_s32(a06, u, c); a16 = vmmlaq_s32(a16, v, c)
                c = wp.loadUnaligned(fromByteOffset: 112, as: SIMD16<Int8>.self)
                a07 = vmmlaq_s32(a07, u, c); a17 = vmmlaq_s32(a17, v, c)
                wp += 128
                o &+= 16
            }
            // Each accumulator is [r0 c0, r0 c1, r1 c0, r1 c1] for its channel pair.
            @inline(__always) func top(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>) -> SIMD4<Int32> { SIMD4(a[0], a[1], b[0], b[1]) }
            @inline(__always) func bottom(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>) -> SIMD4<Int32> { SIMD4(a[2], a[3], b[2], b[3]) }
            let c = b &* 16
            let row = out + (t0 &* n &+ c)
            store16(top(a00, a01), top(a02, a03), top(a04, a05), top(a06, a07), c, n, row, bias, mult, shift, zero, lo, hi)
            if mr > 1 {
                store16(bottom(a00, a01), bottom(a02, a03), bottom(a04, a05), bottom(a06, a07), c, n, row + n,
                        bias, mult, shift, zero, lo, hi)
            }
            if mr > 2 {
                store16(top(a10, a11), top(a12, a13), top(a14, a15), top(a16, a17), c, n, row + 2 &* n,
                        bias, mult, shift, zero, lo, hi)
            }
            if mr > 3 {
                store16(bottom(a10, a11), bottom(a12, a13), bottom(a14, a15), bottom(a16, a17), c, n, row + 3 &* n,
                        bias, mult, shift, zero, lo, hi)
            }
        }
        t0 &+= 4
    }
}

/// Scratch bytes `denseARMI8MM` needs for K inputs.
public func denseARMI8MMScratchBytes(_ k: Int) -> Int { 4 * (8 * ((k + 7) / 8)) }

/// Adds the bias to 16 channels of one row, requantizes them and stores
/// the first min(16, n - c) bytes at `dst`.
@inline(__always) private func store16(_ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>,
                                       _ c: Int, _ n: Int, _ dst: UnsafeMutablePointer<Int8>, _ bias: UnsafePointer<Int32>,
                                       _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                       _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
    @inline(__always) func y(_ p: SIMD4<Int32>, _ j: Int) -> SIMD4<Int32> {
        let cj = c &+ 4 &* j
        return requantize4NEON(p &+ UnsafeRawPointer(bias + cj).loadUnaligned(as: SIMD4<Int32>.self), cj, mult, shift, zero, lo, hi)
    }
    let low = vmovn_high_s32(vmovn_s32(y(p0, 0)), y(p1, 1))
    let high = vmovn_high_s32(vmovn_s32(y(p2, 2)), y(p3, 3))
    let bytes = vmovn_high_s16(vmovn_s16(low), high)
    let count = min(16, n &- c)
    if count == 16 {
        UnsafeMutableRawPointer(dst).storeBytes(of: bytes, as: SIMD16<Int8>.self)
    } else {
        for i in 0..<count { dst[i] = bytes[i] }
    }
}

/// The contract's requantization of channels c..c+3, exactly: the 64-bit
/// product (`smull`), one rounding half away from zero (on |p|, then the
/// sign back), a saturating narrow (|q| may pass 2^31 for small shifts; the
/// clamp to int8 makes the saturated value exact), the zero point and clamp.
/// A copy of the function in dense_arm_neon.swift: this module cannot share
/// a file with TernKernels, and TernKernels depends on it, not it on TernKernels.
@inline(__always) private func requantize4NEON(_ acc: SIMD4<Int32>, _ c: Int, _ mult: UnsafePointer<Int32>,
                                       _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                       _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) -> SIMD4<Int32> {
    @inline(__always) func load(_ p: UnsafePointer<Int32>) -> SIMD4<Int32> { UnsafeRawPointer(p + c).loadUnaligned(as: SIMD4<Int32>.self) }
    let m = load(mult), r = load(shift)
    @inline(__always) func round(_ p: SIMD2<Int64>, _ r: SIMD2<Int64>) -> SIMD2<Int64> {
        let sign = p &>> 63
        let magnitude = (p ^ sign) &- sign
        let q = (magnitude &+ (SIMD2<Int64>(repeating: 1) &<< (r &- 1))) &>> r
        return (q ^ sign) &- sign
    }
    let q0 = round(vmull_s32(acc.lowHalf, m.lowHalf), SIMD2<Int64>(truncatingIfNeeded: r.lowHalf))
    let q1 = round(vmull_high_s32(acc, m), SIMD2<Int64>(truncatingIfNeeded: r.highHalf))
    let q = vqaddq_s32(vqmovn_high_s64(vqmovn_s64(q0), q1), load(zero))
    return vminq_s32(vmaxq_s32(q, load(lo)), load(hi))
}
#endif
