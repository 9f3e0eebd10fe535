import Testing
import TernTestSupport
@testable import TernKernels

func randomConv(_ rng: inout SplitMix64, cin: Int, cout: Int, width: Int, taps: [Bool]? = nil,
                padding: Conv1DPadding, zeroPoint: Int32? = nil) throws -> Conv1DWeights {
    let dense = try randomDense(&rng, k: width * cin, n: cout, zeroPoint: zeroPoint)
    return try Conv1DWeights(inputs: cin, outputs: cout, width: width, taps: taps, padding: padding,
                             weights: dense.weights, bias: dense.bias, inputZeroPoint: dense.inputZeroPoint,
                             requantization: dense.requantization)
}

func runConv(_ v: Conv1DVariant, _ layer: Conv1DWeights, _ x: [Int8], rows: Int) throws -> GuardedBuffer<Int8> {
    let packed = try v.pack(layer)
    var out = GuardedBuffer<Int8>(count: rows * layer.outputs)
    x.withUnsafeBufferPointer { xb in out.withPointer { v.run(packed, xb.baseAddress!, rows: rows, $0) } }
    return out
}

@Suite struct Conv1DTests {
    static let fast = Conv1DVariants.available.filter { !$0.isReference }

    @Test(arguments: fast)
    func variantEqualsReference(_ v: Conv1DVariant) throws {
        var rng = SplitMix64(seed: 31)
        let masks: [[Bool]?] = [nil, [true, false, true], [true, false, false, true]]
        for padding in Conv1DPadding.allCases {
            for width in 1...5 {
                for (t, cin, cout) in [(1, 3, 5), (2, 16, 17), (5, 31, 64), (9, 64, 130), (67, 20, 48), (16, 128, 96), (150, 96, 40)] {
                    let layer = try randomConv(&rng, cin: cin, cout: cout, width: width, padding: padding)
                    let x = rng.int8s(t * cin)
                    let expected = try runConv(Conv1DVariants.reference, layer, x, rows: t)
                    let actual = try runConv(v, layer, x, rows: t)
                    #expect(actual.values == expected.values, "\(padding) k \(width) T \(t) Cin \(cin) Cout \(cout)")
                    #expect(actual.guardsIntact)
                }
            }
            for mask in masks.compactMap({ $0 }) {
                let layer = try randomConv(&rng, cin: 24, cout: 40, width: mask.count, taps: mask, padding: padding)
                let x = rng.int8s(11 * 24)
                #expect(try runConv(v, layer, x, rows: 11).values == runConv(Conv1DVariants.reference, layer, x, rows: 11).values)
            }
        }
    }

