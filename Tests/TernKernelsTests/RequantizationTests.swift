import Testing
import TernTestSupport
@testable import TernKernels

@Suite struct RequantizationTests {
    @Test func multiplierDecompositionIsExactToThirtyBits() throws {
        for m in [0x1p-31, 1e-6, 0.000123, 0.25, 0.5, 0.75, 0.999999999, 1.0, 1.5, 1000.0, 0x1p29] {
            let r = try Requantization(realMultipliers: [m], outputZeroPoints: [0], lower: [-128], upper: [127])
            #expect(r.multipliers[0] >= 1 << 30)
            #expect((1...62).contains(r.shifts[0]))
            #expect(abs(r.realMultiplier(0) / m - 1) < 0x1p-30)
        }
        #expect(throws: QuantizationError.multiplierOutOfRange(0)) {
            try Requantization(realMultipliers: [0], outputZeroPoints: [0], lower: [-128], upper: [127])
        }
        #expect(throws: QuantizationError.multiplierOutOfRange(.infinity)) {
            try Requantization(realMultipliers: [.infinity], outputZeroPoints: [0], lower: [-128], upper: [127])
        }
        #expect(throws: QuantizationError.zeroPointOutOfRange(128)) {
            try Requantization(realMultipliers: [0.5], outputZeroPoints: [128], lower: [-128], upper: [127])
        }
        #expect(throws: QuantizationError.clampRangeInvalid(lo: 5, hi: 4)) {
            try Requantization(realMultipliers: [0.5], outputZeroPoints: [0], lower: [5], upper: [4])
        }
    }

    @Test func roundingIsHalfAwayFromZero() {
        // M = 0.5 exactly: m = 2^30, r = 31.
        func q(_ acc: Int32) -> Int8 { requantizeReference(acc, multiplier: 1 << 30, shift: 31, zeroPoint: 0, lower: -128, upper: 127) }
        #expect(q(1) == 1 && q(-1) == -1 && q(3) == 2 && q(-3) == -2 && q(2) == 1 && q(0) == 0)
        #expect(q(1000) == 127 && q(-1000) == -128)
    }

    @Test func referenceIsWithinOneLSBOfTheFloatOracle() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let r = try randomRequantization(&rng, channels: 1)
            for _ in 0..<200 {
                let acc = Int32(truncatingIfNeeded: rng.next() >> UInt64(33 + rng.below(31)))
                    * (rng.below(2) == 0 ? 1 : -1)
                let exact = Double(r.zeroPoints[0]) + Double(acc) * r.realMultiplier(0)
                let oracle = max(-128, min(127, exact.rounded(.toNearestOrAwayFromZero)))
                let got = requantizeReference(acc, multiplier: r.multipliers[0], shift: r.shifts[0],
                                              zeroPoint: r.zeroPoints[0], lower: -128, upper: 127)
                #expect(abs(Double(got) - oracle) <= 1, "acc \(acc) M \(r.realMultiplier(0))")
            }
        }
    }

    @Test func uint8SchemeMapsByMinus128() throws {
        let q = try AffineQuantization.fromUInt8(scale: 0.1, zeroPoint: 130)
        #expect(q.zeroPoint == 2)
        for u in 0...255 {
            let i = AffineQuantization.int8(fromUInt8: UInt8(u))
            #expect(Int(i) == u - 128)
            #expect(q.dequantize(i) == 0.1 * Float(u - 130))
        }
        #expect(throws: QuantizationError.zeroPointOutOfRange(256)) { try AffineQuantization.fromUInt8(scale: 1, zeroPoint: 256) }
    }

    @Test(arguments: RequantizeVariants.available)
    func variantEqualsReference(_ variant: RequantizeVariant) throws {
        var rng = SplitMix64(seed: 5)
        for channels in Array(1...40) + [63, 64, 65, 127, 128, 129, 130, 256, 1024] {
            let rows = 1 + rng.below(4)
            let r = try randomRequantization(&rng, channels: channels, relu: rng.below(2) == 0)
            var acc: [Int32] = (0..<(rows * channels)).map { _ in
                switch rng.below(8) {
                case 0: return Int32.min
                case 1: return Int32.max
                case 2: return 0
                default: return Int32(truncatingIfNeeded: rng.next()) >> Int32(rng.below(31))
                }
            }
            var expected = GuardedBuffer<Int8>(count: rows * channels)
            var actual = GuardedBuffer<Int8>(count: rows * channels)
            acc.withUnsafeMutableBufferPointer { a in
                r.withPointers { p in
                    expected.withPointer { RequantizeVariants.reference.run(a.baseAddress!, rows, channels, p, $0) }
                    actual.withPointer { variant.run(a.baseAddress!, rows, channels, p, $0) }
                }
            }
            #expect(actual.values == expected.values, "channels \(channels)")
            #expect(actual.guardsIntact, "channels \(channels)")
        }
    }
}

