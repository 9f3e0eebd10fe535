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
            let q = Requantize16(c, bias, mult, shift, zero, lo, hi)
            store16(top(a00, a01), top(a02, a03), top(a04, a05), top(a06, a07), q, c, n, row)
            if mr > 1 { store16(bottom(a00, a01), bottom(a02, a03), bottom(a04, a05), bottom(a06, a07), q, c, n, row + n) }
            if mr > 2 { store16(top(a10, a11), top(a12, a13), top(a14, a15), top(a16, a17), q, c, n, row + 2 &* n) }
            if mr > 3 { store16(bottom(a10, a11), bottom(a12, a13), bottom(a14, a15), bottom(a16, a17), q, c, n, row + 3 &* n) }
        }
        t0 &+= 4
    }
}

/// Scratch bytes `denseARMI8MM` needs for K inputs.
public func denseARMI8MMScratchBytes(_ k: Int) -> Int { 4 * (8 * ((k + 7) / 8)) }

/// Requantizes 16 channels of one row (`q`, prepared once per channel block)
/// and stores the first min(16, n - c) bytes at `dst`.
@inline(__always) private func store16(_ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>,
                                       _ q: Requantize16, _ c: Int, _ n: Int, _ dst: UnsafeMutablePointer<Int8>) {
    let bytes = q.apply(p0, p1, p2, p3)
    let count = min(16, n &- c)
    if count == 16 {
        UnsafeMutableRawPointer(dst).storeBytes(of: bytes, as: SIMD16<Int8>.self)
    } else {
        for i in 0..<count { dst[i] = bytes[i] }
    }
}

/// Channels c..c+15's bias and requantization, prepared once per channel
/// block for every row of its tile. `apply` is the contract's
/// requantization, exactly, in the form of `RequantizeParams4ARMNEON`
/// (requantize_arm_neon.swift, where the argument is written): the doubled
/// 64-bit product (`sqdmull`), one rounding half away from zero (`ssra #63`,
/// then `srshl` by -(r + 1)), a saturating narrow to int32. Then, on 16
/// lanes at once instead of 4 x 4: saturating narrows to int16, the zero
/// point (saturating add in int16), to int8, the clamp in int8. The same
/// bytes as the clamp of the exact sum in int32: the clamp bounds lie in
/// int8, and a value that saturates int16 (|q| >= 32767) stays beyond int8
/// after adding a zero point in -128...127. A copy, because this module
/// cannot import TernKernels: TernKernels depends on it.
private struct Requantize16 {
    let bias: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>)
    let m: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>)
    /// -(r + 1) of each channel pair, as 64-bit lanes.
    let shift: (SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>)
    let zLow: SIMD8<Int16>, zHigh: SIMD8<Int16>, lo: SIMD16<Int8>, hi: SIMD16<Int8>

    @inline(__always)
    init(_ c: Int, _ bias: UnsafePointer<Int32>, _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>,
         _ zero: UnsafePointer<Int32>, _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
        @inline(__always) func load(_ p: UnsafePointer<Int32>, _ j: Int) -> SIMD4<Int32> {
            UnsafeRawPointer(p + (c &+ 4 &* j)).loadUnaligned(as: SIMD4<Int32>.self)
        }
        self.bias = (load(bias, 0), load(bias, 1), load(bias, 2), load(bias, 3))
        m = (load(mult, 0), load(mult, 1), load(mult, 2), load(mult, 3))
        @inline(__always) func negated(_ j: Int) -> SIMD4<Int32> { SIMD4<Int32>(repeating: -1) &- load(shift, j) }
        let s0 = negated(0), s1 = negated(1), s2 = negated(2), s3 = negated(3)
        self.shift = (SIMD2<Int64>(truncatingIfNeeded: s0.lowHalf), SIMD2<Int64>(truncatingIfNeeded: s0.highHalf),
                      SIMD2<Int64>(truncatingIfNeeded: s1.lowHalf), SIMD2<Int64>(truncatingIfNeeded: s1.highHalf),
                      SIMD2<Int64>(truncatingIfNeeded: s2.lowHalf), SIMD2<Int64>(truncatingIfNeeded: s2.highHalf),
                      SIMD2<Int64>(truncatingIfNeeded: s3.lowHalf), SIMD2<Int64>(truncatingIfNeeded: s3.highHalf))
        // Zero points and bounds lie in -128...127: plain narrows are exact.
        @inline(__always) func halves(_ p: UnsafePointer<Int32>) -> (SIMD8<Int16>, SIMD8<Int16>) {
            (vmovn_high_s32(vmovn_s32(load(p, 0)), load(p, 1)), vmovn_high_s32(vmovn_s32(load(p, 2)), load(p, 3)))
        }
        (zLow, zHigh) = halves(zero)
        let l = halves(lo), h = halves(hi)
        self.lo = vmovn_high_s16(vmovn_s16(l.0), l.1)
        self.hi = vmovn_high_s16(vmovn_s16(h.0), h.1)
    }

    @inline(__always)
    func apply(_ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>) -> SIMD16<Int8> {
        @inline(__always) func round(_ p: SIMD2<Int64>, _ shift: SIMD2<Int64>) -> SIMD2<Int64> {
            vrshlq_s64(p &+ (p &>> 63), shift)
        }
        @inline(__always) func q(_ sum: SIMD4<Int32>, _ bias: SIMD4<Int32>, _ m: SIMD4<Int32>,
                                 _ low: SIMD2<Int64>, _ high: SIMD2<Int64>) -> SIMD4<Int32> {
            let acc = sum &+ bias
            return vqmovn_high_s64(vqmovn_s64(round(vqdmull_s32(acc.lowHalf, m.lowHalf), low)),
                                   round(vqdmull_high_s32(acc, m), high))
        }
        let q0 = q(p0, bias.0, m.0, shift.0, shift.1), q1 = q(p1, bias.1, m.1, shift.2, shift.3)
        let q2 = q(p2, bias.2, m.2, shift.4, shift.5), q3 = q(p3, bias.3, m.3, shift.6, shift.7)
        let low = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(q0), q1), zLow)
        let high = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(q2), q3), zHigh)
        return vminq_s8(vmaxq_s8(vqmovn_high_s16(vqmovn_s16(low), high), lo), hi)
    }
}
#endif
