@testable import TernKernels

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
