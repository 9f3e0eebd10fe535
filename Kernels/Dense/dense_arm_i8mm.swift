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
            let q = (Requantize4(c, bias, mult, shift, zero, lo, hi), Requantize4(c &+ 4, bias, mult, shift, zero, lo, hi),
                     Requantize4(c &+ 8, bias, mult, shift, zero, lo, hi), Requantize4(c &+ 12, bias, mult, shift, zero, lo, hi))
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

/// Requantizes 16 channels of one row (`q`: their four groups, prepared once
/// per channel block) and stores the first min(16, n - c) bytes at `dst`.
@inline(__always) private func store16(_ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>,
                                       _ q: (Requantize4, Requantize4, Requantize4, Requantize4),
                                       _ c: Int, _ n: Int, _ dst: UnsafeMutablePointer<Int8>) {
    let low = vmovn_high_s32(vmovn_s32(q.0.apply(p0)), q.1.apply(p1))
    let high = vmovn_high_s32(vmovn_s32(q.2.apply(p2)), q.3.apply(p3))
    let bytes = vmovn_high_s16(vmovn_s16(low), high)
    let count = min(16, n &- c)
    if count == 16 {
        UnsafeMutableRawPointer(dst).storeBytes(of: bytes, as: SIMD16<Int8>.self)
    } else {
        for i in 0..<count { dst[i] = bytes[i] }
    }
}

/// Channels c..c+3's bias and requantization, prepared once per channel
/// block for every row of its tile. `apply` is the contract's requantization,
/// exactly, in the form of `RequantizeParams4ARMNEON` (requantize_arm_neon.swift,
/// where the argument is written): the doubled 64-bit product (`sqdmull`),
/// one rounding half away from zero (`ssra #63`, then `srshl` by -(r + 1)),
/// a saturating narrow, the zero point and the clamp. A copy, because this
/// module cannot import TernKernels: TernKernels depends on it.
private struct Requantize4 {
    let bias: SIMD4<Int32>, m: SIMD4<Int32>, z: SIMD4<Int32>, lo: SIMD4<Int32>, hi: SIMD4<Int32>
    /// -(r + 1) of the low and high channel pairs, as 64-bit lanes.
    let shiftLow: SIMD2<Int64>, shiftHigh: SIMD2<Int64>

    @inline(__always)
    init(_ c: Int, _ bias: UnsafePointer<Int32>, _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>,
         _ zero: UnsafePointer<Int32>, _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
        @inline(__always) func load(_ p: UnsafePointer<Int32>) -> SIMD4<Int32> { UnsafeRawPointer(p + c).loadUnaligned(as: SIMD4<Int32>.self) }
        self.bias = load(bias)
        m = load(mult)
        let negated = SIMD4<Int32>(repeating: -1) &- load(shift)
        shiftLow = SIMD2<Int64>(truncatingIfNeeded: negated.lowHalf)
        shiftHigh = SIMD2<Int64>(truncatingIfNeeded: negated.highHalf)
        z = load(zero)
        self.lo = load(lo)
        self.hi = load(hi)
    }

    @inline(__always)
    func apply(_ sum: SIMD4<Int32>) -> SIMD4<Int32> {
        let acc = sum &+ bias
        @inline(__always) func round(_ p: SIMD2<Int64>, _ shift: SIMD2<Int64>) -> SIMD2<Int64> {
            vrshlq_s64(p &+ (p &>> 63), shift)
        }
        let q0 = round(vqdmull_s32(acc.lowHalf, m.lowHalf), shiftLow)
        let q1 = round(vqdmull_high_s32(acc, m), shiftHigh)
        let q = vqaddq_s32(vqmovn_high_s64(vqmovn_s64(q0), q1), z)
        return vminq_s32(vmaxq_s32(q, lo), hi)
    }
}
#endif
