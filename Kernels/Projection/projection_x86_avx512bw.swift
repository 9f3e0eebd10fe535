// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX-512BW row expansion for the projection: 64 features per two hash words.
///
/// The two words (16 bytes) are broadcast to the four 128-bit lanes, where
/// `vpshufb` copies byte j / 4 to byte j (lane L holds features 16L...16L+15,
/// bytes 4L...4L+3); an AND and an unsigned min with 1 turn each bit of a
/// byte's own 2-bit code into 0 or 1, and low - high is the feature (codes
/// 0 and 3 give 0). Whole blocks take a plain store (no mask registers in
/// the loop); a masked store writes the tail without touching bytes past F.
/// Shapes and contract as `ProjectionRowExpander`.
public func projectionX86AVX512BW(_ words: UnsafePointer<UInt64>, _ featureSize: Int,
                                     _ row: UnsafeMutablePointer<Int8>) {
    let spread = _mm512_set_epi64(0x0F0F_0F0F_0E0E_0E0E, 0x0D0D_0D0D_0C0C_0C0C,
                                  0x0B0B_0B0B_0A0A_0A0A, 0x0909_0909_0808_0808,
                                  0x0707_0707_0606_0606, 0x0505_0505_0404_0404,
                                  0x0303_0303_0202_0202, 0x0101_0101_0000_0000)
    let lowBit = _mm512_set1_epi32(0x4010_0401)                       // each byte's own code, low bit
    let highBit = _mm512_set1_epi32(Int32(bitPattern: 0x8020_0802))  // and high bit
    let ones = _mm512_set1_epi8(1)
    var k = 0
    var w = 0
    while k < featureSize {
        // The second word exists: there are 2 * ceil(F / 64) of them.
        let pair = _mm_loadu_si128(UnsafeRawPointer(words + w).assumingMemoryBound(to: __m128i.self))
        let spreadBytes = _mm512_shuffle_epi8(_mm512_broadcast_i32x4(pair), spread)
        // Each bit of the code as 0 or 1 (min with 1), then low - high: codes 0 and 3 give 0.
        let low = _mm512_min_epu8(_mm512_and_si512(spreadBytes, lowBit), ones)
        let high = _mm512_min_epu8(_mm512_and_si512(spreadBytes, highBit), ones)
        let v = _mm512_sub_epi8(low, high)
        let remaining = featureSize - k
        if remaining >= 64 {
            _mm512_storeu_si512(UnsafeMutableRawPointer(row + k), v)
        } else {
            _mm512_mask_storeu_epi8(UnsafeMutableRawPointer(row + k), (UInt64(1) << UInt64(remaining)) &- 1, v)
        }
        k += 64
        w += 2
    }
}
#endif
