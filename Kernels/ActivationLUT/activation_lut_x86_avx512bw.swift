// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 256-entry table activation with AVX-512BW, 64 values per step: `vpshufb`
/// per sixteen-entry slice, the slice chosen by a mask compare on the high
/// nibble and a masked byte move; masked loads and stores take the tail.
/// Shapes as the reference.
public func activationLUTX86AVX512BW(_ table: UnsafePointer<Int8>, _ x: UnsafePointer<Int8>, _ count: Int,
                                  _ out: UnsafeMutablePointer<Int8>) {
    let flip = _mm512_set1_epi8(-128)
    let nibble = _mm512_set1_epi8(0x0F)
    withUnsafeTemporaryAllocation(of: __m512i.self, capacity: 16) { slices in
        for h in 0..<16 {
            let slice = _mm_loadu_si128(UnsafeRawPointer(table + 16 * h).assumingMemoryBound(to: __m128i.self))
            slices[h] = _mm512_broadcast_i32x4(slice)
        }
        var i = 0
        while i < count {
            let n = min(64, count - i)
            let mask: __mmask64 = n == 64 ? ~0 : (UInt64(1) << UInt64(n)) &- 1
            let index = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, UnsafeRawPointer(x + i)), flip)
            let low = _mm512_and_si512(index, nibble)
            let high = _mm512_and_si512(_mm512_srli_epi16(index, 4), nibble)
            var result = _mm512_setzero_si512()
            for h in 0..<16 {
                let difference = _mm512_xor_si512(high, _mm512_set1_epi8(Int8(h)))
                let hit = _mm512_testn_epi8_mask(difference, difference)
                result = _mm512_mask_mov_epi8(result, hit, _mm512_shuffle_epi8(slices[h], low))
            }
            _mm512_mask_storeu_epi8(UnsafeMutableRawPointer(out + i), mask, result)
            i += 64
        }
    }
}
#endif
