// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX2 dense layer for ternary input (the projection: x in {-1, 0, +1},
/// zero point 0), through `vpmaddubsw` with int16 accumulators.
///
/// `vpmaddubsw` multiplies unsigned by signed bytes and sums pairs into
/// int16, saturating; `dense_x86_avx2` cannot use it on general int8. Here
/// the kernel reads u = x + 1 in {0, 1, 2}: a pair sums to at most
/// 2 * 2 * 128 = 512 in magnitude, so nothing saturates, and 63 steps of a
/// k-quad (at most 63 * 512 = 32,256) add up in int16 before one `vpmaddwd`
/// by ones widens them into int32. The packer folds the + 1 back out of the
/// bias (bias - column sums). Per 32 multiply-adds: one `vpmaddubsw` and one
/// `vpaddw`, against two `vpmaddwd` and two `vpaddd` in `dense_x86_avx2`.
/// Every int8 weight, -128 included, stays exact.
///
/// Tiles of 4 rows x 16 channels: 8 int16 accumulators, 2 weight vectors, 1
/// broadcast in registers (6 rows spilled and ran slower on Zen 3).
///
/// - Parameters:
///   - w: packed `[ceil(N/16)][ceil(K/4)][16][4]` int8, zero-padded.
///   - bias: bias - column sums, padded to whole 16-channel blocks.
///   - mult, shift, zero, lo, hi: requantization, padded like `bias`.
///   - x: `[T, K]` in {-1, 0, +1}; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseTernaryX86AVX2ScratchBytes(k)` writable bytes (a tile's rows of u).
/// - Precondition: every x is -1, 0 or +1 (other values give wrong outputs, never a fault).
public func denseTernaryX86AVX2(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                                _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                                _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                                _ scratch: UnsafeMutableRawPointer) {
    let k4 = (k + 3) / 4
    let kp = 4 * k4
    let blocks = (n + 15) / 16
    let largeShifts = RequantizeTile16AVX2.shiftsAreLarge(shift, n)
    let stepsPerWidening = 63
    let ones = _mm256_set1_epi16(1)
    let u = scratch.assumingMemoryBound(to: UInt8.self)
    var t0 = 0
    while t0 < rows {
        let mr = min(4, rows - t0)
        for r in 0..<4 {
            let src = x + (t0 + (r < mr ? r : 0)) * k
            let dst = u + r * kp
            for i in 0..<k { dst[i] = UInt8(bitPattern: src[i] &+ 1) }
            for i in k..<kp { dst[i] = 0 }
        }
        let u0 = UnsafeRawPointer(u), u1 = u0 + kp, u2 = u1 + kp, u3 = u2 + kp
        for b in 0..<blocks {
            let b0 = load256(bias + 16 * b), b1 = load256(bias + 16 * b + 8)
            var s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1, s30 = b0, s31 = b1
            let wb = w + b * k4 * 64
            var q0 = 0
            while q0 < k4 {
                let end = min(k4, q0 + stepsPerWidening)
                var a00 = _mm256_setzero_si256(), a01 = a00, a10 = a00, a11 = a00
                var a20 = a00, a21 = a00, a30 = a00, a31 = a00
                var wp = wb + q0 * 64
                for q in q0..<end {
                    let w0 = load256(wp), w1 = load256(wp + 32)
                    let o = 4 &* q   // q < k4: cannot overflow, and no trap check in the loop
                    let v0 = _mm256_set1_epi32(u0.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a00 = _mm256_add_epi16(a00, _mm256_maddubs_epi16(v0, w0)); a01 = _mm256_add_epi16(a01, _mm256_maddubs_epi16(v0, w1))
                    let v1 = _mm256_set1_epi32(u1.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a10 = _mm256_add_epi16(a10, _mm256_maddubs_epi16(v1, w0)); a11 = _mm256_add_epi16(a11, _mm256_maddubs_epi16(v1, w1))
                    let v2 = _mm256_set1_epi32(u2.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a20 = _mm256_add_epi16(a20, _mm256_maddubs_epi16(v2, w0)); a21 = _mm256_add_epi16(a21, _mm256_maddubs_epi16(v2, w1))
                    let v3 = _mm256_set1_epi32(u3.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a30 = _mm256_add_epi16(a30, _mm256_maddubs_epi16(v3, w0)); a31 = _mm256_add_epi16(a31, _mm256_maddubs_epi16(v3, w1))
                    wp += 64
                }
                // Lanes 2j and 2j + 1 hold channel j's two pair sums: `vpmaddwd` by ones adds them into lane j.
                s00 = _mm256_add_epi32(s00, _mm256_madd_epi16(a00, ones)); s01 = _mm256_add_epi32(s01, _mm256_madd_epi16(a01, ones))
                s10 = _mm256_add_epi32(s10, _mm256_madd_epi16(a10, ones)); s11 = _mm256_add_epi32(s11, _mm256_madd_epi16(a11, ones))
                s20 = _mm256_add_epi32(s20, _mm256_madd_epi16(a20, ones)); s21 = _mm256_add_epi32(s21, _mm256_madd_epi16(a21, ones))
                s30 = _mm256_add_epi32(s30, _mm256_madd_epi16(a30, ones)); s31 = _mm256_add_epi32(s31, _mm256_madd_epi16(a31, ones))
                q0 = end
            }
            let c = 16 * b, tile = t0   // a captured `var` would be boxed on the heap
            let epilogue = RequantizeTile16AVX2(channel: c, largeShifts: largeShifts, mult, shift, zero, lo, hi)
            @inline(__always) func store(_ r: Int, _ lowHalf: __m256i, _ highHalf: __m256i) {
                epilogue.store(lowHalf, highHalf, out + (tile + r) * n + c, count: n - c)
            }
            store(0, s00, s01)
            if mr > 1 { store(1, s10, s11) }
            if mr > 2 { store(2, s20, s21) }
            if mr > 3 { store(3, s30, s31) }
        }
        t0 += 4
    }
}

/// Scratch bytes `denseTernaryX86AVX2` needs for K inputs.
public func denseTernaryX86AVX2ScratchBytes(_ k: Int) -> Int { 4 * 4 * ((k + 3) / 4) + 16 }
#endif
