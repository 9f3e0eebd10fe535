// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 16 channels of the contract's requantization in one ZMM register, to 16
/// int8, with the constants of one `PreparedRequantization16` group.
///
/// Signed, so no absolute value, sign mask or masked negate (each of those
/// takes a cycle from a `vpdpbusd` stream on Zen 4, where this runs inside
/// the dense loop; Results/kernels/requantize/vnni-contention-probe.c):
/// - acc is first clamped to [-L, L], L = 2^(r - 22) (at least 1; no clamp
///   for r > 52): with m >= 2^30 a clamped |acc| >= L still gives |q| >= 256,
///   which the int8 clamp saturates the same way, and |q| < 2^9 below L, so
///   q fits 32 bits for every r (`vpminsd` / `vpmaxsd` are free there).
/// - p = acc * m exactly (`vpmuldq`, even and odd lanes apart);
/// - q = (p + 2^(r - 1) - [p < 0]) >> r (arithmetic): half away from zero,
///   the contract's one rounding, with no compare (the sign is `p >> 63`);
/// - y = clamp(q + zero, lo, hi), narrowed by `vpmovdb`.
@inline(__always)
func requantize16AVX512(_ acc: __m512i, _ c: PreparedRequantization16) -> __m128i {
    let a = _mm512_min_epi32(_mm512_max_epi32(acc, c.negBound), c.bound)
    @inline(__always) func half(_ p: __m512i, _ rounding: __m512i, _ r: __m512i) -> __m512i {
        _mm512_srav_epi64(_mm512_add_epi64(_mm512_add_epi64(p, rounding), _mm512_srai_epi64(p, 63)), r)
    }
    let even = half(_mm512_mul_epi32(a, c.multEven), c.roundingEven, c.shiftEven)
    let odd = half(_mm512_mul_epi32(_mm512_srli_epi64(a, 32), c.multOdd), c.roundingOdd, c.shiftOdd)
    // The odd lanes' low halves into the odd 32-bit slots.
    let q = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32))
    let y = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(q, c.zero), c.lo), c.hi)
    return _mm512_cvtepi32_epi8(y)
}

/// The constants of `requantize16AVX512` for 16 channels: the clamp bound L
/// (and -L), the multipliers of the even and odd lanes, the rounding halves
/// 2^(r - 1) and the shifts r as 64-bit lanes, the zero points and bounds.
struct PreparedRequantization16 {
    var bound, negBound, multEven, multOdd, roundingEven, roundingOdd, shift, shiftEven, shiftOdd, zero, lo, hi: __m512i

    /// From 16 channels' parameters; a lane with shift 0 (masked off) gives
    /// a harmless 0 rounding and a shift of 0.
    @inline(__always)
    init(mult m: __m512i, shift s: __m512i, zero: __m512i, lo: __m512i, hi: __m512i) {
        // L = 2^max(r - 22, 0), or INT32_MAX where r > 52 (where 2^(r - 22) would not fit).
        let exponent = _mm512_min_epi32(_mm512_max_epi32(_mm512_sub_epi32(s, _mm512_set1_epi32(22)), _mm512_setzero_si512()),
                                        _mm512_set1_epi32(30))
        let wide = _mm512_movepi32_mask(_mm512_sub_epi32(_mm512_set1_epi32(52), s))   // r > 52
        let bound = _mm512_mask_blend_epi32(wide, _mm512_sllv_epi32(_mm512_set1_epi32(1), exponent), _mm512_set1_epi32(Int32.max))
        self.init(bound: bound, mult: m, shift: s, zero: zero, lo: lo, hi: hi)
    }

    /// The rest from L, m and r, by instructions that take no cycles from
    /// `vpdpbusd` on Zen 4 (so only these six vectors are stored).
    @inline(__always)
    init(bound: __m512i, mult m: __m512i, shift s: __m512i, zero: __m512i, lo: __m512i, hi: __m512i) {
        let one64 = _mm512_set1_epi64(1)
        self.bound = bound
        negBound = _mm512_sub_epi32(_mm512_setzero_si512(), bound)
        multEven = m
        multOdd = _mm512_srli_epi64(m, 32)
        shift = s
        shiftEven = _mm512_and_si512(s, _mm512_set1_epi64(0xFFFF_FFFF))
        shiftOdd = _mm512_srli_epi64(s, 32)
        // A shift count of -1 (r = 0) shifts everything out: rounding 0.
        roundingEven = _mm512_sllv_epi64(one64, _mm512_sub_epi64(shiftEven, one64))
        roundingOdd = _mm512_sllv_epi64(one64, _mm512_sub_epi64(shiftOdd, one64))
        self.zero = zero
        self.lo = lo
        self.hi = hi
    }

