@testable import TernKernels

/// An output buffer with guard bytes on both sides: a kernel that writes
/// outside its `[count]` elements changes a guard and the test sees it.
struct GuardedBuffer<T: FixedWidthInteger> {
    static var guardCount: Int { 64 }
    static var guardValue: T { T(truncatingIfNeeded: 0x5A) }
    var storage: [T]
    let count: Int

    init(count: Int) {
        self.count = count
        storage = [T](repeating: GuardedBuffer.guardValue, count: count + 2 * GuardedBuffer.guardCount)
    }

    mutating func withPointer<R>(_ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0.baseAddress! + GuardedBuffer.guardCount) }
    }

    var values: [T] { Array(storage[GuardedBuffer.guardCount..<(GuardedBuffer.guardCount + count)]) }
    var guardsIntact: Bool {
        storage[..<GuardedBuffer.guardCount].allSatisfy { $0 == GuardedBuffer.guardValue }
            && storage[(GuardedBuffer.guardCount + count)...].allSatisfy { $0 == GuardedBuffer.guardValue }
    }
}

extension SplitMix64 {
    mutating func int8() -> Int8 { Int8(truncatingIfNeeded: next()) }
    mutating func int8s(_ n: Int) -> [Int8] { (0..<n).map { _ in int8() } }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// Random but valid requantization parameters, extremes included.
func randomRequantization(_ rng: inout SplitMix64, channels: Int, relu: Bool = false) throws -> Requantization {
    let zero = Int32(rng.below(256)) - 128
    let zs: [Int32] = (0..<channels).map { _ in rng.below(4) == 0 ? [Int32(-128), 127, 0][rng.below(3)] : zero }
    let ms: [Double] = (0..<channels).map { _ in
        switch rng.below(6) {
        case 0: return 0x1p-31
        case 1: return 0x1p-20 * (1 + rng.unit())
        case 2: return 0.99999
        case 3: return 3.5
        default: return 0x1p-12 * (1 + 7 * rng.unit())
        }
    }
    return try Requantization(realMultipliers: ms, outputZeroPoints: zs,
                              lower: relu ? zs : [Int32](repeating: -128, count: channels),
                              upper: [Int32](repeating: 127, count: channels))
}