    /// Output rows of a range (threads that split a convolution by rows):
    /// the rows `run` writes for the whole input, nothing outside them, and
    /// no scratch byte beyond `scratchBytes(rows: range.count)`. Ranges cut
    /// through the edge rows (causal: the first width - 1, anticausal: the
    /// last), hold a single row, or the whole input; with and without
    /// scratch, every tap on (read in place on the variants that read rows
    /// in place, `dense_x86_avx512vnni`'s twin: where the CPU has it) and
    /// tap masks (built). Then the threads' pattern: adjacent ranges into one
    /// output, each with its slice of one scratch.
    @Test(arguments: Conv1DVariants.available)
    func outputRowRangesEqualTheWholeRun(_ v: Conv1DVariant) throws {
        var rng = SplitMix64(seed: 41)
        var layers: [Conv1DWeights] = []
        for padding in Conv1DPadding.allCases {
            for width in 1...5 { layers.append(try randomConv(&rng, cin: 19, cout: 37, width: width, padding: padding)) }
            layers.append(try randomConv(&rng, cin: 24, cout: 40, width: 3, taps: [true, false, true], padding: padding))
        }
        for layer in layers {
            for t in [1, 2, 5, 9, 70] {
                let x = rng.int8s(t * layer.inputs)
                let whole = try runConv(Conv1DVariants.reference, layer, x, rows: t).values
                let packed = try v.pack(layer)
                let band = layer.width - 1   // edge rows: the first (causal) or last (anticausal) `band`
                func clipped(_ a: Int, _ b: Int) -> Range<Int> { let lo = max(0, min(a, t)); return lo..<max(lo, min(b, t)) }
                var ranges: [Range<Int>] = [0..<t, 0..<1, (t - 1)..<t, clipped(0, band), clipped(t - band, t),
                                            clipped(1, band), clipped(t - band, t - 1)]
                for _ in 0..<4 {
                    let a = Int(rng.next() % UInt64(t + 1)), b = Int(rng.next() % UInt64(t + 1))
                    ranges.append(min(a, b)..<max(a, b))
                }
                for range in ranges {
                    for withScratch in [true, false] {
                        var out = GuardedBuffer<Int8>(count: range.count * layer.outputs)
                        var scratch = GuardedBuffer<Int8>(count: packed.scratchBytes(rows: range.count))
                        x.withUnsafeBufferPointer { xb in
                            out.withPointer { o in
                                scratch.withPointer { s in
                                    v.run(packed, xb.baseAddress!, rows: t, outputRows: range, o, scratch: withScratch ? s : nil)
                                }
                            }
                        }
                        let what = "\(layer.padding) k \(layer.width) taps \(layer.activeTaps) T \(t) rows \(range) scratch \(withScratch)"
                        #expect(out.values == Array(whole[(range.lowerBound * layer.outputs)..<(range.upperBound * layer.outputs)]), "\(what)")
                        #expect(out.guardsIntact && scratch.guardsIntact, "\(what)")
                    }
                }
                // Split as threads split it: cuts at 1, inside the edge band, at a third.
                let cuts = Array(Set([0, min(t, 1), min(t, max(1, band - 1)), t / 3, t])).sorted()
                var whole2 = GuardedBuffer<Int8>(count: t * layer.outputs)
                var scratch = GuardedBuffer<Int8>(count: packed.scratchBytes(rows: t))
                let perRow = packed.scratchBytes(rows: 1)
                x.withUnsafeBufferPointer { xb in
                    whole2.withPointer { o in
                        scratch.withPointer { s in
                            for (a, b) in zip(cuts, cuts.dropFirst()) {
                                v.run(packed, xb.baseAddress!, rows: t, outputRows: a..<b, o + a * layer.outputs, scratch: s + a * perRow)
                            }
                        }
                    }
                }
                #expect(whole2.values == whole && whole2.guardsIntact && scratch.guardsIntact,
                        "\(layer.padding) k \(layer.width) T \(t) cuts \(cuts)")
            }
        }
    }

    /// The variants that read their rows in place (`DenseInputRows`) are
    /// the ones the test above runs that way: a layer with every tap on.
    @Test func inPlaceRowsNeedEveryTap() throws {
        var rng = SplitMix64(seed: 37)
        let x = rng.int8s(8 * 4)
        let edge = UnsafeMutablePointer<Int8>.allocate(capacity: 3 * 3 * 4)
        defer { edge.deallocate() }
        x.withUnsafeBufferPointer { xb in
            for padding in Conv1DPadding.allCases {
                let all = try! randomConv(&rng, cin: 4, cout: 8, width: 3, padding: padding)
                let skip = try! randomConv(&rng, cin: 4, cout: 8, width: 3, taps: [true, false, true], padding: padding)
                #expect(skip.inPlaceRows(xb.baseAddress!, rows: 8, edge: edge) == nil)
                let rows = all.inPlaceRows(xb.baseAddress!, rows: 8, edge: edge)
                #expect(rows?.edgeRows == (padding == .causal ? 0..<2 : 6..<8) && rows?.stride == 4)
                #expect(all.inPlaceRows(xb.baseAddress!, rows: 1, edge: edge)?.edgeRows.count == 1)
            }
        }
        #if X86Intrinsics && arch(x86_64)
        #expect(DenseVariants.variant(id: "dense_x86_avx512vnni")?.readsRowsInPlace == true)
        #endif
    }

    /// Every im2col twin holds the dense variant it runs on, and is named and leveled after it.
    @Test func twinsHoldTheirDenseVariant() throws {
        #expect(Conv1DVariants.reference.dense == nil)
        let twins = Conv1DVariants.all.filter { !$0.isReference }
        #expect(twins.count == DenseVariants.all.filter { !$0.isReference && !$0.ternaryOnly }.count)
        for v in twins {
            let dense = try #require(v.dense, "\(v.id)")
            #expect(v.id == "conv1d_" + dense.flavour && v.isa == dense.isa && Conv1DVariants.twinID(ofDense: dense.id) == v.id)
        }
        #expect(DenseVariants.reference.flavour == "scalar_ref")
    }

    @Test func paddingSeesTheRightSteps() throws {
        // One input channel, identity-like weights on a single tap: output t copies input s(t).
        let r = try Requantization(realMultipliers: [1.0], outputZeroPoints: [0], lower: [-128], upper: [127])
        let x: [Int8] = [10, 20, 30, 40]
        for (padding, tap, expected) in [(Conv1DPadding.causal, 0, [Int8]([0, 0, 10, 20])),
                                         (.causal, 2, [10, 20, 30, 40]),
                                         (.anticausal, 0, [10, 20, 30, 40]),
                                         (.anticausal, 2, [30, 40, 0, 0])] {
            var w = [Int8](repeating: 0, count: 3)
            w[tap] = 1
            let layer = try Conv1DWeights(inputs: 1, outputs: 1, width: 3, padding: padding, weights: w, bias: [0],
                                          inputZeroPoint: 0, requantization: r)
            for v in Conv1DVariants.available {
                #expect(try runConv(v, layer, x, rows: 4).values == expected, "\(v) \(padding) tap \(tap)")
            }
        }
    }

    /// Threads that split a convolution by rows build their own im2col rows:
    /// the pieces, side by side, are the whole.
    @Test func im2colRowRangesMakeTheWhole() throws {
        var rng = SplitMix64(seed: 41)
        for padding in Conv1DPadding.allCases {
            let layer = try randomConv(&rng, cin: 5, cout: 3, width: 3, taps: [true, false, true], padding: padding)
            let rows = 11, rowBytes = layer.activeTaps.count * layer.inputs
            let x = (0..<(rows * layer.inputs)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            var whole = [Int8](repeating: 0, count: rows * rowBytes), pieces = whole
            x.withUnsafeBufferPointer { xp in
                whole.withUnsafeMutableBufferPointer { conv1dIm2col(layer, xp.baseAddress!, rows: rows, $0.baseAddress!) }
                pieces.withUnsafeMutableBufferPointer { out in
                    for range in [0..<4, 4..<5, 5..<11] {
                        conv1dIm2col(layer, xp.baseAddress!, rows: rows, building: range, out.baseAddress! + range.lowerBound * rowBytes)
                    }
                }
            }
            #expect(pieces == whole)
        }
    }

    @Test func skipBigramIgnoresMaskedTaps() throws {
        var rng = SplitMix64(seed: 32)
        let full = try randomConv(&rng, cin: 8, cout: 8, width: 3, padding: .anticausal)
        var zeroed = full.weights
        for i in (8 * 8)..<(2 * 8 * 8) { zeroed[i] = 0 }
        let masked = try Conv1DWeights(inputs: 8, outputs: 8, width: 3, taps: [true, false, true], padding: .anticausal,
                                       weights: full.weights, bias: full.bias, inputZeroPoint: full.inputZeroPoint,
                                       requantization: full.requantization)
        let explicit = try Conv1DWeights(inputs: 8, outputs: 8, width: 3, padding: .anticausal, weights: zeroed,
                                         bias: full.bias, inputZeroPoint: full.inputZeroPoint, requantization: full.requantization)
        let x = rng.int8s(10 * 8)
        #expect(try runConv(Conv1DVariants.reference, masked, x, rows: 10).values
                == runConv(Conv1DVariants.reference, explicit, x, rows: 10).values)
    }

    @Test(arguments: Conv1DVariants.available)
    func fusedGatesEqualThreeConvolutions(_ v: Conv1DVariant) throws {
        var rng = SplitMix64(seed: 33)
        for padding in Conv1DPadding.allCases {
            let zx = Int32(rng.below(256)) - 128
            let gates = try (0..<3).map { _ in try randomConv(&rng, cin: 32, cout: 24, width: 3, padding: padding, zeroPoint: zx) }
            let fused = try Conv1DWeights.fusedGates(z: gates[0], f: gates[1], o: gates[2])
            let x = rng.int8s(13 * 32)
            let all = try runConv(v, fused, x, rows: 13).values
            for (g, layer) in gates.enumerated() {
                let single = try runConv(v, layer, x, rows: 13).values
                for t in 0..<13 {
                    #expect(Array(all[(t * 72 + g * 24)..<(t * 72 + g * 24 + 24)]) == Array(single[(t * 24)..<(t * 24 + 24)]))
                }
            }
        }
    }

    @Test func invalidConvolutionsAreRefused() throws {
        let r = try Requantization(realMultipliers: [0.5], outputZeroPoints: [0], lower: [-128], upper: [127])
        #expect(throws: QuantizationError.self) {
            try Conv1DWeights(inputs: 1, outputs: 1, width: 6, padding: .causal, weights: [Int8](repeating: 0, count: 6), bias: [0], inputZeroPoint: 0, requantization: r)
        }
        #expect(throws: QuantizationError.self) {
            try Conv1DWeights(inputs: 1, outputs: 1, width: 2, taps: [false, false], padding: .causal, weights: [0, 0], bias: [0], inputZeroPoint: 0, requantization: r)
        }
        #expect(throws: QuantizationError.self) {
            try Conv1DWeights(inputs: 2, outputs: 1, width: 2, padding: .causal, weights: [0, 0], bias: [0], inputZeroPoint: 0, requantization: r)
        }
    }
}
