// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX2 dense layer: `[T, K] x [K, N] -> [T, N]` int8 through exact int16
/// `vpmaddwd` (two products summed per int32 lane, 16 per instruction).
/// `vpmaddubsw` would do 32 but saturates its int16 pair sums (255 * 127 * 2
/// overflows), so it cannot keep the result exact on general int8 (on the
/// projection's {-1, 0, +1} it can: `dense_ternary_x86_avx2`). Tiles of 4 rows x 16
/// channels: 8 YMM accumulators, 2 weight vectors, 1 broadcast.
///
/// - Parameters:
///   - w: packed `[ceil(N/16)][ceil(K/2)][16][2]` int16, zero-padded.
///   - bias: bias - zx * colsum, `[ceil(N/64) * 64]`.
///   - mult, shift, zero, lo, hi: requantization, padded like `bias`.
///   - x: `[T, K]` int8; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseX86AVX2ScratchBytes(k)` writable bytes (the int16 rows of a tile).
public func denseX86AVX2(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                      _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                      _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                      _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                      _ scratch: UnsafeMutableRawPointer) {
    let k2 = (k + 1) / 2
    let kp = 2 * k2
    let blocks = (n + 15) / 16
    let largeShifts = RequantizeTile16AVX2.shiftsAreLarge(shift, n)
    do {
        let xs = scratch.assumingMemoryBound(to: Int16.self)
        var t0 = 0
        while t0 < rows {
            let mr = min(4, rows - t0)
            for r in 0..<4 {
                let src = x + (t0 + (r < mr ? r : 0)) * k
                let dst = xs + r * kp
                for i in 0..<k { dst[i] = Int16(src[i]) }
                if kp > k { dst[k] = 0 }
            }
            let x0 = UnsafeRawPointer(xs), x1 = x0 + 2 * kp, x2 = x1 + 2 * kp, x3 = x2 + 2 * kp
            for b in 0..<blocks {
                let b0 = load256(bias + 16 * b), b1 = load256(bias + 16 * b + 8)
                var a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1
                var wp = w + b * k2 * 64
                for q in 0..<k2 {
                    let w0 = load256(wp), w1 = load256(wp + 32)
                    let o = 4 * q
                    let v0 = _mm256_set1_epi32(x0.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a00 = _mm256_add_epi32(a00, _mm256_madd_epi16(v0, w0)); a01 = _mm256_add_epi32(a01, _mm256_madd_epi16(v0, w1))
                    let v1 = _mm256_set1_epi32(x1.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a10 = _mm256_add_epi32(a10, _mm256_madd_epi16(v1, w0)); a11 = _mm256_add_epi32(a11, _mm256_madd_epi16(v1, w1))
                    let v2 = _mm256_set1_epi32(x2.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a20 = _mm256_add_epi32(a20, _mm256_madd_epi16(v2, w0)); a21 = _mm256_add_epi32(a21, _mm256_madd_epi16(v2, w1))
                    let v3 = _mm256_set1_epi32(x3.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a30 = _mm256_add_epi32(a30, _mm256_madd_epi16(v3, w0)); a31 = _mm256_add_epi32(a31, _mm256_madd_epi16(v3, w1))
                    wp += 64
                }
                let c = 16 * b, tile = t0   // a captured `var` would be boxed on the heap
                let epilogue = RequantizeTile16AVX2(channel: c, largeShifts: largeShifts, mult, shift, zero, lo, hi)
                @inline(__always) func store(_ r: Int, _ lowHalf: __m256i, _ highHalf: __m256i) {
                    epilogue.store(lowHalf, highHalf, out + (tile + r) * n + c, count: n - c)
                }
                store(0, a00, a01)
                if mr > 1 { store(1, a10, a11) }
                if mr > 2 { store(2, a20, a21) }
                if mr > 3 { store(3, a30, a31) }
            }
            t0 += 4
        }
    }
}
/// Scratch bytes `denseX86AVX2` needs for K inputs.
public func denseX86AVX2ScratchBytes(_ k: Int) -> Int { 2 * (4 * (2 * ((k + 1) / 2)) + 16) }
#endif
