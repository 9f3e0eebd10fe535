/// Portable SIMD requantization, 8 channels at a time with Swift's generic
/// SIMD types (NEON on arm64; on the x86-64 baseline LLVM has no 64-bit
/// multiply or arithmetic shift, so parts of it run per lane). Same contract
/// and shapes as `requantizeScalarRef`.
public func requantizeSwiftSIMD(_ acc: UnsafePointer<Int32>, rows: Int, channels: Int,
                                _ p: RequantizationPointers, _ out: UnsafeMutablePointer<Int8>) {
    let vectorChannels = channels & ~7
    for t in 0..<rows {
        let a = acc + t * channels
        let o = out + t * channels
        var n = 0
        while n < vectorChannels {
            let x = SIMD8<Int64>(truncatingIfNeeded: UnsafeRawPointer(a + n).loadUnaligned(as: SIMD8<Int32>.self))
            let m = SIMD8<Int64>(truncatingIfNeeded: UnsafeRawPointer(p.multipliers + n).loadUnaligned(as: SIMD8<Int32>.self))
            let r = SIMD8<Int64>(truncatingIfNeeded: UnsafeRawPointer(p.shifts + n).loadUnaligned(as: SIMD8<Int32>.self))
            let prod = x &* m
            let negative = prod .< SIMD8<Int64>()
            let magnitude = prod.replacing(with: SIMD8<Int64>() &- prod, where: negative)
            let one = SIMD8<Int64>(repeating: 1)
            var q = (magnitude &+ (one &<< (r &- one))) &>> r
            // Narrow the range first so the int32 add below cannot overflow.
            q = q.clamped(lowerBound: SIMD8<Int64>(), upperBound: SIMD8<Int64>(repeating: 65535))
            q.replace(with: SIMD8<Int64>() &- q, where: negative)
            let z = UnsafeRawPointer(p.zeroPoints + n).loadUnaligned(as: SIMD8<Int32>.self)
            let lo = UnsafeRawPointer(p.lowerBounds + n).loadUnaligned(as: SIMD8<Int32>.self)
            let hi = UnsafeRawPointer(p.upperBounds + n).loadUnaligned(as: SIMD8<Int32>.self)
            let y = (SIMD8<Int32>(truncatingIfNeeded: q) &+ z).clamped(lowerBound: lo, upperBound: hi)
            let bytes = SIMD8<Int8>(truncatingIfNeeded: y)
            UnsafeMutableRawPointer(o + n).storeBytes(of: bytes, as: SIMD8<Int8>.self)
            n += 8
        }
        while n < channels {
            o[n] = requantizeReference(a[n], multiplier: p.multipliers[n], shift: p.shifts[n], zeroPoint: p.zeroPoints[n],
                                       lower: p.lowerBounds[n], upper: p.upperBounds[n])
            n += 1
        }
    }
}
