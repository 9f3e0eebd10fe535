// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 16 lookups in a 256-entry float table without a gather: eight 32-entry
/// `vpermi2ps` lookups on the low 5 index bits, then three levels of masked
/// blends on bits 5, 6 and 7.
@inline(__always)
func lookup256AVX512(_ table: UnsafePointer<Float>, _ index: __m512i) -> __m512 {
    @inline(__always) func part(_ i: Int) -> __m512 {
        _mm512_permutex2var_ps(_mm512_loadu_ps(table + 32 * i), index, _mm512_loadu_ps(table + 32 * i + 16))
    }
    let b5 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(32))
    let b6 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(64))
    let b7 = _mm512_test_epi32_mask(index, _mm512_set1_epi32(128))
    let s0 = _mm512_mask_blend_ps(b5, part(0), part(1)), s1 = _mm512_mask_blend_ps(b5, part(2), part(3))
    let s2 = _mm512_mask_blend_ps(b5, part(4), part(5)), s3 = _mm512_mask_blend_ps(b5, part(6), part(7))
    return _mm512_mask_blend_ps(b7, _mm512_mask_blend_ps(b6, s0, s1), _mm512_mask_blend_ps(b6, s2, s3))
}

/// Walks the steps of one direction for the AVX-512 pooling kernels: `body`
/// gets each real step's gate row `[3S]` and output row `[S]`; padded steps
/// (t >= length) get the output zero point and leave the state alone.
@inline(__always)
func forEachPoolStepAVX512(rows: Int, length: Int, backward: Bool, channels s: Int, zeroPoint: Int32,
                           gates: UnsafePointer<Int8>, out: UnsafeMutablePointer<Int8>,
                           _ body: (UnsafeRawPointer, UnsafeMutablePointer<Int8>) -> Void) {
    for step in 0..<rows {
        let t = backward ? rows - 1 - step : step
        let o = out + t * s
        if t >= length {
            o.update(repeating: Int8(truncatingIfNeeded: zeroPoint), count: s)
        } else {
            body(UnsafeRawPointer(gates + t * 3 * s), o)
        }
    }
}

/// The float-state step of the exact AVX-512 pooling kernels, on 16 lanes:
/// `c = f c' + (1 - f) z` and h = o c quantized, with the reference's exact
/// operations (no FMA). Shared by `qrnnPoolX86AVX512` and the byte-plane
/// kernel of the VBMI module, so both round alike.
public struct FloatPoolStepAVX512 {
    @usableFromInline let one, inverse, lowClamp, highClamp, half: __m512
    @usableFromInline let zero, oneInt, absMask: __m512i

    @inlinable @inline(__always)
    public init(inverseScale: Float, zeroPoint: Int32) {
        one = _mm512_set1_ps(1)
        inverse = _mm512_set1_ps(inverseScale)
        lowClamp = _mm512_set1_ps(-1000)
        highClamp = _mm512_set1_ps(1000)
        half = _mm512_set1_ps(0.5)
        zero = _mm512_set1_epi32(zeroPoint)
        oneInt = _mm512_set1_epi32(1)
        absMask = _mm512_set1_epi32(0x7FFF_FFFF)
    }

    /// The new state c from z, f and the previous state, and h = o c as
    /// int32 in [-128, 127]: h times the inverse output scale, clamped to
    /// +-1000, rounded half away from zero (a truncating convert and the
    /// sign of |fraction| - 0.5), plus the zero point, clamped.
    @inlinable @inline(__always)
    public func step(z: __m512, f: __m512, o: __m512, previous: __m512) -> (c: __m512, h: __m512i) {
        let c = _mm512_add_ps(_mm512_mul_ps(f, previous), _mm512_mul_ps(_mm512_sub_ps(one, f), z))
        let v = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(_mm512_mul_ps(o, c), inverse), lowClamp), highClamp)
        var q = _mm512_cvttps_epi32(v)
        let fraction = _mm512_sub_ps(v, _mm512_cvtepi32_ps(q))
        let magnitude = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(fraction), absMask))
        let below = _mm512_movepi32_mask(_mm512_castps_si512(_mm512_sub_ps(magnitude, half)))
        let negative = _mm512_movepi32_mask(_mm512_castps_si512(v))
        let adjust = ~below
        q = _mm512_mask_add_epi32(q, adjust & ~negative, q, oneInt)
        q = _mm512_mask_sub_epi32(q, adjust & negative, q, oneInt)
        return (c, _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(q, zero), _mm512_set1_epi32(-128)), _mm512_set1_epi32(127)))
    }
}

