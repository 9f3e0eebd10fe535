// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 32 lookups in a 256-entry int16 table: four 64-entry `vpermi2w` lookups on
/// the low 6 index bits, two levels of masked blends on bits 6 and 7.
@inline(__always)
func lookup256Int16AVX512(_ table: UnsafePointer<Int16>, _ index: __m512i) -> __m512i {
    @inline(__always) func part(_ i: Int) -> __m512i {
        _mm512_permutex2var_epi16(_mm512_loadu_si512(table + 64 * i), index, _mm512_loadu_si512(table + 64 * i + 32))
    }
    let b6 = _mm512_test_epi16_mask(index, _mm512_set1_epi16(64))
    let b7 = _mm512_test_epi16_mask(index, _mm512_set1_epi16(128))
    return _mm512_mask_blend_epi16(b7, _mm512_mask_blend_epi16(b6, part(0), part(1)),
                                   _mm512_mask_blend_epi16(b6, part(2), part(3)))
}

/// QRNN fo-pooling in 16-bit fixed point, 32 channels per ZMM: the state c
/// in Q14, z in Q14, 1 - f and o in Q15, all from exact 256-entry int16
/// tables; `c += mulhrs(1 - f, z - c)` (the same update as f c + (1 - f) z,
/// with one rounding), `h = mulhrs(o, c)`, and h to int8 by a `vpmulhrsw`
/// with `multiplier` and a rounding shift. Twice the lanes of the float
/// state and one instruction per product; its error against the float
/// reference is measured by the tests (Kernels/README.md).
///
/// - Parameters:
///   - tables: z (Q14), 1 - f (Q15), o (Q15), 256 int16 each (index q + 128).
///   - gates: `[T, 3S]` int8; out `[T, S]` int8; `state`: S int16 of scratch.
public func qrnnPoolQ14X86AVX512(_ tables: UnsafePointer<Int16>, _ multiplier: Int16, _ shift: Int, _ zeroPoint: Int32,
                              _ channels: Int, _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                              _ state: UnsafeMutablePointer<Int16>, _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    state.update(repeating: 0, count: s)
    let bias = _mm512_set1_epi16(128)
    let k = _mm512_set1_epi16(multiplier)
    let rounding = _mm512_set1_epi16(shift > 0 ? Int16(1) << Int16(shift - 1) : 0)
    let zero = _mm512_set1_epi16(Int16(truncatingIfNeeded: zeroPoint))
    forEachPoolStepAVX512(rows: rows, length: length, backward: backward, channels: s, zeroPoint: zeroPoint,
                          gates: gates, out: out) { g, o in
        var j = 0
        while j < s {
            let count = min(32, s - j)
            let mask = __mmask32(truncatingIfNeeded: count == 32 ? ~UInt64(0) : (UInt64(1) << UInt64(count)) &- 1)
            @inline(__always) func index(_ offset: Int) -> __m512i {
                _mm512_add_epi16(_mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(mask, g + offset + j)), bias)
            }
            let z = lookup256Int16AVX512(tables, index(0))
            let gate = lookup256Int16AVX512(tables + 256, index(s))
            let og = lookup256Int16AVX512(tables + 512, index(2 * s))
            var c = _mm512_maskz_loadu_epi16(mask, state + j)
            c = _mm512_add_epi16(c, _mm512_mulhrs_epi16(gate, _mm512_subs_epi16(z, c)))
            _mm512_mask_storeu_epi16(state + j, mask, c)
            let h = _mm512_mulhrs_epi16(og, c)
            var q = _mm512_mulhrs_epi16(h, k)
            q = _mm512_srai_epi16(_mm512_adds_epi16(q, rounding), UInt32(shift))
            q = _mm512_adds_epi16(q, zero)
            _mm256_mask_storeu_epi8(UnsafeMutableRawPointer(o + j), mask, _mm512_cvtsepi16_epi8(q))
            j += 32
        }
    }
}
#endif
