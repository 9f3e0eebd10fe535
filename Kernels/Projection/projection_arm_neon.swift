// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// `st4` of four 16-byte vectors: p[4i + s] = vs[i]. arm_neon.h's `vst4q_s8`
/// and `vst4_s8` are macros the importer drops, and zips with one wide store
/// come out as 8 two-register `tbl` (or 4 `zip` + 2 `st2`), so this binds the
/// LLVM intrinsic the macros expand to. Its name and signature are checked by
/// the LLVM verifier: a toolchain that changes them fails to compile this
/// file (scripts/test-arm), it cannot miscompile it.
@_silgen_name("llvm.aarch64.neon.st4.v16i8.p0")
private func st4q(_ v0: SIMD16<Int8>, _ v1: SIMD16<Int8>, _ v2: SIMD16<Int8>, _ v3: SIMD16<Int8>,
                  _ p: UnsafeMutableRawPointer)
@_silgen_name("llvm.aarch64.neon.st4.v8i8.p0")
private func st4d(_ v0: SIMD8<Int8>, _ v1: SIMD8<Int8>, _ v2: SIMD8<Int8>, _ v3: SIMD8<Int8>,
                  _ p: UnsafeMutableRawPointer)

/// NEON row expansion for the projection: 64 features per two 64-bit hash
/// words (16 bytes), one one-register `tbl` per 16 features. Byte b of the
/// words holds features 4b ..< 4b + 4 (2 bits each, lowest first): its low
/// nibble (AND 15) holds features 4b and 4b + 1, its high nibble (`ushr` #4)
/// 4b + 2 and 4b + 3. Two 16-entry tables indexed by a nibble give the
/// ternary of the nibble's low code and of its high code
/// (`ProjectionScalarRef.ternaryOfCode`: {0, +1, -1, 0}), so 4 `tbl`
/// give four vectors with fs[b] = feature 4b + s, and `st4` writes them
/// interleaved, in feature order. The previous version first spread each
/// byte over 4 lanes (a `tbl` per 16 features), then shifted, masked and
/// looked up (4 vector instructions per 16 features against 1.5 + `st4`
/// here). An odd last word goes the same way on 8-byte vectors; features
/// past the last full word one by one, as in the other variants. Shapes and
/// contract as `ProjectionRowExpander`.
public func projectionARMNEON(_ words: UnsafePointer<UInt64>, _ featureSize: Int,
                                    _ row: UnsafeMutablePointer<Int8>) {
    // low[n]: the ternary of n's low code (n & 3); high[n]: of n >> 2.
    let low = SIMD16<Int8>(0, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1, 0)
    let high = SIMD16<Int8>(0, 0, 0, 0, 1, 1, 1, 1, -1, -1, -1, -1, 0, 0, 0, 0)
    let nibble = SIMD16<UInt8>(repeating: 15)
    let full = featureSize >> 5
    var w = 0
    while w &+ 2 <= full {
        let bytes = UnsafeRawPointer(words + w).loadUnaligned(as: SIMD16<UInt8>.self)
        let lo = bytes & nibble, hi = bytes &>> 4
        st4q(vqtbl1q_s8(low, lo), vqtbl1q_s8(high, lo), vqtbl1q_s8(low, hi), vqtbl1q_s8(high, hi),
             UnsafeMutableRawPointer(row + (w &<< 5)))
        w &+= 2
    }
    if w < full {
        let bytes = unsafeBitCast(words[w], to: SIMD8<UInt8>.self)
        let lo = bytes & nibble.lowHalf, hi = bytes &>> 4
        st4d(vqtbl1_s8(low, lo), vqtbl1_s8(high, lo), vqtbl1_s8(low, hi), vqtbl1_s8(high, hi),
             UnsafeMutableRawPointer(row + (w &<< 5)))
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
