// Built with -target-cpu cascadelake plus AVX-512 VBMI: call only after
// KernelDispatch allows .avx512vnni and ISAExtension.avx512vbmi is supported.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// One 256-entry byte plane of a table, held in four registers.
struct BytePlaneVBMI {
    let lower0, lower1, upper0, upper1: __m512i

    @inline(__always)
    init(_ plane: UnsafePointer<UInt8>) {
        lower0 = _mm512_loadu_si512(plane)
        lower1 = _mm512_loadu_si512(plane + 64)
        upper0 = _mm512_loadu_si512(plane + 128)
        upper1 = _mm512_loadu_si512(plane + 192)
    }

    /// 64 lookups: two 128-entry `vpermt2b` lookups on the low 7 bits of
    /// the gate byte q, the sign of q choosing between them (entry q + 128
    /// is in the upper half when q >= 0).
    @inline(__always)
    func lookup(_ q: __m512i, _ negative: __mmask64) -> __m512i {
        _mm512_mask_blend_epi8(negative, _mm512_permutex2var_epi8(upper0, q, upper1), _mm512_permutex2var_epi8(lower0, q, lower1))
    }
}

/// A 256-entry int16 table as its low and high byte planes.
struct Int16TableVBMI {
    let low, high: BytePlaneVBMI

    @inline(__always)
    init(low: UnsafePointer<UInt8>, high: UnsafePointer<UInt8>) {
        self.low = BytePlaneVBMI(low)
        self.high = BytePlaneVBMI(high)
    }

    /// 64 lookups as two vectors of 32 int16 in `vpunpcklbw` /
    /// `vpunpckhbw` order: `.0` holds channels 0-7, 16-23, 32-39, 48-55 of
    /// the block, `.1` channels 8-15, 24-31, 40-47, 56-63. `vpacksswb` of
    /// the two puts them back in order.
    @inline(__always)
    func lookup(_ q: __m512i) -> (__m512i, __m512i) {
        let negative = _mm512_movepi8_mask(q)
        let l = low.lookup(q, negative), h = high.lookup(q, negative)
        return (_mm512_unpacklo_epi8(l, h), _mm512_unpackhi_epi8(l, h))
    }
}

/// Walks the 64-channel blocks of a byte-plane pooling kernel: first
/// writes the padded steps (t >= length: h = 0, the zero point; the state
/// passes through them) for every channel, then gives `block` each block's
/// channel mask and its first real step's gate row and output row, with
/// the strides to the next step (negative when backward).
@inline(__always)
func forEachPoolBlock64(channels s: Int, rows: Int, length: Int, backward: Bool, zeroPoint: Int32,
                        gates: UnsafePointer<Int8>, out: UnsafeMutablePointer<Int8>,
                        _ block: (_ mask: __mmask64, _ gates: UnsafeRawPointer, _ out: UnsafeMutableRawPointer,
                                  _ gateStride: Int, _ outStride: Int) -> Void) {
    if rows > length {
        (out + length * s).update(repeating: Int8(truncatingIfNeeded: zeroPoint), count: (rows - length) * s)
    }
    guard length > 0 else { return }
    let first = backward ? length - 1 : 0
    var j = 0
    while j < s {
        let count = min(64, s - j)
        let mask = __mmask64(count == 64 ? ~UInt64(0) : (UInt64(1) << UInt64(count)) &- 1)
        block(mask, UnsafeRawPointer(gates + first * 3 * s + j), UnsafeMutableRawPointer(out + first * s + j),
              backward ? -3 * s : 3 * s, backward ? -s : s)
        j += 64
    }
}

/// QRNN fo-pooling in 16-bit fixed point, 64 channels a block: the
/// arithmetic of `qrnnPoolQ14X86AVX512` (same tables, same rounding, the
/// same bits out), with the lookups done on bytes. A 256-entry int16 table
/// takes 12 `vpermt2w` and 9 blends per 32 channels as 64-entry word
/// permutes; as a low and a high byte plane it takes 4 `vpermt2b` and 2
/// blends per 64 channels, and two unpacks make the int16 lanes. The state
/// of a block stays in two registers for the whole sequence (blocks outside,
/// steps inside), so no scratch is read or written; the int8 output is one
/// `vpacksswb` per 64 channels, which undoes the unpack order.
///
/// - Parameters:
///   - planes: the int16 tables' low bytes (z, 1 - f, o: 256 each, index
///     q + 128) then their high bytes (`QRNNPooling.int16TableBytes`).
///   - multiplier, shift: `QRNNPooling.int16OutputMultiplier` (not nil) and
///     `int16OutputShift`.
///   - gates: `[T, 3S]` int8; out `[T, S]` int8.
public func qrnnPoolQ14X86AVX512VBMI(_ planes: UnsafePointer<UInt8>, _ multiplier: Int16, _ shift: Int, _ zeroPoint: Int32,
                                     _ channels: Int, _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                                     _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    let k = _mm512_set1_epi16(multiplier)
    let rounding = _mm512_set1_epi16(shift > 0 ? Int16(1) << Int16(shift - 1) : 0)
    let zero = _mm512_set1_epi16(Int16(truncatingIfNeeded: zeroPoint))
    let zt = Int16TableVBMI(low: planes, high: planes + 768)
    let ft = Int16TableVBMI(low: planes + 256, high: planes + 1024)
    let ot = Int16TableVBMI(low: planes + 512, high: planes + 1280)
    forEachPoolBlock64(channels: s, rows: rows, length: length, backward: backward, zeroPoint: zeroPoint,
                       gates: gates, out: out) { mask, firstGates, firstOut, gateStride, outStride in
        var c0 = _mm512_setzero_si512(), c1 = _mm512_setzero_si512()
        var g = firstGates, o = firstOut
        for _ in 0..<length {
            let (z0, z1) = zt.lookup(_mm512_maskz_loadu_epi8(mask, g))
            let (f0, f1) = ft.lookup(_mm512_maskz_loadu_epi8(mask, g + s))
            let (o0, o1) = ot.lookup(_mm512_maskz_loadu_epi8(mask, g + 2 * s))
            c0 = _mm512_add_epi16(c0, _mm512_mulhrs_epi16(f0, _mm512_subs_epi16(z0, c0)))
            c1 = _mm512_add_epi16(c1, _mm512_mulhrs_epi16(f1, _mm512_subs_epi16(z1, c1)))
            @inline(__always) func requantize(_ o: __m512i, _ c: __m512i) -> __m512i {
                let q = _mm512_mulhrs_epi16(_mm512_mulhrs_epi16(o, c), k)
                return _mm512_adds_epi16(_mm512_srai_epi16(_mm512_adds_epi16(q, rounding), UInt32(shift)), zero)
            }
            _mm512_mask_storeu_epi8(o, mask, _mm512_packs_epi16(requantize(o0, c0), requantize(o1, c1)))
            g += gateStride
            o += outStride
        }
    }
}
#endif
