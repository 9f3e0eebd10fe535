import Testing
import TernTestSupport
@testable import TernKernels

func randomPooling(_ rng: inout SplitMix64, channels: Int, mode: QRNNGateInput) throws -> QRNNPooling {
    func q(_ scale: Double) throws -> AffineQuantization {
        try AffineQuantization(scale: Float(scale * (0.5 + rng.unit())), zeroPoint: Int32(rng.below(256)) - 128)
    }
    let output = try AffineQuantization(scale: Float(1.0 / 127 * (0.5 + rng.unit())), zeroPoint: Int32(rng.below(41)) - 20)
    return try QRNNPooling(channels: channels, z: q(0.05), f: q(0.05), o: q(0.05), gateInput: mode, output: output)
}

func runPool(_ v: QRNNPoolVariant, _ p: QRNNPooling, _ gates: [Int8], rows: Int, length: Int,
             _ d: QRNNDirection) -> GuardedBuffer<Int8> {
    var out = GuardedBuffer<Int8>(count: rows * p.channels)
    gates.withUnsafeBufferPointer { g in out.withPointer { v.run(p, g.baseAddress!, rows: rows, length: length, direction: d, $0) } }
    return out
}

@Suite struct QRNNPoolTests {
    @Test(arguments: QRNNPoolVariants.available.filter { !$0.isReference })
    func variantMatchesReferenceWithinItsTolerance(_ v: QRNNPoolVariant) throws {
        var rng = SplitMix64(seed: 41)
        var worst = 0
        for mode in QRNNGateInput.allCases {
            for d in QRNNDirection.allCases {
                for (t, s) in [(1, 1), (2, 5), (7, 16), (13, 17), (67, 64), (32, 128), (5, 130), (128, 24)] {
                    let p = try randomPooling(&rng, channels: s, mode: mode)
                    let gates = rng.int8s(t * 3 * s)
                    let length = rng.below(3) == 0 ? t : 1 + rng.below(t)
                    let expected = runPool(QRNNPoolVariants.reference, p, gates, rows: t, length: length, d)
                    let actual = runPool(v, p, gates, rows: t, length: length, d)
                    #expect(actual.guardsIntact)
                    for (a, e) in zip(actual.values, expected.values) { worst = max(worst, abs(Int(a) - Int(e))) }
                }
            }
        }
        #expect(worst <= v.maxDifference, "\(v): worst difference \(worst) int8 steps")
    }

