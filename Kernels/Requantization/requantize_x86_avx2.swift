// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

@inline(__always) func load256(_ p: UnsafeRawPointer) -> __m256i {
    _mm256_loadu_si256(p.assumingMemoryBound(to: __m256i.self))
}

/// 8 channels of the contract's requantization in AVX2 registers; the result
/// is 8 int32 lanes already clamped to their channel's [lo, hi].
///
/// `vpmuldq` multiplies the even lanes (and, after a 32-bit shift, the odd
/// ones) into exact 64-bit products; AVX2 has no 64-bit abs, arithmetic shift
/// or min/max, so the sign is split off with `vpcmpgtq` and restored after a
/// logical `vpsrlvq`.
@inline(__always)
func requantize8AVX2(_ acc: __m256i, _ mult: __m256i, _ shift: __m256i, _ zero: __m256i,
                     _ lo: __m256i, _ hi: __m256i) -> __m256i {
    let one = _mm256_set1_epi64x(1)
    let zero64 = _mm256_setzero_si256()
    let limit = _mm256_set1_epi64x(65535)
    @inline(__always) func half(_ p: __m256i, _ r: __m256i) -> __m256i {
        let sign = _mm256_cmpgt_epi64(zero64, p)
        let magnitude = _mm256_sub_epi64(_mm256_xor_si256(p, sign), sign)
        let rounding = _mm256_sllv_epi64(one, _mm256_sub_epi64(r, one))
        var q = _mm256_srlv_epi64(_mm256_add_epi64(magnitude, rounding), r)
        // |q| <= 65535 keeps the low 32 bits exact for the int32 steps below.
        q = _mm256_blendv_epi8(q, limit, _mm256_cmpgt_epi64(q, limit))
        return _mm256_sub_epi64(_mm256_xor_si256(q, sign), sign)
    }
    let shiftMask = _mm256_set1_epi64x(0xFFFF_FFFF)
    let even = half(_mm256_mul_epi32(acc, mult), _mm256_and_si256(shift, shiftMask))
    let odd = half(_mm256_mul_epi32(_mm256_srli_epi64(acc, 32), _mm256_srli_epi64(mult, 32)), _mm256_srli_epi64(shift, 32))
    let q = _mm256_or_si256(_mm256_and_si256(even, shiftMask), _mm256_slli_epi64(odd, 32))
    return _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(q, zero), lo), hi)
}

/// 16 int32 lanes (two registers), each already in -128...127, to 16 int8 in order.
@inline(__always)
func narrow16AVX2(_ a: __m256i, _ b: __m256i) -> __m128i {
    let words = _mm256_packs_epi32(a, b)                  // a0-3 b0-3 | a4-7 b4-7
    let bytes = _mm256_packs_epi16(words, words)          // a0-3 b0-3 a0-3 b0-3 | a4-7 b4-7 ...
    let ordered = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 0, 4, 1, 5))
    return _mm256_castsi256_si128(ordered)
}

/// The requantization of 16 channels for every row of a tile: the dense
/// kernels' epilogue. Built once per 16-channel block, it stores one row at
/// a time (`store`).
///
/// When every shift of the layer is at least 32 (`largeShifts`: M < 1/2;
/// the shipped models' largest M is 0.137), the rounding needs no sign
/// split: with |p| < 2^62, v = p + 2^62 + 2^(r-1) - [p < 0] is non-negative, and
/// v >> r (logical) = round_half_away(p / 2^r) + 2^(62-r) exactly, since
/// 2^62 is a multiple of 2^r. |q| < 2^30, so the low 32 bits are exact and
/// the 2^(62-r) comes off together with the zero point's add. Per 8
/// channels a row then costs 17 instructions instead of about 34; what
/// depends only on the channel (the odd lanes' multipliers and shifts,
/// 2^62 + 2^(r-1), z - 2^(62-r)) is prepared once per tile. Smaller shifts
/// take `requantizeStore16AVX2`.
struct RequantizeTile16AVX2 {
    let largeShifts: Bool
    let channel: Int
    let mult: UnsafePointer<Int32>, shift: UnsafePointer<Int32>, zero: UnsafePointer<Int32>
    let lo: UnsafePointer<Int32>, hi: UnsafePointer<Int32>
    /// Per half (channels c ..< c + 8, c + 8 ..< c + 16); zeros when the
    /// shifts are small. Not an optional: `(Prepared, Prepared)?` left the
    /// registers for memory and made the dense kernels 12-25 % slower (A/B
    /// gate, AMD EPYC family 25 model 1).
    var halves: (Prepared, Prepared)

