// Built with -march=armv8.2-a+dotprod (module TernKernelsNEONDotProd, trait
// ARMIntrinsics): call only after KernelDispatch allows .neonDotProd.
#if ARMIntrinsics && arch(arm64)
import _Builtin_intrinsics.arm.neon

/// Dot-product dense layer: `[T, K] x [K, N] -> [T, N]` int8 with `sdot`
/// (signed x signed, 4 products summed into each int32 lane: exact for every
/// int8 pair, so x is read as it is and only zx is folded into the bias; VNNI's
/// u8 = x + 128 offset is not needed). Tiles of 5 rows x 16 channels keep 20
/// accumulators; per 4 k-quads a row loads 16 input bytes once, and each
/// quad's 4 weight registers (4 channels x 4 k each) meet every row through
/// the by-element form `sdot v.4s, w.16b, x.4b[lane]` (a 32-bit lane
/// broadcast that LLVM folds into the instruction; checked with -S). Five
/// rows, not four: 20 `sdot` per 4 weight loads instead of 16, which llvm-mca
/// models at 95 % of the `sdot` peak on Cortex-A76 / Neoverse N1 instead of
/// 84 % (Results/arm); 20 accumulators + 4 weights + 5 rows fit the 32
/// registers without spills. A tile's missing rows (rows not a multiple of 5)
/// are computed on zeros and not stored.
///
/// - Parameters:
///   - w: packed `[ceil(N/16)][ceil(K/4)][16][4]` int8, zero-padded (`DensePacking.arm(group: 4)`).
///   - bias: bias - zx * colsum, `[ceil(N/16) * 16]`.
///   - mult, shift, zero, lo, hi: requantization, padded like `bias`.
///   - x: `[T, K]` int8; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseARMDotProdScratchBytes(k)` writable bytes (a tile's rows, K padded to 4).
public func denseARMDotProd(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                         _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                         _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                         _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                         _ scratch: UnsafeMutableRawPointer) {
    let k4 = (k &+ 3) / 4
    let kp = 4 &* k4
    let blocks = (n &+ 15) / 16
    let xs = scratch.assumingMemoryBound(to: Int8.self)
    var t0 = 0
    while t0 < rows {
        let mr = min(5, rows &- t0)
        // Five rows, K padded with zeros; missing rows are zeros (never stored).
        xs.initialize(repeating: 0, count: 5 &* kp)
        for r in 0..<mr { UnsafeMutableRawPointer(xs + r &* kp).copyMemory(from: x + (t0 &+ r) &* k, byteCount: k) }
        let x0 = UnsafeRawPointer(xs), x1 = x0 + kp, x2 = x1 + kp, x3 = x2 + kp, x4 = x3 + kp
        for b in 0..<blocks {
            var a00 = SIMD4<Int32>(), a01 = SIMD4<Int32>(), a02 = SIMD4<Int32>(), a03 = SIMD4<Int32>()
            var a10 = SIMD4<Int32>(), a11 = SIMD4<Int32>(), a12 = SIMD4<Int32>(), a13 = SIMD4<Int32>()
            var a20 = SIMD4<Int32>(), a21 = SIMD4<Int32>(), a22 = SIMD4<Int32>(), a23 = SIMD4<Int32>()
            var a30 = SIMD4<Int32>(), a31 = SIMD4<Int32>(), a32 = SIMD4<Int32>(), a33 = SIMD4<Int32>()
            var a40 = SIMD4<Int32>(), a41 = SIMD4<Int32>(), a42 = SIMD4<Int32>(), a43 = SIMD4<Int32>()
            var wp = w + b &* k4 &* 64
            // One k-quad: 4 weight registers against the quad `lane` of each row's 16 bytes.
            @inline(__always) func step(_ v0: SIMD16<Int8>, _ v1: SIMD16<Int8>, _ v2: SIMD16<Int8>, _ v3: SIMD16<Int8>,
                                        _ v4: SIMD16<Int8>, _ lane: Int) {
                let w0 = wp.loadUnaligned(as: SIMD16<Int8>.self)
                let w1 = wp.loadUnaligned(fromByteOffset: 16, as: SIMD16<Int8>.self)
                let w2 = wp.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int8>.self)
                let w3 = wp.loadUnaligned(fromByteOffset: 48, as: SIMD16<Int8>.self)
                let b0 = broadcast(v0, lane)
                a00 = vdotq_s32(a00, w0, b0); a01 = vdotq_s32(a01, w1, b0); a02 = vdotq_s32(a02, w2, b0); a03 = vdotq_s32(a03, w3, b0)
                let b1 = broadcast(v1, lane)
                a10 = vdotq_s32(a10, w0, b1); a11 = vdotq_s32(a11, w1, b1); a12 = vdotq_s32(a12, w2, b1); a13 = vdotq_s32(a13, w3, b1)
                let b2 = broadcast(v2, lane)
                a20 = vdotq_s32(a20, w0, b2); a21 = vdotq_s32(a21, w1, b2); a22 = vdotq_s32(a22, w2, b2); a23 = vdotq_s32(a23, w3, b2)
                let b3 = broadcast(v3, lane)
                a30 = vdotq_s32(a30, w0, b3); a31 = vdotq_s32(a31, w1, b3); a32 = vdotq_s32(a32, w2, b3); a33 = vdotq_s32(a33, w3, b3)
                let b4 = broadcast(v4, lane)
                a40 = vdotq_s32(a40, w0, b4); a41 = vdotq_s32(a41, w1, b4); a42 = vdotq_s32(a42, w2, b4); a43 = vdotq_s32(a43, w3, b4)
                wp += 64
            }
            var o = 0
            while o &+ 16 <= kp {
                let v0 = x0.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                let v1 = x1.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                let v2 = x2.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                let v3 = x3.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                let v4 = x4.loadUnaligned(fromByteOffset: o, as: SIMD16<Int8>.self)
                step(v0, v1, v2, v3, v4, 0); step(v0, v1, v2, v3, v4, 1); step(v0, v1, v2, v3, v4, 2); step(v0, v1, v2, v3, v4, 3)
                o &+= 16
            }
            while o < kp {
                @inline(__always) func quad(_ row: UnsafeRawPointer) -> SIMD16<Int8> {
                    unsafeBitCast(SIMD4<Int32>(repeating: row.loadUnaligned(fromByteOffset: o, as: Int32.self)), to: SIMD16<Int8>.self)
                }
                step(quad(x0), quad(x1), quad(x2), quad(x3), quad(x4), 0)
                o &+= 4
            }
            let c = b &* 16
            let row = out + (t0 &* n &+ c)
            let q = Requantize16ARM(c, bias, mult, shift, zero, lo, hi)
            q.store(a00, a01, a02, a03, c, n, row)
            if mr > 1 { q.store(a10, a11, a12, a13, c, n, row + n) }
            if mr > 2 { q.store(a20, a21, a22, a23, c, n, row + 2 &* n) }
            if mr > 3 { q.store(a30, a31, a32, a33, c, n, row + 3 &* n) }
            if mr > 4 { q.store(a40, a41, a42, a43, c, n, row + 4 &* n) }
        }
        t0 &+= 5
    }
}

