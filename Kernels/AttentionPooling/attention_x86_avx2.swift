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
                if count == 8 {
                    return _mm256_cvtepi8_epi32(_mm_loadl_epi64(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self)))
                }
                for i in 0..<8 { lanes[i] = i < count ? Int32(p[i]) : 0 }
                return _mm256_loadu_si256(UnsafeRawPointer(lanes).assumingMemoryBound(to: __m256i.self))
            }
            var numerator = _mm256_setzero_ps(), denominator = _mm256_setzero_ps()
            if perChannel {
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
#endif
