// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX2 row expansion for the projection: 32 features per 64-bit hash word.
///
/// The word is broadcast, `vpshufb` copies byte j/4 to lane j, an AND keeps
/// lane j's 2-bit code in place, and two compares turn code 1 into 0x01 and
/// code 2 into 0xFF (-1). Shapes and contract as `ProjectionRowExpander`.
public func projectionX86AVX2(_ words: UnsafePointer<UInt64>, _ featureSize: Int,
                                 _ row: UnsafeMutablePointer<Int8>) {
    let spread = _mm256_setr_epi8(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                  4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7)
    let pairMask = _mm256_set1_epi32(Int32(bitPattern: 0xC030_0C03))  // 0x03, 0x0C, 0x30, 0xC0 per byte
    let plusCode = _mm256_set1_epi32(0x4010_0401)                       // code 1 at each position
    let minusCode = _mm256_set1_epi32(Int32(bitPattern: 0x8020_0802))  // code 2 at each position
    let one = _mm256_set1_epi8(1)
    let full = featureSize >> 5
    for w in 0..<full {
        let v = _mm256_shuffle_epi8(_mm256_set1_epi64x(Int64(bitPattern: words[w])), spread)
        let codes = _mm256_and_si256(v, pairMask)
        let plus = _mm256_and_si256(_mm256_cmpeq_epi8(codes, plusCode), one)
        let minus = _mm256_cmpeq_epi8(codes, minusCode)
        _mm256_storeu_si256(UnsafeMutableRawPointer(row + 32 * w).assumingMemoryBound(to: __m256i.self),
                            _mm256_or_si256(plus, minus))
    }
    var k = full << 5
    while k < featureSize {
        let code = (words[k >> 5] >> UInt64(2 * (k & 31))) & 3
        row[k] = code == 1 ? 1 : (code == 2 ? -1 : 0)
        k += 1
    }
}
#endif