/// Scratch bytes `denseARMDotProd` needs for K inputs.
public func denseARMDotProdScratchBytes(_ k: Int) -> Int { 5 * (4 * ((k + 3) / 4)) }

/// The 32-bit lane `lane` of `v` in every lane: with a constant lane, LLVM
/// folds it into the by-element `sdot`.
@inline(__always) private func broadcast(_ v: SIMD16<Int8>, _ lane: Int) -> SIMD16<Int8> {
    unsafeBitCast(SIMD4<Int32>(repeating: unsafeBitCast(v, to: SIMD4<Int32>.self)[lane]), to: SIMD16<Int8>.self)
}

/// Channels c..c+15's bias and requantization, prepared once per channel
/// block for every row of its tile; `store` requantizes one row's 16
/// accumulators and writes its first min(16, n - c) bytes. The rounding is
/// the contract's, exactly, in the form of `RequantizeParams4ARMNEON`
/// (requantize_arm_neon.swift, where the argument is written): the doubled
/// 64-bit product (`sqdmull`), one rounding half away from zero (`ssra #63`,
/// then `srshl` by -(r + 1)), a saturating narrow to int32. Then, on 16
/// lanes at once instead of 4 x 4: saturating narrows to int16, the zero
/// point (saturating add in int16), to int8, the clamp in int8. The same
/// bytes as the clamp of the exact sum in int32: the clamp bounds lie in
/// int8, and a value that saturates int16 (|q| >= 32767) stays beyond int8
/// after adding a zero point in -128...127.
///
/// Public and inlinable for `dense_arm_i8mm` (TernKernelsNEONI8MM imports
/// this module, as the VBMI module imports the AVX-512 one); TernKernels'
/// `dense_arm_neon` cannot import it (TernKernels depends on this module)
/// and keeps `RequantizeParams4ARMNEON`, 4 channels at a time.
public struct Requantize16ARM {
    @usableFromInline let bias: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>)
    @usableFromInline let m: (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>)
    /// -(r + 1) of each channel pair, as 64-bit lanes.
    @usableFromInline let shift: (SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>,
                                  SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>, SIMD2<Int64>)
    @usableFromInline let zLow: SIMD8<Int16>, zHigh: SIMD8<Int16>, lo: SIMD16<Int8>, hi: SIMD16<Int8>

    /// - Parameters: the channel block's first channel `c` and the layer's
    ///   arrays, padded to whole blocks of 16 (`DensePacking.arm`).
    @inlinable @inline(__always)
    public init(_ c: Int, _ bias: UnsafePointer<Int32>, _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>,
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

    /// One row's 16 outputs from its accumulators (channels c..c+3, ..., c+12..c+15).
    @inlinable @inline(__always)
    public func apply(_ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>) -> SIMD16<Int8> {
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

    /// Requantizes one row's 16 accumulators and stores the first
    /// min(16, n - c) bytes at `dst` (c: the block's first channel).
    @inlinable @inline(__always)
    public func store(_ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>,
                      _ c: Int, _ n: Int, _ dst: UnsafeMutablePointer<Int8>) {
        let bytes = apply(p0, p1, p2, p3)
        let count = min(16, n &- c)
        if count == 16 {
            UnsafeMutableRawPointer(dst).storeBytes(of: bytes, as: SIMD16<Int8>.self)
        } else {
            for i in 0..<count { dst[i] = bytes[i] }
        }
    }
}
#endif
