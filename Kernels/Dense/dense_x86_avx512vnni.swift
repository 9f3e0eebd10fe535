// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX-512 VNNI dense layer: `[T, K] x [K, N] -> [T, N]` int8 with int32
/// accumulation and in-register requantization.
///
/// `vpdpbusd` multiplies unsigned by signed bytes, 4 per int32 lane. The input
/// is read as u8 = x + 128 (an XOR with 0x80); the pack step folds the
/// correction -(zx + 128) * sum_k w[k, n] into the bias. Tiles of 4 rows x 64
/// channels keep 16 ZMM accumulators; each step loads 4 weight vectors (64
/// channels x 4 k) and broadcasts 4 input quads.
///
/// - Parameters:
///   - w: packed `[ceil(N/64)][ceil(K/4)][64][4]` int8, zero-padded.
///   - bias: folded bias, `[ceil(N/64) * 64]`.
///   - mult, shift, zero, lo, hi: requantization, padded like `bias`.
///   - x: `[T, K]` int8; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseX86AVX512VNNIScratchBytes(k)` writable bytes (the u8 rows of a tile).
public func denseX86AVX512VNNI(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                            _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                            _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                            _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                            _ scratch: UnsafeMutableRawPointer) {
    let k4 = (k + 3) / 4
    let kp = 4 * k4
    let blocks = (n + 63) / 64
    let flip = _mm512_set1_epi8(-128)
    do {
        let xu = scratch
        // Channel blocks outside, row tiles inside: one block's weights
        // (64 channels x K bytes) stay in L1 while every row tile reads them.
        // The u8 copy of a tile's rows is redone per block; it costs K/64
        // instructions per row against 64 K multiply-adds.
        for b in 0..<blocks {
            let bb = bias + b * 64
            let b0 = _mm512_loadu_si512(bb), b1 = _mm512_loadu_si512(bb + 16)
            let b2 = _mm512_loadu_si512(bb + 32), b3 = _mm512_loadu_si512(bb + 48)
            let wb = w + b * k4 * 256
            var t0 = 0
            while t0 < rows {
                let mr = min(4, rows - t0)
                // Four u8 rows, K padded to a multiple of 4; missing rows repeat row 0.
                for r in 0..<4 {
                    let src = UnsafeRawPointer(x + (t0 + (r < mr ? r : 0)) * k)
                    let dst = xu + r * kp
                    var i = 0
                    while i < kp {
                        let count = min(64, k - i)
                        let mask: __mmask64 = count >= 64 ? ~0 : (count <= 0 ? 0 : (UInt64(1) << UInt64(count)) &- 1)
                        let v = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, src + i), flip)
                        let storeCount = min(64, kp - i)
                        let storeMask: __mmask64 = storeCount >= 64 ? ~0 : (UInt64(1) << UInt64(storeCount)) &- 1
                        _mm512_mask_storeu_epi8(dst + i, storeMask, v)
                        i += 64
                    }
                }
                let x0 = UnsafeRawPointer(xu), x1 = x0 + kp, x2 = x1 + kp, x3 = x2 + kp
                var a00 = b0, a01 = b1, a02 = b2, a03 = b3
                var a10 = b0, a11 = b1, a12 = b2, a13 = b3
                var a20 = b0, a21 = b1, a22 = b2, a23 = b3
                var a30 = b0, a31 = b1, a32 = b2, a33 = b3
                var wp = wb
                for q in 0..<k4 {
                    let w0 = _mm512_loadu_si512(wp), w1 = _mm512_loadu_si512(wp + 64)
                    let w2 = _mm512_loadu_si512(wp + 128), w3 = _mm512_loadu_si512(wp + 192)
                    let o = 4 * q
                    let v0 = _mm512_set1_epi32(x0.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a00 = _mm512_dpbusd_epi32(a00, v0, w0); a01 = _mm512_dpbusd_epi32(a01, v0, w1)
                    a02 = _mm512_dpbusd_epi32(a02, v0, w2); a03 = _mm512_dpbusd_epi32(a03, v0, w3)
                    let v1 = _mm512_set1_epi32(x1.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a10 = _mm512_dpbusd_epi32(a10, v1, w0); a11 = _mm512_dpbusd_epi32(a11, v1, w1)
                    a12 = _mm512_dpbusd_epi32(a12, v1, w2); a13 = _mm512_dpbusd_epi32(a13, v1, w3)
                    let v2 = _mm512_set1_epi32(x2.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a20 = _mm512_dpbusd_epi32(a20, v2, w0); a21 = _mm512_dpbusd_epi32(a21, v2, w1)
                    a22 = _mm512_dpbusd_epi32(a22, v2, w2); a23 = _mm512_dpbusd_epi32(a23, v2, w3)
                    let v3 = _mm512_set1_epi32(x3.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a30 = _mm512_dpbusd_epi32(a30, v3, w0); a31 = _mm512_dpbusd_epi32(a31, v3, w1)
                    a32 = _mm512_dpbusd_epi32(a32, v3, w2); a33 = _mm512_dpbusd_epi32(a33, v3, w3)
                    wp += 256
                }
                // A `let` copy: a nested function that captured the loop's
                // `var` would box it on the heap, one allocation per tile.
                let tile = t0
                @inline(__always) func store(_ r: Int, _ c0: __m512i, _ c1: __m512i, _ c2: __m512i, _ c3: __m512i) {
                    let o = out + (tile + r) * n
                    @inline(__always) func one(_ j: Int, _ acc: __m512i) {
                        let c = b * 64 + 16 * j
                        guard c < n else { return }
                        let count = min(16, n - c)
                        let mask = __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1)
                        let v = requantize16AVX512(acc, _mm512_loadu_si512(mult + c), _mm512_loadu_si512(shift + c),
                                                   _mm512_loadu_si512(zero + c), _mm512_loadu_si512(lo + c),
                                                   _mm512_loadu_si512(hi + c))
                        _mm_mask_storeu_epi8(UnsafeMutableRawPointer(o + c), mask, v)
                    }
                    one(0, c0); one(1, c1); one(2, c2); one(3, c3)
                }
                store(0, a00, a01, a02, a03)
                if mr > 1 { store(1, a10, a11, a12, a13) }
                if mr > 2 { store(2, a20, a21, a22, a23) }
                if mr > 3 { store(3, a30, a31, a32, a33) }
                t0 += 4
            }
        }
    }
}
/// Scratch bytes `denseX86AVX512VNNI` needs for K inputs.
public func denseX86AVX512VNNIScratchBytes(_ k: Int) -> Int { 4 * (4 * ((k + 3) / 4)) + 64 }
#endif
