// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 16 channels of the contract's requantization in one ZMM register, to 16
/// int8. AVX-512 has the 64-bit abs, variable shifts, min and a masked
/// subtract, and `vpmovdb` narrows after the clamp, so no saturation tricks.
@inline(__always)
func requantize16AVX512(_ acc: __m512i, _ mult: __m512i, _ shift: __m512i, _ zero: __m512i,
                        _ lo: __m512i, _ hi: __m512i) -> __m128i {
    let one = _mm512_set1_epi64(1)
    let limit = _mm512_set1_epi64(65535)
    @inline(__always) func half(_ p: __m512i, _ r: __m512i) -> __m512i {
        let negative = _mm512_movepi64_mask(p)
        let rounding = _mm512_sllv_epi64(one, _mm512_sub_epi64(r, one))
        let q = _mm512_min_epi64(_mm512_srlv_epi64(_mm512_add_epi64(_mm512_abs_epi64(p), rounding), r), limit)
        return _mm512_mask_sub_epi64(q, negative, _mm512_setzero_si512(), q)
    }
    let even = half(_mm512_mul_epi32(acc, mult), _mm512_and_si512(shift, _mm512_set1_epi64(0xFFFF_FFFF)))
    let odd = half(_mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_srli_epi64(mult, 32)), _mm512_srli_epi64(shift, 32))
    let q = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32))
    let y = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(q, zero), lo), hi)
    return _mm512_cvtepi32_epi8(y)
}

/// Bytes `prepareRequantizationAVX512` writes per group of 16 channels.
let preparedRequantizationBytes = 9 * 64

/// The requantization of `groups` groups of 16 channels, prepared once per
/// channel block for `requantizeStore16AVX512`: per group, the multipliers
/// of the even and odd lanes, the rounding halves 2^(r - 1) and the shifts r
/// as 64-bit lanes (even, odd), then the zero points, lower and upper bounds.
/// Returns whether one of the first `valid` channels shifts by less than 32
/// (its magnitude needs the cap of `requantizeStore16AVX512`).
@inline(__always)
func prepareRequantizationAVX512(_ p: UnsafeMutableRawPointer, _ groups: Int, _ mult: UnsafePointer<Int32>,
                                 _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                 _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, valid: Int) -> Bool {
    let one = _mm512_set1_epi64(1)
    for g in 0..<groups {
        let c = 16 * g, q = p + g * preparedRequantizationBytes
        let m = _mm512_loadu_si512(mult + c), s = _mm512_loadu_si512(shift + c)
        let even = _mm512_and_si512(s, _mm512_set1_epi64(0xFFFF_FFFF)), odd = _mm512_srli_epi64(s, 32)
        _mm512_storeu_si512(q, m)
        _mm512_storeu_si512(q + 64, _mm512_srli_epi64(m, 32))
        _mm512_storeu_si512(q + 128, _mm512_sllv_epi64(one, _mm512_sub_epi64(even, one)))
        _mm512_storeu_si512(q + 192, _mm512_sllv_epi64(one, _mm512_sub_epi64(odd, one)))
        _mm512_storeu_si512(q + 256, even)
        _mm512_storeu_si512(q + 320, odd)
        _mm512_storeu_si512(q + 384, _mm512_loadu_si512(zero + c))
        _mm512_storeu_si512(q + 448, _mm512_loadu_si512(lo + c))
        _mm512_storeu_si512(q + 512, _mm512_loadu_si512(hi + c))
    }
    var capped = false
    for c in 0..<min(valid, 16 * groups) where shift[c] < 32 { capped = true }
    return capped
}

/// 16 accumulators requantized with prepared constants (`p`, one group of
/// `prepareRequantizationAVX512`) and stored as the first `count` (none if <= 0) of
/// 16 int8. Rounds |acc| * m (unsigned, exact: |INT32_MIN| = 2^31 fits)
/// half up and restores the sign, which is the contract's half away from
/// zero; the magnitude is capped at 65535 before it narrows to 32 bits
/// (zero point and bounds are within int8, so the cap changes nothing).
/// `capped: false` skips the cap, exact when every stored channel shifts by
/// 32 or more: then |q| <= (2^31 (2^31 - 1) + 2^31) >> 32 = 2^30, so q and
/// q + zero fit in 32 bits (what `prepareRequantizationAVX512` returns).
@inline(__always)
func requantizeStore16AVX512(_ acc: __m512i, _ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Int8>, _ count: Int,
                             _ capped: Bool = true) {
    guard count > 0 else { return }
    let limit = _mm512_set1_epi64(65535)
    let a = _mm512_abs_epi32(acc)
    let negative = _mm512_movepi32_mask(acc)
    let even = _mm512_mul_epu32(a, _mm512_loadu_si512(p))
    let odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), _mm512_loadu_si512(p + 64))
    var qe = _mm512_srlv_epi64(_mm512_add_epi64(even, _mm512_loadu_si512(p + 128)), _mm512_loadu_si512(p + 256))
    var qo = _mm512_srlv_epi64(_mm512_add_epi64(odd, _mm512_loadu_si512(p + 192)), _mm512_loadu_si512(p + 320))
    if capped {
        qe = _mm512_min_epu64(qe, limit)
        qo = _mm512_min_epu64(qo, limit)
    }
    let q = _mm512_mask_blend_epi32(0xAAAA, qe, _mm512_slli_epi64(qo, 32))
    let signed = _mm512_mask_sub_epi32(q, negative, _mm512_setzero_si512(), q)
    let y = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(signed, _mm512_loadu_si512(p + 384)), _mm512_loadu_si512(p + 448)),
                             _mm512_loadu_si512(p + 512))
    let v = _mm512_cvtepi32_epi8(y)
    if count >= 16 {
        UnsafeMutableRawPointer(out).storeBytes(of: v, as: __m128i.self)
    } else {
        _mm_mask_storeu_epi8(UnsafeMutableRawPointer(out), __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1), v)
    }
}

@inline(__always) func load512(_ p: UnsafeRawPointer, _ mask: __mmask16) -> __m512i {
    _mm512_maskz_loadu_epi32(mask, p)
}

/// Requantizes one row of `channels` accumulators; masked loads and stores
/// handle a tail under 16 without touching memory past it.
@inline(__always)
func requantizeRowAVX512(_ a: UnsafePointer<Int32>, _ channels: Int,
                         _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                         _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    var n = 0
    while n < channels {
        let count = min(16, channels - n)
        let mask = __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1)
        // Masked-off lanes read as 0: shift 0 would make a 1 << -1; give them shift 1.
        let s = _mm512_mask_blend_epi32(mask, _mm512_set1_epi32(1), load512(shift + n, mask))
        let v = requantize16AVX512(load512(a + n, mask), load512(mult + n, mask), s, load512(zero + n, mask),
                                   load512(lo + n, mask), load512(hi + n, mask))
        _mm_mask_storeu_epi8(UnsafeMutableRawPointer(out + n), mask, v)
        n += 16
    }
}

/// AVX-512 requantization of `[T, N]` int32 to int8; contract and shapes as
/// `requantizeScalarRef`.
public func requantizeX86AVX512(_ acc: UnsafePointer<Int32>, _ rows: Int, _ channels: Int,
                             _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                             _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    for t in 0..<rows {
        requantizeRowAVX512(acc + t * channels, channels, mult, shift, zero, lo, hi, out + t * channels)
    }
}
#endif
