// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX-512BW row expansion for the projection: 64 features per two hash words.
///
/// `pext` gathers the low and the high bit of every 2-bit code into two
/// 32-bit masks; code 1 (low only) becomes +1 and code 2 (high only) -1
/// through masked byte moves, and a masked store writes the tail without
/// touching bytes past F. Shapes and contract as `ProjectionRowExpander`.
public func projectionX86AVX512BW(_ words: UnsafePointer<UInt64>, _ featureSize: Int,
                                     _ row: UnsafeMutablePointer<Int8>) {
    let ones = _mm512_set1_epi8(1)
    let minusOnes = _mm512_set1_epi8(-1)
    @inline(__always) func masks(_ w: UInt64) -> (plus: UInt64, minus: UInt64) {
        let low = _pext_u64(w, 0x5555_5555_5555_5555)
        let high = _pext_u64(w, 0xAAAA_AAAA_AAAA_AAAA)
        return (low & ~high, high & ~low)
    }
    var k = 0
    var w = 0
    while k < featureSize {
        let a = masks(words[w])
        // The second word exists: there are 2 * ceil(F / 64) of them.
        let b = masks(words[w + 1])
        let plus = a.plus | (b.plus << 32)
        let minus = a.minus | (b.minus << 32)
        let v = _mm512_mask_mov_epi8(_mm512_maskz_mov_epi8(plus, ones), minus, minusOnes)
        let remaining = featureSize - k
        let store: UInt64 = remaining >= 64 ? ~0 : (UInt64(1) << UInt64(remaining)) &- 1
        _mm512_mask_storeu_epi8(UnsafeMutableRawPointer(row + k), store, v)
        k += 64
        w += 2
    }
}
#endif
