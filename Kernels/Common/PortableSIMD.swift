// Conversions for the portable SIMD variants. Swift's generic SIMD
// int <-> float initializers compile to one conversion per lane (and
// `rounded(_:)` to a libm call per lane); these use the 1.5 * 2^23 "magic
// number" instead: adding it puts an integer of magnitude < 2^22 in the low
// mantissa bits, so a bit cast and an integer subtract convert exactly.

@usableFromInline let magicFloat: Float = 12_582_912          // 1.5 * 2^23
@usableFromInline let magicBits: Int32 = 0x4B40_0000           // its bit pattern

/// Exact int32 -> float for |x| < 2^22.
@inline(__always)
func exactFloat(_ x: SIMD16<Int32>) -> SIMD16<Float> {
    unsafeBitCast(x &+ magicBits, to: SIMD16<Float>.self) - SIMD16(repeating: magicFloat)
}

/// Rounds half away from zero to int32, exactly, for |x| < 2^21. Every
/// operand is a full vector: the vector-with-scalar operator forms compile
/// to per-lane code.
@inline(__always)
func roundHalfAwayFromZero(_ x: SIMD16<Float>) -> SIMD16<Int32> {
    let magic = SIMD16<Float>(repeating: magicFloat)
    let bits = unsafeBitCast(x, to: SIMD16<Int32>.self)
    let magnitude = unsafeBitCast(bits & SIMD16<Int32>(repeating: 0x7FFF_FFFF), to: SIMD16<Float>.self)
    // Adding the magic number rounds to nearest, ties to even ...
    var r = (magnitude + magic) - magic
    // ... so a tie that went down (to an even integer) goes up instead.
    r.replace(with: r + SIMD16<Float>(repeating: 1), where: magnitude - r .>= SIMD16<Float>(repeating: 0.5))
    let n = unsafeBitCast(r + magic, to: SIMD16<Int32>.self) &- SIMD16<Int32>(repeating: magicBits)
    return n.replacing(with: SIMD16<Int32>() &- n, where: bits .< SIMD16<Int32>())
}

/// h as int8, the way every exact variant quantizes its output: `v` (h
/// times the inverse output scale) clamped to +-1000, rounded half away
/// from zero, plus the zero point, clamped to [-128, 127].
@inline(__always)
func quantizeToInt8(_ v: SIMD16<Float>, zeroPoint: SIMD16<Int32>) -> SIMD16<Int8> {
    let r = (roundHalfAwayFromZero(clampNoNaN(v, -1000, 1000)) &+ zeroPoint)
        .clamped(lowerBound: SIMD16(repeating: -128), upperBound: SIMD16(repeating: 127))
    return SIMD16<Int8>(truncatingIfNeeded: r)
}

/// Clamps with two compare-and-selects. `clamped(lowerBound:upperBound:)` on
/// float SIMD types is written for NaN semantics and compiles to per-lane
/// branches; the inputs here are never NaN.
@inline(__always)
func clampNoNaN(_ v: SIMD16<Float>, _ low: Float, _ high: Float) -> SIMD16<Float> {
    let lo = SIMD16<Float>(repeating: low), hi = SIMD16<Float>(repeating: high)
    var r = v.replacing(with: lo, where: v .< lo)
    r.replace(with: hi, where: r .> hi)
    return r
}

/// The table's entries at the 16 byte indices of two words (byte i of `low`
/// is lane i, byte i of `high` lane 8 + i). Built from scalars: filling a
/// vector or an array lane by lane and then reading it whole goes through
/// memory and stalls store forwarding (measured in the attention kernel:
/// 1.6-1.8x slower at C 64, T 16-128 on an AMD EPYC family 25 model 1).
@inline(__always)
func tableLookup16<T: SIMDScalar>(_ table: UnsafePointer<T>, _ low: UInt64, _ high: UInt64) -> SIMD16<T> {
    @inline(__always) func at(_ w: UInt64, _ b: UInt64) -> T { table[Int(truncatingIfNeeded: (w &>> (8 &* b)) & 0xFF)] }
    return SIMD16(at(low, 0), at(low, 1), at(low, 2), at(low, 3), at(low, 4), at(low, 5), at(low, 6), at(low, 7),
                  at(high, 0), at(high, 1), at(high, 2), at(high, 3), at(high, 4), at(high, 5), at(high, 6), at(high, 7))
}

/// The QRNN gate tables' entries for 16 int8 pre-activations q (the entry
/// of q is at q + 128: q's byte with its top bit flipped).
@inline(__always)
func gateLookup16<T: SIMDScalar>(_ table: UnsafePointer<T>, _ q: UnsafePointer<Int8>) -> SIMD16<T> {
    let words = UnsafeRawPointer(q).loadUnaligned(as: SIMD2<UInt64>.self) ^ SIMD2(repeating: 0x8080_8080_8080_8080)
    return tableLookup16(table, words[0], words[1])
}

/// Up to 16 bytes; lanes past `count` read as 0.
@inline(__always)
func loadBytes16(_ p: UnsafePointer<Int8>, _ count: Int) -> SIMD16<Int8> {
    if count == 16 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self) }
    var v = SIMD16<Int8>()
    for i in 0..<count { v[i] = p[i] }
    return v
}
