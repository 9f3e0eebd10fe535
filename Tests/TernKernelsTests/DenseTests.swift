import Testing
import TernTestSupport
@testable import TernKernels

/// Random layers in the contract: extreme values and zero points included.
func randomDense(_ rng: inout SplitMix64, k: Int, n: Int, zeroPoint: Int32? = nil,
                 weights fill: Int8? = nil, relu: Bool = false) throws -> DenseWeights {
    let w = fill.map { [Int8](repeating: $0, count: k * n) } ?? (0..<(k * n)).map { _ in
        switch rng.below(10) { case 0: return -127; case 1: return 127; default: return Int8(Int(rng.next() % 255) - 127) }
    }
    let bias = (0..<n).map { _ in Int32(truncatingIfNeeded: rng.next() % 200_001) - 100_000 }
    let zx = zeroPoint ?? Int32(rng.below(256)) - 128
    // Output scale of about K * 128 * 127 * M / 2 keeps most outputs inside int8.
    let m = 1.0 / (Double(k).squareRoot() * 64 * (1 + rng.unit()))
    let r = try Requantization(realMultipliers: (0..<n).map { _ in m * (0.5 + rng.unit()) },
                               outputZeroPoints: [Int32](repeating: Int32(rng.below(200)) - 100, count: n),
                               lower: [Int32](repeating: relu ? -20 : -128, count: n), upper: [Int32](repeating: 127, count: n))
    return try DenseWeights(inputs: k, outputs: n, weights: w, bias: bias, inputZeroPoint: zx, requantization: r)
}

func runDense(_ v: DenseVariant, _ layer: DenseWeights, _ x: [Int8], rows: Int) -> GuardedBuffer<Int8> {
    let packed = v.pack(layer)
    var out = GuardedBuffer<Int8>(count: rows * layer.outputs)
    x.withUnsafeBufferPointer { xb in out.withPointer { v.run(packed, xb.baseAddress!, rows: rows, $0) } }
    return out
}

@Suite struct DenseTests {
    static let general = DenseVariants.available.filter { !$0.ternaryOnly && !$0.isReference }
    static let shapes: [(t: Int, k: Int, n: Int)] = [
        (1, 1, 1), (2, 3, 5), (3, 4, 16), (4, 5, 17), (5, 7, 31), (1, 8, 64), (7, 31, 63), (8, 64, 65),
        (9, 127, 128), (13, 128, 129), (16, 129, 130), (17, 256, 15), (31, 33, 80), (67, 64, 48),
        (3, 512, 64), (5, 512, 128), (4, 512, 256), (2, 1024, 256), (4, 1024, 64), (3, 1024, 128), (6, 300, 200),
        (67, 300, 80), (100, 1024, 96), (20, 2000, 40), (130, 20, 272),
    ]

    @Test(arguments: general)
    func variantEqualsReferenceOnEveryTileEdge(_ v: DenseVariant) throws {
        var rng = SplitMix64(seed: 21)
        for s in Self.shapes {
            let layer = try randomDense(&rng, k: s.k, n: s.n, relu: rng.below(2) == 0)
            let x = rng.int8s(s.t * s.k)
            let expected = runDense(DenseVariants.reference, layer, x, rows: s.t)
            let actual = runDense(v, layer, x, rows: s.t)
            #expect(actual.values == expected.values, "T \(s.t) K \(s.k) N \(s.n)")
            #expect(actual.guardsIntact, "T \(s.t) K \(s.k) N \(s.n)")
        }
    }

    @Test(arguments: general)
    func extremeValuesAndZeroPoints(_ v: DenseVariant) throws {
        var rng = SplitMix64(seed: 22)
        for (xv, wv, zx) in [(Int8(-128), Int8(-127), Int32(127)), (127, 127, -128), (-128, 127, -128), (127, -127, 127), (0, 0, 0)] {
            let layer = try randomDense(&rng, k: 1000, n: 70, zeroPoint: zx, weights: wv)
            let x = [Int8](repeating: xv, count: 6 * 1000)
            let expected = runDense(DenseVariants.reference, layer, x, rows: 6)
            let actual = runDense(v, layer, x, rows: 6)
            #expect(actual.values == expected.values)
            #expect(actual.guardsIntact)
        }
    }

