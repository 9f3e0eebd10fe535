// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// Attention-pooling sums with AVX-512, 16 channels per ZMM, t in order
/// (mul then add, no FMA, so the sums equal the reference's). Per channel:
/// exp values by `vpermi2ps` lookups in the 256-entry table. Writes the
/// numerators and denominators `[C]`; the caller rounds them.
///
/// - Parameters: logits `[T, C]` (per channel) or `[T]` (scalar logit),
///   values `[T, C]`, `table` 256 floats.
public func attentionX86AVX512(_ table: UnsafePointer<Float>, _ perChannel: Bool, _ logits: UnsafePointer<Int8>,
                                _ values: UnsafePointer<Int8>, _ length: Int, _ channels: Int, _ valueZeroPoint: Int32,
                                _ numerators: UnsafeMutablePointer<Float>, _ denominators: UnsafeMutablePointer<Float>) {
    let c = channels
    let zero = _mm512_cvtepi32_ps(_mm512_set1_epi32(valueZeroPoint))
    var scalarMax = Int32.min
    if !perChannel { for t in 0..<length { scalarMax = max(scalarMax, Int32(logits[t])) } }
    var j = 0
    while j < c {
        let count = min(16, c - j)
        let mask = __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1)
        @inline(__always) func load(_ p: UnsafePointer<Int8>) -> __m512i {
            _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(mask, UnsafeRawPointer(p)))
        }
        var numerator = _mm512_setzero_ps(), denominator = _mm512_setzero_ps()
        if perChannel {
            var m = _mm512_set1_epi32(Int32.min)
            for t in 0..<length { m = _mm512_max_epi32(m, load(logits + t * c + j)) }
            for t in 0..<length {
                // Masked-off lanes: m = max(MIN, 0) = 0, q = 0, index 0: harmless.
                let e = lookup256AVX512(table, _mm512_sub_epi32(m, load(logits + t * c + j)))
                numerator = _mm512_add_ps(numerator, _mm512_mul_ps(e, _mm512_sub_ps(_mm512_cvtepi32_ps(load(values + t * c + j)), zero)))
                denominator = _mm512_add_ps(denominator, e)
            }
        } else {
            for t in 0..<length {
                let e = _mm512_set1_ps(table[Int(scalarMax - Int32(logits[t]))])
                numerator = _mm512_add_ps(numerator, _mm512_mul_ps(e, _mm512_sub_ps(_mm512_cvtepi32_ps(load(values + t * c + j)), zero)))
                denominator = _mm512_add_ps(denominator, e)
            }
        }
        _mm512_mask_storeu_ps(numerators + j, mask, numerator)
        _mm512_mask_storeu_ps(denominators + j, mask, denominator)
        j += 16
    }
}
#endif