    struct Prepared {
        var mult, multOdd, shiftEven, shiftOdd, biasEven, biasOdd, zeroMinusOffset, lo, hi: __m256i
    }

    /// True when every one of the first `n` shifts is at least 32.
    @inline(__always)
    static func shiftsAreLarge(_ shift: UnsafePointer<Int32>, _ n: Int) -> Bool {
        var smallest = Int32.max
        for c in 0..<n { smallest = min(smallest, shift[c]) }
        return smallest >= 32
    }

    @inline(__always)
    init(channel c: Int, largeShifts: Bool, _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>,
         _ zero: UnsafePointer<Int32>, _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
        self.largeShifts = largeShifts
        channel = c
        self.mult = mult; self.shift = shift; self.zero = zero; self.lo = lo; self.hi = hi
        @inline(__always) func prepare(_ c: Int) -> Prepared {
            let m = load256(mult + c), r = load256(shift + c)
            let low32 = _mm256_set1_epi64x(0xFFFF_FFFF), one = _mm256_set1_epi64x(1), top = _mm256_set1_epi64x(1 << 62)
            let rEven = _mm256_and_si256(r, low32), rOdd = _mm256_srli_epi64(r, 32)
            // 2^(62-r) <= 2^30 for r >= 32: its low 32 bits are the whole of it.
            let offset = _mm256_or_si256(_mm256_and_si256(_mm256_srlv_epi64(top, rEven), low32),
                                         _mm256_slli_epi64(_mm256_srlv_epi64(top, rOdd), 32))
            return Prepared(mult: m, multOdd: _mm256_srli_epi64(m, 32), shiftEven: rEven, shiftOdd: rOdd,
                            biasEven: _mm256_or_si256(top, _mm256_sllv_epi64(one, _mm256_sub_epi64(rEven, one))),
                            biasOdd: _mm256_or_si256(top, _mm256_sllv_epi64(one, _mm256_sub_epi64(rOdd, one))),
                            zeroMinusOffset: _mm256_sub_epi32(load256(zero + c), offset),
                            lo: load256(lo + c), hi: load256(hi + c))
        }
        if largeShifts {
            halves = (prepare(c), prepare(c + 8))
        } else {
            let none = _mm256_setzero_si256()
            let empty = Prepared(mult: none, multOdd: none, shiftEven: none, shiftOdd: none, biasEven: none,
                                 biasOdd: none, zeroMinusOffset: none, lo: none, hi: none)
            halves = (empty, empty)
        }
    }

    /// 8 channels of one row with large shifts, clamped to [lo, hi].
    @inline(__always)
    static func requantize8(_ acc: __m256i, _ p: Prepared) -> __m256i {
        let zero64 = _mm256_setzero_si256()
        @inline(__always) func half(_ product: __m256i, _ bias: __m256i, _ r: __m256i) -> __m256i {
            let negative = _mm256_cmpgt_epi64(zero64, product)   // -1 where p < 0
            return _mm256_srlv_epi64(_mm256_add_epi64(_mm256_add_epi64(product, bias), negative), r)
        }
        let even = half(_mm256_mul_epi32(acc, p.mult), p.biasEven, p.shiftEven)
        let odd = half(_mm256_mul_epi32(_mm256_srli_epi64(acc, 32), p.multOdd), p.biasOdd, p.shiftOdd)
        // (`vpblendd` would save the mask, but its immediate form does not import into Swift.)
        let q = _mm256_or_si256(_mm256_and_si256(even, _mm256_set1_epi64x(0xFFFF_FFFF)), _mm256_slli_epi64(odd, 32))
        return _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(q, p.zeroMinusOffset), p.lo), p.hi)
    }

    /// Requantizes one row's 16 channels (int32 in `lowHalf`, `highHalf`) and
    /// stores the first `min(16, count)` bytes at `out`.
    @inline(__always)
    func store(_ lowHalf: __m256i, _ highHalf: __m256i, _ out: UnsafeMutablePointer<Int8>, count: Int) {
        if largeShifts {
            storeBytes16AVX2(narrow16AVX2(Self.requantize8(lowHalf, halves.0), Self.requantize8(highHalf, halves.1)),
                             out, count: count)
        } else {
            requantizeStore16AVX2(lowHalf, highHalf, channel: channel, mult, shift, zero, lo, hi, out, count: count)
        }
    }
}

