// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// 256-entry table activation with NEON, 32 values per step: the table is
/// held as four 4-register tables of 64 entries (16 registers); for index
/// i = x + 128 (x ^ 0x80), `tbl` looks up entries 0-63 (an index past 63
/// gives 0) and three `tbx` look up i - 64, i - 128, i - 192 in the other
/// quarters (`tbx` leaves a lane alone when its index is past 63, and the
/// byte subtraction wraps the lower indices past 63). Each lane is hit by
/// exactly one quarter. Tails under 32 go 16 at a time, then one at a time.
/// Shapes as the reference: `table` 256 int8 indexed by q + 128, `x` and
/// `out` `[count]`.
public func activationLUTARMNEON(_ table: UnsafePointer<Int8>, _ x: UnsafePointer<Int8>, _ count: Int,
                                 _ out: UnsafeMutablePointer<Int8>) {
    let t = UnsafeRawPointer(table)
    @inline(__always) func quarter(_ q: Int) -> int8x16x4_t {
        int8x16x4_t(val: (t.loadUnaligned(fromByteOffset: 64 &* q, as: SIMD16<Int8>.self),
                          t.loadUnaligned(fromByteOffset: 64 &* q &+ 16, as: SIMD16<Int8>.self),
                          t.loadUnaligned(fromByteOffset: 64 &* q &+ 32, as: SIMD16<Int8>.self),
                          t.loadUnaligned(fromByteOffset: 64 &* q &+ 48, as: SIMD16<Int8>.self)))
    }
    let t0 = quarter(0), t1 = quarter(1), t2 = quarter(2), t3 = quarter(3)
    let flip = SIMD16<UInt8>(repeating: 0x80), step = SIMD16<UInt8>(repeating: 64)
    @inline(__always) func lookup(_ i: Int) -> SIMD16<Int8> {
        let i0 = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<UInt8>.self) ^ flip
        let i1 = i0 &- step, i2 = i1 &- step, i3 = i2 &- step
        return vqtbx4q_s8(vqtbx4q_s8(vqtbx4q_s8(vqtbl4q_s8(t0, i0), t1, i1), t2, i2), t3, i3)
    }
    var i = 0
    while i &+ 32 <= count {
        let a = lookup(i), b = lookup(i &+ 16)
        UnsafeMutableRawPointer(out + i).storeBytes(of: a, as: SIMD16<Int8>.self)
        UnsafeMutableRawPointer(out + (i &+ 16)).storeBytes(of: b, as: SIMD16<Int8>.self)
        i &+= 32
    }
    if i &+ 16 <= count {
        UnsafeMutableRawPointer(out + i).storeBytes(of: lookup(i), as: SIMD16<Int8>.self)
        i &+= 16
    }
    while i < count {
        out[i] = table[Int(x[i]) &+ 128]
        i &+= 1
    }
}
#endif
