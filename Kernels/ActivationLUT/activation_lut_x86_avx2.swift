// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 256-entry table activation with AVX2, 32 values per step: `vpshufb` looks
/// up the low nibble in each of the 16 sixteen-entry slices, and a compare on
/// the high nibble picks the slice (`vpblendvb`). Shapes as the reference:
/// `table` 256 int8 indexed by q + 128, `x` and `out` `[count]`.
public func activationLUTX86AVX2(_ table: UnsafePointer<Int8>, _ x: UnsafePointer<Int8>, _ count: Int,
                              _ out: UnsafeMutablePointer<Int8>) {
    let flip = _mm256_set1_epi8(-128)
    let nibble = _mm256_set1_epi8(0x0F)
    withUnsafeTemporaryAllocation(of: __m256i.self, capacity: 16) { s in
        for h in 0..<16 {
            let slice = _mm_loadu_si128(UnsafeRawPointer(table + 16 * h).assumingMemoryBound(to: __m128i.self))
            s[h] = _mm256_broadcastsi128_si256(slice)
        }
        var i = 0
        while i + 32 <= count {
            let index = _mm256_xor_si256(_mm256_loadu_si256(UnsafeRawPointer(x + i).assumingMemoryBound(to: __m256i.self)), flip)
            let low = _mm256_and_si256(index, nibble)
            let high = _mm256_and_si256(_mm256_srli_epi16(index, 4), nibble)
            var result = _mm256_setzero_si256()
            for h in 0..<16 {
                let hit = _mm256_cmpeq_epi8(high, _mm256_set1_epi8(Int8(h)))
                result = _mm256_blendv_epi8(result, _mm256_shuffle_epi8(s[h], low), hit)
            }
            _mm256_storeu_si256(UnsafeMutableRawPointer(out + i).assumingMemoryBound(to: __m256i.self), result)
            i += 32
        }
        while i < count {
            out[i] = table[Int(x[i]) + 128]
            i += 1
        }
    }
}
#endif