/// QRNN fo-pooling, float32 state, 16 channels per ZMM, table lookups by
/// `vpermi2ps`. The state update and the rounding use the reference's exact
/// operations (no FMA), so the output is bit-identical to
/// `qrnnPoolScalarRef`; rounding half away from zero is built from a
/// truncating convert and the sign of |fraction| - 0.5.
///
/// - Parameters:
///   - tables: z, f, o tables, 256 floats each, back to back (index q + 128).
///   - linear: for activated gates, their (scale, zero point) as 6 floats
///     (z, f, o scales, then zero points): the table is then the clamped
///     dequantization, computed with the same operations instead of looked up.
///   - gates: `[T, 3S]` int8; out `[T, S]` int8; `state`: S floats of scratch.
public func qrnnPoolX86AVX512(_ tables: UnsafePointer<Float>, _ linear: UnsafePointer<Float>?, _ channels: Int,
                           _ inverseScale: Float, _ zeroPoint: Int32,
                           _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                           _ state: UnsafeMutablePointer<Float>, _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    state.update(repeating: 0, count: s)
    let bias = _mm512_set1_epi32(128)
    let one = _mm512_set1_ps(1)
    let pool = FloatPoolStepAVX512(inverseScale: inverseScale, zeroPoint: zeroPoint)
    // Activated gates' scales and zero points as vectors, once: converted
    // inside the step loop they cost a checked float-to-int conversion and
    // a broadcast per gate and step.
    let scales = linear.map { (_mm512_set1_ps($0[0]), _mm512_set1_ps($0[1]), _mm512_set1_ps($0[2])) }
    let zeroPoints = linear.map {
        (_mm512_set1_epi32(Int32($0[3])), _mm512_set1_epi32(Int32($0[4])), _mm512_set1_epi32(Int32($0[5])))
    }
    forEachPoolStepAVX512(rows: rows, length: length, backward: backward, channels: s, zeroPoint: zeroPoint,
                          gates: gates, out: out) { g, o in
        var j = 0
        while j < s {
            let count = min(16, s - j)
            let mask = __mmask16(truncatingIfNeeded: (UInt32(1) << UInt32(count)) &- 1)
            @inline(__always) func indices(_ offset: Int) -> __m512i {
                _mm512_add_epi32(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(mask, g + offset + j)), bias)
            }
            let z: __m512, f: __m512, og: __m512
            if let scales, let zeroPoints {
                @inline(__always) func dequantize(_ offset: Int, _ scale: __m512, _ zeroPoint: __m512i, _ low: Float) -> __m512 {
                    let q = _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(mask, g + offset + j))
                    let real = _mm512_mul_ps(scale, _mm512_cvtepi32_ps(_mm512_sub_epi32(q, zeroPoint)))
                    return _mm512_max_ps(_mm512_min_ps(real, one), _mm512_set1_ps(low))
                }
                z = dequantize(0, scales.0, zeroPoints.0, -1)
                f = dequantize(s, scales.1, zeroPoints.1, 0)
                og = dequantize(2 * s, scales.2, zeroPoints.2, 0)
            } else {
                z = lookup256AVX512(tables, indices(0))
                f = lookup256AVX512(tables + 256, indices(s))
                og = lookup256AVX512(tables + 512, indices(2 * s))
            }
            let (c, q) = pool.step(z: z, f: f, o: og, previous: _mm512_maskz_loadu_ps(mask, state + j))
            _mm512_mask_storeu_ps(state + j, mask, c)
            _mm_mask_storeu_epi8(UnsafeMutableRawPointer(o + j), mask, _mm512_cvtepi32_epi8(q))
            j += 16
        }
    }
}
#endif
