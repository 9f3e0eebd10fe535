// Built with -march=armv8.2-a+dotprod+i8mm (module TernKernelsNEONI8MM, trait
// ARMIntrinsics): call only after KernelDispatch allows .neonI8MM.
#if ARMIntrinsics && arch(arm64)
import _Builtin_intrinsics.arm.neon
import TernKernelsNEONDotProd   // Requantize16ARM: every i8mm core has the dot product

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
            let q = Requantize16ARM(c, bias, mult, shift, zero, lo, hi)
            q.store(top(a00, a01), top(a02, a03), top(a04, a05), top(a06, a07), c, n, row)
            if mr > 1 { q.store(bottom(a00, a01), bottom(a02, a03), bottom(a04, a05), bottom(a06, a07), c, n, row + n) }
            if mr > 2 { q.store(top(a10, a11), top(a12, a13), top(a14, a15), top(a16, a17), c, n, row + 2 &* n) }
            if mr > 3 { q.store(bottom(a10, a11), bottom(a12, a13), bottom(a14, a15), bottom(a16, a17), c, n, row + 3 &* n) }
        }
        t0 &+= 4
    }
}

/// Scratch bytes `denseARMI8MM` needs for K inputs.
public func denseARMI8MMScratchBytes(_ k: Int) -> Int { 4 * (8 * ((k + 7) / 8)) }

#endif