    @Test func recurrenceFollowsTheFormula() throws {
        // Activated gates: z = 0.5, f = 0.5, o = 1 with scale 1/127 and 1/255.
        let zq = try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)
        let fq = try AffineQuantization(scale: 1.0 / 254, zeroPoint: -127)
        let out = try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)
        let p = try QRNNPooling(channels: 1, z: zq, f: fq, o: fq, gateInput: .activated, output: out)
        // z = 0.5 -> 63.5 (use 64 / 127), f = 0.5 -> q = 0, o = 1 -> q = 127.
        let gates: [Int8] = [64, 0, 127, 64, 0, 127, 64, 0, 127]
        let z = Float(64) / 127
        var c: Float = 0
        var expected: [Int8] = []
        for _ in 0..<3 {
            c = 0.5 * c + 0.5 * z
            expected.append(Int8((c * 127).rounded(.toNearestOrAwayFromZero)))
        }
        for v in QRNNPoolVariants.available {
            let got = runPool(v, p, gates, rows: 3, length: 3, .forward).values
            for (g, e) in zip(got, expected) { #expect(abs(Int(g) - Int(e)) <= v.maxDifference, "\(v)") }
        }
        #expect(runPool(QRNNPoolVariants.reference, p, gates, rows: 3, length: 3, .forward).values == expected)
    }

    @Test(arguments: QRNNPoolVariants.available)
    func paddedStepsKeepTheState(_ v: QRNNPoolVariant) throws {
        var rng = SplitMix64(seed: 42)
        let p = try randomPooling(&rng, channels: 20, mode: .preActivation)
        let gates = rng.int8s(10 * 60)
        for d in QRNNDirection.allCases {
            let padded = runPool(v, p, gates, rows: 10, length: 6, d).values
            let short = runPool(v, p, Array(gates.prefix(6 * 60)), rows: 6, length: 6, d).values
            #expect(Array(padded.prefix(6 * 20)) == short, "\(d)")
            #expect(padded.suffix(4 * 20).allSatisfy { Int32($0) == p.output.zeroPoint })
        }
    }

    /// The Q14 variants share one arithmetic, whatever their lookups (word
    /// permutes, byte planes, scalar loads): the same bits out, on channel
    /// counts either side of the 32- and 64-channel blocks, padding and both
    /// directions included.
    @Test func q14VariantsAgreeBitForBit() throws {
        let q14 = QRNNPoolVariants.available.filter { $0.id.contains("_q14_") }
        var rng = SplitMix64(seed: 44)
        for mode in QRNNGateInput.allCases {
            for d in QRNNDirection.allCases {
                for (t, s) in [(3, 1), (9, 31), (5, 32), (7, 33), (4, 63), (6, 64), (5, 65), (3, 127), (33, 128), (4, 129), (3, 200)] {
                    let p = try randomPooling(&rng, channels: s, mode: mode)
                    let planes = p.int16TableBytes
                    #expect(planes.count == 1536 && zip(planes.prefix(768), planes.suffix(768)).map { Int16(bitPattern: UInt16($1) << 8 | UInt16($0)) } == p.int16Tables)
                    let gates = rng.int8s(t * 3 * s)
                    let length = rng.below(2) == 0 ? t : 1 + rng.below(t)
                    let outputs = q14.map { runPool($0, p, gates, rows: t, length: length, d) }
                    for (v, out) in zip(q14, outputs) {
                        #expect(out.guardsIntact, "\(v)")
                        #expect(out.values == outputs[0].values, "\(v) against \(q14[0]) at T \(t) S \(s) length \(length) \(d) \(mode)")
                    }
                }
            }
        }
    }

    @Test func tablesAreExactActivations() throws {
        let q = try AffineQuantization(scale: 0.04, zeroPoint: 3)
        let p = try QRNNPooling(channels: 1, z: q, f: q, o: q, gateInput: .preActivation, output: q)
        for v in -128...127 {
            let real = q.dequantize(Int8(v))
            #expect(p.zTable[v + 128] == tanhf(real))
            #expect(p.fTable[v + 128] == 1 / (1 + expf(-real)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

@Suite struct QRNNQ15ErrorTests {
    /// The Q15 state's added error on long sequences, forget gates near 1
    /// included (where rounding errors accumulate longest).
    @Test(arguments: QRNNPoolVariants.available.filter { $0.maxDifference > 0 })
    func fixedPointErrorOnLongSequences(_ q15: QRNNPoolVariant) throws {
        var rng = SplitMix64(seed: 43)
        var worst = 0, differing = 0, total = 0
        for trial in 0..<6 {
            let p = try randomPooling(&rng, channels: 128, mode: .preActivation)
            // Later trials push f toward 1: large f pre-activations.
            let gates: [Int8] = (0..<(512 * 384)).map { i in
                let gate = (i % 384) / 128
                if gate == 1 && trial >= 3 { return Int8(100 + rng.below(28)) }
                return rng.int8()
            }
            let a = runPool(QRNNPoolVariants.reference, p, gates, rows: 512, length: 512, .forward).values
            let b = runPool(q15, p, gates, rows: 512, length: 512, .forward).values
            for (x, y) in zip(a, b) {
                let d = abs(Int(x) - Int(y))
                worst = max(worst, d)
                if d != 0 { differing += 1 }
                total += 1
            }
        }
        print("\(q15.id) vs float: worst \(worst) int8 steps, \(differing) of \(total) outputs differ")
        #expect(worst <= q15.maxDifference)
    }
}
