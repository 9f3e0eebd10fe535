// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// Attention-pooling sums with AVX2, 8 channels per YMM, t in order (mul then
/// add, no FMA: the reference's sums exactly). The per-channel exp values are
/// looked up with scalar loads (Swift cannot import `vgatherdps`'s macro
/// intrinsic). Writes numerators and denominators `[C]`; the caller rounds.
///
/// - Parameters: logits `[T, C]` (per channel) or `[T]` (scalar logit),
///   values `[T, C]`, `table` 256 floats.
public func attentionX86AVX2(_ table: UnsafePointer<Float>, _ perChannel: Bool, _ logits: UnsafePointer<Int8>,
                              _ values: UnsafePointer<Int8>, _ length: Int, _ channels: Int, _ valueZeroPoint: Int32,
                              _ numerators: UnsafeMutablePointer<Float>, _ denominators: UnsafeMutablePointer<Float>) {
    let c = channels
    let zero = _mm256_set1_ps(Float(valueZeroPoint))
    var scalarMax = Int32.min
    if !perChannel { for t in 0..<length { scalarMax = max(scalarMax, Int32(logits[t])) } }
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: 16) { buf in
        let lanes = buf.baseAddress!, maxima = lanes + 8
        var j = 0
        while j < c {
            let count = min(8, c - j)
            @inline(__always) func load(_ p: UnsafePointer<Int8>) -> __m256i {
                if count == 8 { return _mm256_cvtepi8_epi32(loadBytes8(p)) }
                for i in 0..<8 { lanes[i] = i < count ? Int32(p[i]) : 0 }
                return _mm256_loadu_si256(UnsafeRawPointer(lanes).assumingMemoryBound(to: __m256i.self))
            }
            var numerator = _mm256_setzero_ps(), denominator = _mm256_setzero_ps()
            if perChannel && count == 8 {
                // The eight lookups go straight into a register. The lane
                // buffer below (eight scalar stores read back by one 256-bit
                // load) stalls store forwarding: 3.3x this path's time at
                // C 64, T 64-128 (`bench gate`, AMD EPYC family 25 model 1).
                // Indices max - q in 0...255 come from one byte subtract.
                var maxBytes = _mm_set1_epi8(-128)
                var row = logits + j
                for _ in 0..<length {
                    maxBytes = _mm_max_epi8(maxBytes, loadBytes8(row))
                    row += c
                }
                row = logits + j
                var valueRow = values + j
                for _ in 0..<length {
                    let d = UInt64(bitPattern: _mm_cvtsi128_si64(_mm_sub_epi8(maxBytes, loadBytes8(row))))
                    @inline(__always) func exp(_ lane: UInt64) -> Float { table[Int(truncatingIfNeeded: (d &>> (8 &* lane)) & 0xff)] }
                    let e = _mm256_set_ps(exp(7), exp(6), exp(5), exp(4), exp(3), exp(2), exp(1), exp(0))
                    let v = _mm256_sub_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(loadBytes8(valueRow))), zero)
                    numerator = _mm256_add_ps(numerator, _mm256_mul_ps(e, v))
                    denominator = _mm256_add_ps(denominator, e)
                    row += c
                    valueRow += c
                }
            } else if perChannel {
                var m = _mm256_set1_epi32(Int32.min)
                for t in 0..<length { m = _mm256_max_epi32(m, load(logits + t * c + j)) }
                _mm256_storeu_si256(UnsafeMutableRawPointer(maxima).assumingMemoryBound(to: __m256i.self), m)
                for t in 0..<length {
                    let row = logits + t * c + j
                    for i in 0..<8 {
                        lanes[i] = Int32(bitPattern: (i < count ? table[Int(maxima[i] - Int32(row[i]))] : 0).bitPattern)
                    }
                    let e = _mm256_castsi256_ps(_mm256_loadu_si256(UnsafeRawPointer(lanes).assumingMemoryBound(to: __m256i.self)))
                    let v = _mm256_sub_ps(_mm256_cvtepi32_ps(load(values + t * c + j)), zero)
                    numerator = _mm256_add_ps(numerator, _mm256_mul_ps(e, v))
                    denominator = _mm256_add_ps(denominator, e)
                }
            } else {
                for t in 0..<length {
                    let e = _mm256_set1_ps(table[Int(scalarMax - Int32(logits[t]))])
                    let v = _mm256_sub_ps(_mm256_cvtepi32_ps(load(values + t * c + j)), zero)
                    numerator = _mm256_add_ps(numerator, _mm256_mul_ps(e, v))
                    denominator = _mm256_add_ps(denominator, e)
                }
            }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { sums in
                _mm256_storeu_ps(sums.baseAddress!, numerator)
                _mm256_storeu_ps(sums.baseAddress! + 8, denominator)
                for i in 0..<count {
                    numerators[j + i] = sums[i]
                    denominators[j + i] = sums[8 + i]
                }
            }
            j += 8
        }
    }
}

/// Eight bytes at `p` in the low half of an XMM (no alignment needed).
@inline(__always)
private func loadBytes8(_ p: UnsafePointer<Int8>) -> __m128i {
    _mm_loadl_epi64(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self))
}
#endif