extension RequantizationTests {
    /// Every shift r (1...61) with the smallest, the largest and a random
    /// multiplier m, against accumulators at the edges of each channel's
    /// arithmetic: ties (acc * m within one step of (k + 1/2) * 2^r), the
    /// saturation threshold 2^(r - 22) of the AVX-512 form and its
    /// neighbours, 0, +-1 and the int32 extremes.
    @Test(arguments: RequantizeVariants.available)
    func variantEqualsReferenceAtEveryShift(_ variant: RequantizeVariant) throws {
        var rng = SplitMix64(seed: 23)
        var multipliers: [Double] = []
        for r in 1...61 {
            for m in [Int64(1) << 30, (Int64(1) << 31) - 1, (Int64(1) << 30) + Int64(rng.below(1 << 30))] {
                let real = Double(m) * pow(2, -Double(r))
                if real >= 0x1p-31 && real < 0x1p30 { multipliers.append(real) }
            }
        }
        let channels = multipliers.count
        let zeros: [Int32] = (0..<channels).map { _ in Int32(rng.below(256)) - 128 }
        let r = try Requantization(realMultipliers: multipliers, outputZeroPoints: zeros,
                                   lower: [Int32](repeating: -128, count: channels), upper: [Int32](repeating: 127, count: channels))
        let rows = 48
        var acc = [Int32](repeating: 0, count: rows * channels)
        for c in 0..<channels {
            let m = Double(r.multipliers[c]), shift = Int(r.shifts[c])
            let bound = Int64(1) << Int64(max(shift - 22, 0))
            var column: [Int64] = [0, 1, -1, Int64(Int32.min), Int64(Int32.max), bound - 1, bound, bound + 1, -bound + 1, -bound, -bound - 1]
            while column.count < rows {
                // Near a tie: acc = (k + 1/2) 2^r / m, rounded, and a neighbour.
                let k = Double(rng.below(600)) - 300
                let tie = ((k + 0.5) * pow(2, Double(shift)) / m).rounded()
                column.append(Int64(tie) + Int64(rng.below(3)) - 1)
            }
            for (i, v) in column.enumerated() { acc[i * channels + c] = Int32(clamping: v) }
        }
        var expected = GuardedBuffer<Int8>(count: rows * channels), actual = GuardedBuffer<Int8>(count: rows * channels)
        acc.withUnsafeMutableBufferPointer { a in
            r.withPointers { p in
                expected.withPointer { RequantizeVariants.reference.run(a.baseAddress!, rows, channels, p, $0) }
                actual.withPointer { variant.run(a.baseAddress!, rows, channels, p, $0) }
            }
        }
        #expect(actual.values == expected.values)
        #expect(actual.guardsIntact)
    }
}

@Suite struct ActivationLUTTests {
    @Test(arguments: ActivationLUTVariants.available.filter { !$0.isReference })
    func variantEqualsReference(_ v: ActivationLUTVariant) throws {
        var rng = SplitMix64(seed: 61)
        let table = try ActivationTable(entries: rng.int8s(256))
        for count in Array(0...70) + [127, 128, 129, 1000, 4099] {
            var x = rng.int8s(count)
            if count == 256 { x = (0..<256).map { Int8(truncatingIfNeeded: $0) } }
            var expected = GuardedBuffer<Int8>(count: count), actual = GuardedBuffer<Int8>(count: count)
            x.withUnsafeBufferPointer { xb in
                let base = xb.baseAddress ?? UnsafePointer(bitPattern: 64)!
                expected.withPointer { ActivationLUTVariants.reference.run(table, base, count: count, $0) }
                actual.withPointer { v.run(table, base, count: count, $0) }
            }
            #expect(actual.values == expected.values, "count \(count)")
            #expect(actual.guardsIntact)
        }
    }

    @Test func tabulatedActivationsAreExact() throws {
        let input = try AffineQuantization(scale: 0.05, zeroPoint: -10)
        let output = try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)
        let tanh = ActivationTable(input: input, output: output) { tanhf($0) }
        for q in -128...127 {
            #expect(tanh.entries[q + 128] == output.quantize(tanhf(input.dequantize(Int8(q)))))
        }
        #expect(throws: QuantizationError.self) { try ActivationTable(entries: [1, 2]) }
    }

    @Test(arguments: RequantizeVariants.available)
    func reluIsFusedAsTheLowerBound(_ v: RequantizeVariant) throws {
        let r = try Requantization(inputScale: 0.1, weightScales: [Float](repeating: 0.01, count: 20),
                                   output: try AffineQuantization(scale: 0.01, zeroPoint: -5), relu: true)
        var acc: [Int32] = (0..<20).map { Int32($0 * 37 - 400) }
        var out = GuardedBuffer<Int8>(count: 20)
        acc.withUnsafeMutableBufferPointer { a in r.withPointers { p in out.withPointer { v.run(a.baseAddress!, 1, 20, p, $0) } } }
        #expect(out.values.allSatisfy { $0 >= -5 })
        #expect(out.values.contains(-5))
    }
}

#if canImport(Glibc)
import Glibc
#endif