    /// Every shift a real multiplier gives (1...61: 2^-31 up to almost
    /// 2^30), per-channel zero points and bounds: small shifts make
    /// products far beyond 32 bits after the shift, large ones round ties.
    @Test(arguments: general)
    func everyShiftAndBound(_ v: DenseVariant) throws {
        var rng = SplitMix64(seed: 25)
        for (t, k, n) in [(9, 5, 61), (17, 64, 62), (3, 300, 70)] {
            let shifts = (0..<n).map { c in c % 61 }   // real multiplier 2^(29 - s) * (1 + fraction): shift s + 1
            let m = shifts.map { s in Double(sign: .plus, exponent: 29 - s, significand: 1 + rng.unit() * 0.99) }
            let lo = (0..<n).map { _ in Int32(rng.below(256)) - 128 }
            let r = try Requantization(realMultipliers: m, outputZeroPoints: (0..<n).map { _ in Int32(rng.below(256)) - 128 },
                                       lower: lo, upper: lo.map { $0 + Int32(rng.below(128 - Int($0))) })
            #expect(Set(r.shifts) == Set(1...61))
            let w = (0..<(k * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let bias = (0..<n).map { _ in Int32(truncatingIfNeeded: rng.next() % 2_000_001) - 1_000_000 }
            let layer = try DenseWeights(inputs: k, outputs: n, weights: w, bias: bias, inputZeroPoint: Int32(rng.below(256)) - 128,
                                         requantization: r)
            let x = rng.int8s(t * k)
            let actual = runDense(v, layer, x, rows: t)
            #expect(actual.values == runDense(DenseVariants.reference, layer, x, rows: t).values, "T \(t) K \(k) N \(n)")
            #expect(actual.guardsIntact)
        }
    }

    /// Layers whose every shift is 32...61 (M < 1/2, as trained layers
    /// have): the AVX2 kernels' short epilogue. Extreme weights and inputs
    /// and a bias of 2^29 reach accumulators past 2^29 and products near
    /// 2^60, so most outputs saturate at either bound (the ties are the
    /// next test's).
    @Test(arguments: DenseVariants.available.filter { !$0.isReference })
    func largeShiftsOnExtremeAccumulators(_ v: DenseVariant) throws {
        var rng = SplitMix64(seed: 26)
        for (t, k, n) in [(5, 8, 64), (6, 512, 60), (3, 1000, 33)] {
            let significands: [Double] = [1, 1.5, 1 + rng.unit() * 0.99]
            let m = (0..<n).map { c in Double(sign: .plus, exponent: -2 - c % 30, significand: significands[c % 3]) }
            let lo = (0..<n).map { _ in Int32(rng.below(256)) - 128 }
            let r = try Requantization(realMultipliers: m, outputZeroPoints: (0..<n).map { _ in Int32(rng.below(256)) - 128 },
                                       lower: lo, upper: lo.map { $0 + Int32(rng.below(128 - Int($0))) })
            #expect(r.shifts.min()! >= 32 && Set(r.shifts).count == min(n, 30))
            let ternary = v.ternaryOnly   // input in {-1, 0, 1}, zero point 0
            let w = (0..<(k * n)).map { i in i % 7 == 0 ? Int8(-128) : i % 5 == 0 ? 127 : Int8(truncatingIfNeeded: rng.next()) }
            let bias = (0..<n).map { c in c % 4 == 0 ? Int32(1 << 29) : -Int32(truncatingIfNeeded: rng.next() % 1_000_000) }
            let layer = try DenseWeights(inputs: k, outputs: n, weights: w, bias: bias,
                                         inputZeroPoint: ternary ? 0 : -128, requantization: r)
            let x = (0..<(t * k)).map { i in ternary ? Int8(i % 3) - 1 : i % 2 == 0 ? 127 : Int8(truncatingIfNeeded: rng.next()) }
            let actual = runDense(v, layer, x, rows: t)
            #expect(actual.values == runDense(DenseVariants.reference, layer, x, rows: t).values, "T \(t) K \(k) N \(n)")
            #expect(actual.guardsIntact)
        }
    }

    /// Exact ties under large shifts, both signs, and their neighbours one
    /// away: the bias is an odd multiple of half a step of channel c's
    /// multiplier (1 or 1.5 times 2^-(2...23)), and x * w in {-1, 0, 1}
    /// moves it off the tie. Ternary input, so every variant runs it.
    @Test(arguments: DenseVariants.available.filter { !$0.isReference })
    func largeShiftsRoundExactTiesAwayFromZero(_ v: DenseVariant) throws {
        let (t, k, n) = (5, 4, 90)
        let significands: [Double] = [1, 1.5]
        // Shifts 32...53: the bias (up to 41 half steps of 2^23) stays under 2^30.
        let m = (0..<n).map { c in Double(sign: .plus, exponent: -2 - c % 22, significand: significands[(c / 22) % 2]) }
        let r = try Requantization(realMultipliers: m, outputZeroPoints: (0..<n).map { Int32($0 % 7) - 3 },
                                   lower: [Int32](repeating: -128, count: n), upper: [Int32](repeating: 127, count: n))
        #expect(r.shifts.min()! >= 32)
        // Half a step: 2^(r-31) for multiplier 2^30 (significand 1), 2^(r-30) for 3 * 2^29.
        let halfStep = (0..<n).map { c in Int32(1) << (r.multipliers[c] == 1 << 30 ? r.shifts[c] - 31 : r.shifts[c] - 30) }
        let bias = (0..<n).map { c in halfStep[c] * Int32(2 * (c % 41) - 41) }
        var w = [Int8](repeating: 0, count: k * n)
        for c in 0..<n { w[c] = Int8(c % 3) - 1 }   // row 0 of [K, N]
        let layer = try DenseWeights(inputs: k, outputs: n, weights: w, bias: bias, inputZeroPoint: 0, requantization: r)
        let x = (0..<(t * k)).map { i in Int8(i % 3) - 1 }
        let expected = runDense(DenseVariants.reference, layer, x, rows: t)
        let actual = runDense(v, layer, x, rows: t)
        #expect(actual.values == expected.values)
        #expect(actual.guardsIntact)
    }

    @Test(arguments: DenseVariants.available.filter(\.ternaryOnly))
    func ternaryVariantEqualsReferenceOnProjections(_ v: DenseVariant) throws {
        var rng = SplitMix64(seed: 23)
        let plan = try ProjectionPlan(ProjectionOptions(featureSize: 512))
        for s in Self.shapes + [(t: 40, k: 512, n: 128)] {
            let layer = try randomDense(&rng, k: s.k, n: s.n, zeroPoint: 0)
            // Real projections where K allows, random ternary otherwise.
            var x = (0..<(s.t * s.k)).map { _ in Int8(rng.below(3)) - 1 }
            if s.k == 512 {
                let ws = ProjectionWorkspace()
                try ProjectionVariants.reference.project(
                    (0..<s.t).map { "token\($0)" }.joined(separator: " "), plan: plan, workspace: ws)
                x = ws.featureArray
            }
            #expect(v.accepts(layer))
            let expected = runDense(DenseVariants.reference, layer, x, rows: s.t)
            let actual = runDense(v, layer, x, rows: s.t)
            #expect(actual.values == expected.values, "T \(s.t) K \(s.k) N \(s.n)")
            #expect(actual.guardsIntact)
        }
    }

    /// The ternary variants at the ends of their ranges: every weight -128 or
    /// 127 under all +1 or all -1 input (the largest sums an int16
    /// accumulator of `dense_ternary_x86_avx2` takes before it widens), long
    /// enough rows to widen several times, and every K remainder.
    @Test(arguments: DenseVariants.available.filter(\.ternaryOnly))
    func ternaryVariantAtItsExtremes(_ v: DenseVariant) throws {
        var rng = SplitMix64(seed: 26)
        for (k, n, t) in [(252, 16, 4), (253, 17, 5), (1000, 70, 6), (2001, 33, 3), (4096, 16, 1)] {
            for (w, x) in [(Int8(-128), Int8(1)), (-128, -1), (127, 1), (127, -1)] {
                let layer = try randomDense(&rng, k: k, n: n, zeroPoint: 0, weights: w)
                let input = [Int8](repeating: x, count: t * k)
                let expected = runDense(DenseVariants.reference, layer, input, rows: t)
                let actual = runDense(v, layer, input, rows: t)
                #expect(actual.values == expected.values, "K \(k) N \(n) w \(w) x \(x)")
                #expect(actual.guardsIntact)
            }
            // Mixed extremes, and a row of zeros among them.
            let weights = (0..<(k * n)).map { _ in rng.below(2) == 0 ? Int8(-128) : 127 }
            let layer = try DenseWeights(inputs: k, outputs: n, weights: weights, bias: [Int32](repeating: 0, count: n),
                                         inputZeroPoint: 0, requantization: try randomDense(&rng, k: k, n: n).requantization)
            var input = (0..<(t * k)).map { _ in Int8(rng.below(3)) - 1 }
            for i in 0..<k { input[i] = 0 }
            #expect(runDense(v, layer, input, rows: t).values == runDense(DenseVariants.reference, layer, input, rows: t).values,
                    "K \(k) N \(n) mixed")
        }
    }

    @Test func referenceIsWithinOneLSBOfTheFloatOracle() throws {
        var rng = SplitMix64(seed: 24)
        let layer = try randomDense(&rng, k: 300, n: 40)
        let x = rng.int8s(5 * 300)
        let out = runDense(DenseVariants.reference, layer, x, rows: 5).values
        for t in 0..<5 {
            for n in 0..<40 {
                var real = Double(layer.bias[n])
                for k in 0..<300 {
                    real += Double(Int32(x[t * 300 + k]) - layer.inputZeroPoint) * Double(layer.weights[k * 40 + n])
                }
                let y = Double(layer.requantization.zeroPoints[n]) + real * layer.requantization.realMultiplier(n)
                let oracle = max(-128, min(127, y.rounded(.toNearestOrAwayFromZero)))
                #expect(abs(Double(out[t * 40 + n]) - oracle) <= 1)
            }
        }
    }

    @Test func badShapesAreRefused() throws {
        let r = try Requantization(realMultipliers: [0.5], outputZeroPoints: [0], lower: [-128], upper: [127])
        #expect(throws: QuantizationError.self) { try DenseWeights(inputs: 2, outputs: 1, weights: [1], bias: [0], inputZeroPoint: 0, requantization: r) }
        #expect(throws: QuantizationError.self) { try DenseWeights(inputs: 0, outputs: 1, weights: [], bias: [0], inputZeroPoint: 0, requantization: r) }
        #expect(throws: QuantizationError.self) { try DenseWeights(inputs: 1, outputs: 1, weights: [1], bias: [1 << 30], inputZeroPoint: 0, requantization: r) }
        #expect(throws: QuantizationError.zeroPointOutOfRange(200)) { try DenseWeights(inputs: 1, outputs: 1, weights: [1], bias: [0], inputZeroPoint: 200, requantization: r) }
    }
}