/// Stores the first `min(16, count)` of 16 bytes at `out`; never past it.
@inline(__always)
func storeBytes16AVX2(_ bytes: __m128i, _ out: UnsafeMutablePointer<Int8>, count: Int) {
    if count >= 16 {
        _mm_storeu_si128(UnsafeMutableRawPointer(out).assumingMemoryBound(to: __m128i.self), bytes)
    } else {
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: 16) { tail in
            _mm_storeu_si128(UnsafeMutableRawPointer(tail.baseAddress!).assumingMemoryBound(to: __m128i.self), bytes)
            out.update(from: tail.baseAddress!, count: count)
        }
    }
}

/// Requantizes channels `c ..< c + 16` of one output row (int32 in `lowHalf`,
/// `highHalf`) and stores the first `min(16, count)` bytes at `out`: the
/// epilogue of the AVX2 dense tiles. Requantization arrays are padded past
/// `c + 16`; bytes past `count` are never written.
@inline(__always)
func requantizeStore16AVX2(_ lowHalf: __m256i, _ highHalf: __m256i, channel c: Int,
                           _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                           _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                           _ out: UnsafeMutablePointer<Int8>, count: Int) {
    let q0 = requantize8AVX2(lowHalf, load256(mult + c), load256(shift + c), load256(zero + c), load256(lo + c), load256(hi + c))
    let q1 = requantize8AVX2(highHalf, load256(mult + c + 8), load256(shift + c + 8), load256(zero + c + 8),
                             load256(lo + c + 8), load256(hi + c + 8))
    storeBytes16AVX2(narrow16AVX2(q0, q1), out, count: count)
}

/// AVX2 requantization of `[T, N]` int32 to int8; contract and shapes as
/// `requantizeScalarRef`. Channel tails under 16 go through a padded copy.
public func requantizeX86AVX2(_ acc: UnsafePointer<Int32>, _ rows: Int, _ channels: Int,
                           _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                           _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    for t in 0..<rows {
        requantizeRowAVX2(acc + t * channels, channels, mult, shift, zero, lo, hi, out + t * channels)
    }
}

@inline(__always)
func requantizeRowAVX2(_ a: UnsafePointer<Int32>, _ channels: Int,
                       _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                       _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Int8>) {
    var n = 0
    @inline(__always) func eight(_ a: UnsafePointer<Int32>, _ m: UnsafePointer<Int32>, _ s: UnsafePointer<Int32>,
                                 _ z: UnsafePointer<Int32>, _ l: UnsafePointer<Int32>, _ h: UnsafePointer<Int32>) -> __m256i {
        requantize8AVX2(load256(a), load256(m), load256(s), load256(z), load256(l), load256(h))
    }
    while n + 16 <= channels {
        let r0 = eight(a + n, mult + n, shift + n, zero + n, lo + n, hi + n)
        let r1 = eight(a + n + 8, mult + n + 8, shift + n + 8, zero + n + 8, lo + n + 8, hi + n + 8)
        _mm_storeu_si128(UnsafeMutableRawPointer(out + n).assumingMemoryBound(to: __m128i.self), narrow16AVX2(r0, r1))
        n += 16
    }
    if n < channels {
        // The tail goes through 16-lane stack buffers so no load reads past an array.
        let count = channels - n
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 6 * 16) { buf in
            let b = buf.baseAddress!
            b.initialize(repeating: 1, count: 6 * 16)
            for (k, src) in [a, mult, shift, zero, lo, hi].enumerated() { (b + 16 * k).update(from: src + n, count: count) }
            let r0 = eight(b, b + 16, b + 32, b + 48, b + 64, b + 80)
            let r1 = eight(b + 8, b + 24, b + 40, b + 56, b + 72, b + 88)
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: 16) { tail in
                _mm_storeu_si128(UnsafeMutableRawPointer(tail.baseAddress!).assumingMemoryBound(to: __m128i.self), narrow16AVX2(r0, r1))
                (out + n).update(from: tail.baseAddress!, count: count)
            }
        }
    }
}
#endif
