// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// NEON row expansion for the projection: 32 features per 64-bit hash word,
/// two `tbl` per 16 features. The word is duplicated into both halves of a
/// vector; a `tbl` copies byte j/4 to lane j, `ushl` by -2 (j % 4) moves lane
/// j's 2-bit code to the bottom, an AND keeps it, and a second `tbl` on the
/// 4-entry table {0, +1, -1, 0} (`ProjectionScalarReference.ternaryOfCode`)
/// gives the feature. Features past the last full word go one by one, as in
/// the other variants. Shapes and contract as `ProjectionRowExpander`.
public func projectionExpandARMNEON(_ words: UnsafePointer<UInt64>, _ featureSize: Int,
                                    _ row: UnsafeMutablePointer<Int8>) {
    let low = SIMD16<UInt8>(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3)
    let high = low &+ SIMD16<UInt8>(repeating: 4)
    let shifts = SIMD16<Int8>(0, -2, -4, -6, 0, -2, -4, -6, 0, -2, -4, -6, 0, -2, -4, -6)
    let three = SIMD16<UInt8>(repeating: 3)
    let ternary = SIMD16<Int8>(0, 1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    @inline(__always) func features(_ bytes: SIMD16<UInt8>, _ spread: SIMD16<UInt8>) -> SIMD16<Int8> {
        let codes = vshlq_u8(vqtbl1q_u8(bytes, spread), shifts) & three
        return vqtbl1q_s8(ternary, codes)
    }
    let full = featureSize >> 5
    var w = 0
    while w < full {
        let bytes = unsafeBitCast(SIMD2<UInt64>(repeating: words[w]), to: SIMD16<UInt8>.self)
        let out = UnsafeMutableRawPointer(row + (w &<< 5))
        out.storeBytes(of: features(bytes, low), as: SIMD16<Int8>.self)
        out.storeBytes(of: features(bytes, high), toByteOffset: 16, as: SIMD16<Int8>.self)
        w &+= 1
    }
    var k = full << 5
    while k < featureSize {
        let code = (words[k >> 5] >> UInt64(2 * (k & 31))) & 3
        row[k] = code == 1 ? 1 : (code == 2 ? -1 : 0)
        k &+= 1
    }
}
#endif