    /// Bytes one group takes stored (`store(to:)`, `init(loading:)`): L, m, r, zero point, bounds.
    static let bytes = 6 * 64

    @inline(__always) func store(to p: UnsafeMutableRawPointer) {
        @inline(__always) func put(_ i: Int, _ v: __m512i) { _mm512_storeu_si512(p + 64 * i, v) }
        put(0, bound); put(1, multEven); put(2, shift); put(3, zero); put(4, lo); put(5, hi)
    }

    @inline(__always) init(loading p: UnsafeRawPointer) {
        @inline(__always) func at(_ i: Int) -> __m512i { _mm512_loadu_si512(p + 64 * i) }
        self.init(bound: at(0), mult: at(1), shift: at(2), zero: at(3), lo: at(4), hi: at(5))
    }
}

/// Bytes `prepareRequantizationAVX512` writes per group of 16 channels.
let preparedRequantizationBytes = PreparedRequantization16.bytes

/// The requantization of `groups` groups of 16 channels for
/// `requantizeStore16AVX512` (`PreparedRequantization16`'s stored six
/// vectors each, one group after the other); the dense kernel's packer
/// runs it once per layer.
@inline(__always)
func prepareRequantizationAVX512(_ p: UnsafeMutableRawPointer, _ groups: Int, _ mult: UnsafePointer<Int32>,
                                 _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                 _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
    for g in 0..<groups {
        let c = 16 * g
        PreparedRequantization16(mult: _mm512_loadu_si512(mult + c), shift: _mm512_loadu_si512(shift + c),
                                 zero: _mm512_loadu_si512(zero + c), lo: _mm512_loadu_si512(lo + c), hi: _mm512_loadu_si512(hi + c))
            .store(to: p + g * preparedRequantizationBytes)
    }
}

/// 16 accumulators requantized with prepared constants (`p`, one group of
/// `prepareRequantizationAVX512`) and stored as the first `count` (none if
/// <= 0) of 16 int8.
@inline(__always)
func requantizeStore16AVX512(_ acc: __m512i, _ p: UnsafeRawPointer, _ out: UnsafeMutablePointer<Int8>, _ count: Int) {
    guard count > 0 else { return }
    let v = requantize16AVX512(acc, PreparedRequantization16(loading: p))
    if count >= 16 {
        UnsafeMutableRawPointer(out).storeBytes(of: v, as: __m128i.self)
    } else {
        _mm_mask_storeu_epi8(UnsafeMutableRawPointer(out), __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1), v)
    }
}

@inline(__always) func load512(_ p: UnsafeRawPointer, _ mask: __mmask16) -> __m512i {
    _mm512_maskz_loadu_epi32(mask, p)
}

/// AVX-512 requantization of `[T, N]` int32 to int8; contract and shapes as
/// `requantizeScalarRef`. Channel groups of 16 outside, rows inside, so a
/// group's constants are prepared once per call; masked loads and stores
/// handle a tail under 16 without touching memory past it.
public func requantizeX86AVX512(_ acc: UnsafePointer<Int32>, _ rows: Int, _ channels: Int,
                             _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                             _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    var n = 0
    while n < channels {
        let count = min(16, channels - n)
        let mask = __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1)
        let c = PreparedRequantization16(mult: load512(mult + n, mask), shift: load512(shift + n, mask),
                                         zero: load512(zero + n, mask), lo: load512(lo + n, mask), hi: load512(hi + n, mask))
        for t in 0..<rows {
            let v = requantize16AVX512(load512(acc + t * channels + n, mask), c)
            _mm_mask_storeu_epi8(UnsafeMutableRawPointer(out + t * channels + n), mask, v)
        }
        n += 16
    }
}
#endif
