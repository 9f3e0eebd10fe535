// Built with -target-cpu cascadelake plus AVX-512 VBMI: call only after
// KernelDispatch allows .avx512vnni and ISAExtension.avx512vbmi is supported.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel
import TernKernelsAVX512

/// Attention-pooling sums with AVX-512 VBMI byte planes: 64 channels a step,
/// the same float sums as `attentionX86AVX512` (t in order, mul then add).
///
/// The per-channel form looks up exp(-s (max - q)) for every logit. The
/// AVX-512 kernel does that 16 lanes at a time from the 256-float table: 8
/// `vpermi2ps` over 16 table vectors and 7 blends per 16 channels, and the
/// table reloaded from L1 each step (Zen 4 loads one zmm a cycle). Here the
/// table is split once per call into its 4 byte planes (256 bytes each, 4
/// zmm): a step looks up one byte of each of 64 channels' floats with 2
/// `vpermi2b` and a blend on the index's top bit per plane (12 operations
/// for 64 channels), and 8 unpacks put the 4 bytes back together as 4
/// float vectors. The unpacks interleave within 128-bit lanes; the logits
/// are permuted first (`vpermb`) so the floats come out in channel order.
/// The scalar-logit form (one lookup a step) is `attentionX86AVX512`'s.
///
/// - Parameters: as `attentionX86AVX512`: logits `[T, C]` (per channel) or
///   `[T]` (scalar logit), values `[T, C]`, `table` 256 floats; writes the
///   numerators and denominators `[C]`.
public func attentionX86AVX512VBMI(_ table: UnsafePointer<Float>, _ perChannel: Bool, _ logits: UnsafePointer<Int8>,
                                    _ values: UnsafePointer<Int8>, _ length: Int, _ channels: Int, _ valueZeroPoint: Int32,
                                    _ numerators: UnsafeMutablePointer<Float>, _ denominators: UnsafeMutablePointer<Float>) {
    guard perChannel else {
        return attentionX86AVX512(table, false, logits, values, length, channels, valueZeroPoint, numerators, denominators)
    }
    let c = channels
    let raw = UnsafeRawPointer(table)
    // Byte plane p, quarter q: byte p of table[64 q ..< 64 q + 64]. Each
    // vpermt2b gathers 32 of them from a pair of table vectors.
    @inline(__always) func quarter(_ p: Int, _ q: Int) -> __m512i {
        let index = _mm512_add_epi8(planeGather, _mm512_set1_epi8(Int8(p)))
        let low = _mm512_permutex2var_epi8(_mm512_loadu_si512(raw + 256 * q), index, _mm512_loadu_si512(raw + 256 * q + 64))
        let high = _mm512_permutex2var_epi8(_mm512_loadu_si512(raw + 256 * q + 128), index,
                                            _mm512_loadu_si512(raw + 256 * q + 192))
        return _mm512_mask_blend_epi8(0xFFFF_FFFF_0000_0000, low, high)
    }
    let p0 = (quarter(0, 0), quarter(0, 1), quarter(0, 2), quarter(0, 3))
    let p1 = (quarter(1, 0), quarter(1, 1), quarter(1, 2), quarter(1, 3))
    let p2 = (quarter(2, 0), quarter(2, 1), quarter(2, 2), quarter(2, 3))
    let p3 = (quarter(3, 0), quarter(3, 1), quarter(3, 2), quarter(3, 3))
    // One byte of each of 64 table entries: bits 0-6 of the index pick within
    // each half of the plane, bit 7 picks the half.
    @inline(__always) func look(_ plane: (__m512i, __m512i, __m512i, __m512i), _ d: __m512i, _ top: __mmask64) -> __m512i {
        _mm512_mask_blend_epi8(top, _mm512_permutex2var_epi8(plane.0, d, plane.1), _mm512_permutex2var_epi8(plane.2, d, plane.3))
    }
    let zero = _mm512_cvtepi32_ps(_mm512_set1_epi32(valueZeroPoint))
    var j = 0
    while j < c {
        let count = min(64, c - j)
        let mask: __mmask64 = count == 64 ? ~0 : (UInt64(1) << UInt64(count)) &- 1
        @inline(__always) func groupMask(_ g: Int) -> __mmask16 { __mmask16(truncatingIfNeeded: mask >> UInt64(16 * g)) }
        @inline(__always) func value(_ t: Int, _ g: Int) -> __m512 {
            let v = _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(groupMask(g), UnsafeRawPointer(values + t * c + j + 16 * g)))
            return _mm512_sub_ps(_mm512_cvtepi32_ps(v), zero)
        }
        // Masked-off lanes: logits 0, so max 0 and index 0: harmless, not stored.
        var m = _mm512_set1_epi8(-128)
        for t in 0..<length { m = _mm512_max_epi8(m, _mm512_maskz_loadu_epi8(mask, UnsafeRawPointer(logits + t * c + j))) }
        let mp = _mm512_permutexvar_epi8(laneOrder, m)
        var n0 = _mm512_setzero_ps(), n1 = n0, n2 = n0, n3 = n0
        var d0 = n0, d1 = n0, d2 = n0, d3 = n0
        for t in 0..<length {
            let l = _mm512_permutexvar_epi8(laneOrder, _mm512_maskz_loadu_epi8(mask, UnsafeRawPointer(logits + t * c + j)))
            let d = _mm512_sub_epi8(mp, l)   // max - q, 0...255 as unsigned bytes
            let top = _mm512_movepi8_mask(d)
            let b0 = look(p0, d, top), b1 = look(p1, d, top), b2 = look(p2, d, top), b3 = look(p3, d, top)
            let w0 = _mm512_unpacklo_epi8(b0, b1), w1 = _mm512_unpackhi_epi8(b0, b1)
            let x0 = _mm512_unpacklo_epi8(b2, b3), x1 = _mm512_unpackhi_epi8(b2, b3)
            let e0 = _mm512_castsi512_ps(_mm512_unpacklo_epi16(w0, x0)), e1 = _mm512_castsi512_ps(_mm512_unpackhi_epi16(w0, x0))
            let e2 = _mm512_castsi512_ps(_mm512_unpacklo_epi16(w1, x1)), e3 = _mm512_castsi512_ps(_mm512_unpackhi_epi16(w1, x1))
            n0 = _mm512_add_ps(n0, _mm512_mul_ps(e0, value(t, 0))); d0 = _mm512_add_ps(d0, e0)
            n1 = _mm512_add_ps(n1, _mm512_mul_ps(e1, value(t, 1))); d1 = _mm512_add_ps(d1, e1)
            n2 = _mm512_add_ps(n2, _mm512_mul_ps(e2, value(t, 2))); d2 = _mm512_add_ps(d2, e2)
            n3 = _mm512_add_ps(n3, _mm512_mul_ps(e3, value(t, 3))); d3 = _mm512_add_ps(d3, e3)
        }
        _mm512_mask_storeu_ps(numerators + j, groupMask(0), n0); _mm512_mask_storeu_ps(denominators + j, groupMask(0), d0)
        _mm512_mask_storeu_ps(numerators + j + 16, groupMask(1), n1); _mm512_mask_storeu_ps(denominators + j + 16, groupMask(1), d1)
        _mm512_mask_storeu_ps(numerators + j + 32, groupMask(2), n2); _mm512_mask_storeu_ps(denominators + j + 32, groupMask(2), d2)
        _mm512_mask_storeu_ps(numerators + j + 48, groupMask(3), n3); _mm512_mask_storeu_ps(denominators + j + 48, groupMask(3), d3)
        j += 64
    }
}

