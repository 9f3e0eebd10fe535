// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// NEON dense layer: `[T, K] x [K, N] -> [T, N]` int8 by widening
/// multiply-accumulate. `smull` / `smull2` multiply 8 int8 pairs into int16
/// lanes (one product per lane: |x * w| <= 128 * 128 fits, for every int8
/// pair, -128 weights included), `sadalp` adds neighbouring lanes into the
/// int32 accumulators. A weight register holds 4 channels x 4 k, so each
/// accumulator holds 2 channels x 2 half-sums until `addp` joins them after
/// the K loop. Tiles of 4 rows x 8 channels: 16 accumulators, 2 weight
/// registers, 4 broadcast input quads.
///
/// - Parameters:
///   - w: packed `[ceil(N/16)][ceil(K/4)][16][4]` int8, zero-padded (`DensePacking.arm(group: 4)`).
///   - bias: bias - zx * colsum, `[ceil(N/16) * 16]`.
///   - mult, shift, zero, lo, hi: requantization, padded like `bias`.
///   - x: `[T, K]` int8; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseARMNEONScratchBytes(k)` writable bytes (a tile's rows, K padded to 4).
public func denseARMNEON(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
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
        let mr = min(4, rows &- t0)
        // Four rows, K padded with zeros; missing rows are zeros (never stored).
        xs.initialize(repeating: 0, count: 4 &* kp)
        for r in 0..<mr { UnsafeMutableRawPointer(xs + r &* kp).copyMemory(from: x + (t0 &+ r) &* k, byteCount: k) }
        let x0 = UnsafeRawPointer(xs), x1 = x0 + kp, x2 = x1 + kp, x3 = x2 + kp
        let tile = t0   // a captured `var` would be boxed on the heap
        for b in 0..<blocks {
            for h in 0..<2 {
                let c = b &* 16 &+ h &* 8
                if c >= n { break }
                var a00 = SIMD4<Int32>(), a01 = SIMD4<Int32>(), a02 = SIMD4<Int32>(), a03 = SIMD4<Int32>()
                var a10 = SIMD4<Int32>(), a11 = SIMD4<Int32>(), a12 = SIMD4<Int32>(), a13 = SIMD4<Int32>()
                var a20 = SIMD4<Int32>(), a21 = SIMD4<Int32>(), a22 = SIMD4<Int32>(), a23 = SIMD4<Int32>()
                var a30 = SIMD4<Int32>(), a31 = SIMD4<Int32>(), a32 = SIMD4<Int32>(), a33 = SIMD4<Int32>()
                var wp = w + (b &* k4 &* 64 &+ h &* 32)
                var o = 0
                for _ in 0..<k4 {
                    let w0 = wp.loadUnaligned(as: SIMD16<Int8>.self)
                    let w1 = wp.loadUnaligned(fromByteOffset: 16, as: SIMD16<Int8>.self)
                    let v0 = quad(x0, o)
                    a00 = vpadalq_s16(a00, vmull_s8(w0.lowHalf, v0.lowHalf)); a01 = vpadalq_s16(a01, vmull_high_s8(w0, v0))
                    a02 = vpadalq_s16(a02, vmull_s8(w1.lowHalf, v0.lowHalf)); a03 = vpadalq_s16(a03, vmull_high_s8(w1, v0))
                    let v1 = quad(x1, o)
                    a10 = vpadalq_s16(a10, vmull_s8(w0.lowHalf, v1.lowHalf)); a11 = vpadalq_s16(a11, vmull_high_s8(w0, v1))
                    a12 = vpadalq_s16(a12, vmull_s8(w1.lowHalf, v1.lowHalf)); a13 = vpadalq_s16(a13, vmull_high_s8(w1, v1))
                    let v2 = quad(x2, o)
                    a20 = vpadalq_s16(a20, vmull_s8(w0.lowHalf, v2.lowHalf)); a21 = vpadalq_s16(a21, vmull_high_s8(w0, v2))
                    a22 = vpadalq_s16(a22, vmull_s8(w1.lowHalf, v2.lowHalf)); a23 = vpadalq_s16(a23, vmull_high_s8(w1, v2))
                    let v3 = quad(x3, o)
                    a30 = vpadalq_s16(a30, vmull_s8(w0.lowHalf, v3.lowHalf)); a31 = vpadalq_s16(a31, vmull_high_s8(w0, v3))
                    a32 = vpadalq_s16(a32, vmull_s8(w1.lowHalf, v3.lowHalf)); a33 = vpadalq_s16(a33, vmull_high_s8(w1, v3))
                    wp += 64
                    o &+= 4
                }
                let b0 = UnsafeRawPointer(bias + c).loadUnaligned(as: SIMD4<Int32>.self)
                let b1 = UnsafeRawPointer(bias + (c &+ 4)).loadUnaligned(as: SIMD4<Int32>.self)
                // The channels' requantization, prepared once for the tile's rows.
                let q0 = RequantizeParams4ARMNEON(c, mult, shift, zero, lo, hi)
                let q1 = RequantizeParams4ARMNEON(c &+ 4, mult, shift, zero, lo, hi)
                @inline(__always) func store(_ r: Int, _ p0: SIMD4<Int32>, _ p1: SIMD4<Int32>, _ p2: SIMD4<Int32>, _ p3: SIMD4<Int32>) {
                    let y0 = q0.apply(vpaddq_s32(p0, p1) &+ b0)
                    let y1 = q1.apply(vpaddq_s32(p2, p3) &+ b1)
                    let bytes = vmovn_s16(vmovn_high_s32(vmovn_s32(y0), y1))
                    let dst = out + ((tile &+ r) &* n &+ c)
                    let count = min(8, n &- c)
                    if count == 8 {
                        UnsafeMutableRawPointer(dst).storeBytes(of: bytes, as: SIMD8<Int8>.self)
                    } else {
                        for i in 0..<count { dst[i] = bytes[i] }
                    }
                }
                store(0, a00, a01, a02, a03)
                if mr > 1 { store(1, a10, a11, a12, a13) }
                if mr > 2 { store(2, a20, a21, a22, a23) }
                if mr > 3 { store(3, a30, a31, a32, a33) }
            }
        }
        t0 &+= 4
    }
}

/// Scratch bytes `denseARMNEON` needs for K inputs.
public func denseARMNEONScratchBytes(_ k: Int) -> Int { 4 * (4 * ((k + 3) / 4)) }

/// Four input bytes at `offset`, repeated in every 32-bit lane (`ld1r`).
@inline(__always) private func quad(_ row: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int8> {
    unsafeBitCast(SIMD4<Int32>(repeating: row.loadUnaligned(fromByteOffset: offset, as: Int32.self)), to: SIMD16<Int8>.self)
}

#endif
