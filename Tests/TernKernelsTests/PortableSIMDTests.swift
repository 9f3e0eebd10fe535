import Testing
@testable import TernKernels

@Suite struct PortableSIMDTests {
    @Test func roundingMatchesTheScalarRuleIncludingTies() {
        var rng = SplitMix64(seed: 71)
        var values: [Float] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999997, -0.49999997, 1000, -1000, 999.5, -999.5]
        for _ in 0..<20_000 { values.append(Float(Int(rng.next() % 4001) - 2000) / 2 + (rng.below(2) == 0 ? 0 : Float(rng.unit()) - 0.5)) }
        while values.count % 16 != 0 { values.append(0.25) }
        for i in stride(from: 0, to: values.count, by: 16) {
            var v = SIMD16<Float>()
            for l in 0..<16 { v[l] = values[i + l] }
            let r = roundHalfAwayFromZero(v)
            for l in 0..<16 { #expect(r[l] == Int32(v[l].rounded(.toNearestOrAwayFromZero)), "\(v[l])") }
        }
    }

    @Test func intToFloatIsExact() {
        var x = SIMD16<Int32>()
        for start in stride(from: -70_000, to: 70_000, by: 16) {
            for l in 0..<16 { x[l] = Int32(start + l * 977 % 4_000_000) }
            let f = exactFloat(x)
            for l in 0..<16 { #expect(f[l] == Float(x[l])) }
        }
    }
}