/// Byte 4 (i mod 32) of a pair of table vectors: byte 0 of 32 floats (add
/// p for byte p).
private var planeGather: __m512i {
    _mm512_set_epi8(124, 120, 116, 112, 108, 104, 100, 96, 92, 88, 84, 80, 76, 72, 68, 64,
                    60, 56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0,
                    124, 120, 116, 112, 108, 104, 100, 96, 92, 88, 84, 80, 76, 72, 68, 64,
                    60, 56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0)
}

/// Position 16 k + 4 g + i takes channel 16 g + 4 k + i (k the 128-bit lane,
/// g, i in 0..<4): after the byte and word unpacks, float vector g holds
/// channels 16 g ..< 16 g + 16 in order.
private var laneOrder: __m512i {
    _mm512_set_epi8(63, 62, 61, 60, 47, 46, 45, 44, 31, 30, 29, 28, 15, 14, 13, 12,
                    59, 58, 57, 56, 43, 42, 41, 40, 27, 26, 25, 24, 11, 10, 9, 8,
                    55, 54, 53, 52, 39, 38, 37, 36, 23, 22, 21, 20, 7, 6, 5, 4,
                    51, 50, 49, 48, 35, 34, 33, 32, 19, 18, 17, 16, 3, 2, 1, 0)
}
#endif
