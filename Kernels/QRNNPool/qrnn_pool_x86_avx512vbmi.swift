// Built with -target-cpu cascadelake plus AVX-512 VBMI: call only after
// KernelDispatch allows .avx512vnni and ISAExtension.avx512vbmi is supported.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel
import TernKernelsAVX512

/// 64 lookups in a 256-entry float table stored as four byte planes (byte
/// k of every entry in plane k), as four vectors of 16 floats in
/// unpack order: `.0` holds channels 0-3, 16-19, 32-35, 48-51 of the block,
/// `.1` channels 4-7, 20-23, ..., `.2` 8-11, 24-27, ..., `.3` 12-15, 28-31,
/// .... `vpackssdw` of (.0, .1) and of (.2, .3), then `vpacksswb` of the
/// two, puts them back in order.
@inline(__always)
func lookup256FloatVBMI(_ planes: UnsafePointer<UInt8>, _ q: __m512i) -> (__m512, __m512, __m512, __m512) {
    let negative = _mm512_movepi8_mask(q)
    let b0 = BytePlaneVBMI(planes).lookup(q, negative), b1 = BytePlaneVBMI(planes + 256).lookup(q, negative)
    let b2 = BytePlaneVBMI(planes + 512).lookup(q, negative), b3 = BytePlaneVBMI(planes + 768).lookup(q, negative)
    let low01 = _mm512_unpacklo_epi8(b0, b1), high01 = _mm512_unpackhi_epi8(b0, b1)
    let low23 = _mm512_unpacklo_epi8(b2, b3), high23 = _mm512_unpackhi_epi8(b2, b3)
    return (_mm512_castsi512_ps(_mm512_unpacklo_epi16(low01, low23)), _mm512_castsi512_ps(_mm512_unpackhi_epi16(low01, low23)),
            _mm512_castsi512_ps(_mm512_unpacklo_epi16(high01, high23)), _mm512_castsi512_ps(_mm512_unpackhi_epi16(high01, high23)))
}

/// QRNN fo-pooling, float32 state, exact: `qrnnPoolX86AVX512`'s arithmetic
/// (`FloatPoolStepAVX512`, the same bits out) with the table lookups done on
/// bytes, 64 channels a block. A 256-entry float table takes 8 `vpermt2ps`
/// and 7 blends per 16 channels as 32-entry permutes; as four byte planes
/// it takes 8 `vpermt2b` and 4 masked moves per 64 channels, and 8 unpacks
/// make the float lanes. Both gate forms use the tables (for activated
/// gates they hold the clamped dequantization, the same values). The state
/// of a block stays in four registers for the whole sequence (blocks
/// outside, steps inside), so no scratch is read or written.
///
/// - Parameters:
///   - planes: the z, f, o tables as byte planes, 4 x 256 bytes per gate
///     (`QRNNPooling.floatTableBytes`; index q + 128).
///   - gates: `[T, 3S]` int8; out `[T, S]` int8.
public func qrnnPoolX86AVX512VBMI(_ planes: UnsafePointer<UInt8>, _ channels: Int, _ inverseScale: Float, _ zeroPoint: Int32,
                                  _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                                  _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    let pool = FloatPoolStepAVX512(inverseScale: inverseScale, zeroPoint: zeroPoint)
    forEachPoolBlock64(channels: s, rows: rows, length: length, backward: backward, zeroPoint: zeroPoint,
                       gates: gates, out: out) { mask, firstGates, firstOut, gateStride, outStride in
        var c0 = _mm512_setzero_ps(), c1 = _mm512_setzero_ps(), c2 = _mm512_setzero_ps(), c3 = _mm512_setzero_ps()
        var g = firstGates, o = firstOut
        for _ in 0..<length {
            let z = lookup256FloatVBMI(planes, _mm512_maskz_loadu_epi8(mask, g))
            let f = lookup256FloatVBMI(planes + 1024, _mm512_maskz_loadu_epi8(mask, g + s))
            let og = lookup256FloatVBMI(planes + 2048, _mm512_maskz_loadu_epi8(mask, g + 2 * s))
            let h0: __m512i, h1: __m512i, h2: __m512i, h3: __m512i
            (c0, h0) = pool.step(z: z.0, f: f.0, o: og.0, previous: c0)
            (c1, h1) = pool.step(z: z.1, f: f.1, o: og.1, previous: c1)
            (c2, h2) = pool.step(z: z.2, f: f.2, o: og.2, previous: c2)
            (c3, h3) = pool.step(z: z.3, f: f.3, o: og.3, previous: c3)
            // h is within [-128, 127]: the saturating packs only reorder.
            let h = _mm512_packs_epi16(_mm512_packs_epi32(h0, h1), _mm512_packs_epi32(h2, h3))
            _mm512_mask_storeu_epi8(o, mask, h)
            g += gateStride
            o += outStride
        }
    }
}
#endif
