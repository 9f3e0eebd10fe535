// The conv1d twins of the arm64 dense variants (scripts/test-arm): on arm64
// the registry builds `conv1d_arm_neon` / `_dotprod` / `_i8mm` from the dense
// variant of the same name (`Conv1DVariant.im2col`: `conv1dIm2col`, then the
// dense kernel over `[T, taps * C_in]`). Checked here the same way, with the
// package's own Conv1DWeights, im2col and conv1d_scalar_ref, against the
// direct reference: widths 1-5, both paddings, PRADO's skip-bigram masks,
// the fused QRNN gates, T from 1 to past the 4-row tile, zero points and
// weights at both ends, guard bytes around every output.

/// A random convolution in the contract; extremes (-128 and 127 weights) included.
func randomConv(_ rng: inout Rng, cin: Int, cout: Int, width: Int, taps: [Bool]?, padding: Conv1DPadding,
                zeroPoint: Int32? = nil, weights fill: Int8? = nil) -> Conv1DWeights {
    var w = [Int8](repeating: 0, count: width * cin * cout)
    for i in 0..<w.count {
        if let fill { w[i] = fill; continue }
        switch rng.below(10) { case 0: w[i] = -128; case 1: w[i] = 127; default: w[i] = rng.int8() }
    }
    var bias = [Int32](repeating: 0, count: cout)
    for i in 0..<cout { bias[i] = Int32(truncatingIfNeeded: rng.next() % 200_001) - 100_000 }
    let zx = zeroPoint ?? Int32(rng.below(256)) - 128
    let k = width * cin
    let m = 1.0 / (Double(k).squareRoot() * 64 * (1 + rng.unit()))
    var multipliers = [Double](repeating: 0, count: cout)
    for i in 0..<cout { multipliers[i] = m * (0.5 + rng.unit()) }
    let z = Int32(rng.below(200)) - 100
    let relu = rng.below(2) == 0
    do {
        let r = try Requantization(realMultipliers: multipliers, outputZeroPoints: [Int32](repeating: z, count: cout),
                                   lower: [Int32](repeating: relu ? z : -128, count: cout),
                                   upper: [Int32](repeating: 127, count: cout))
        return try Conv1DWeights(inputs: cin, outputs: cout, width: width, taps: taps, padding: padding, weights: w,
                                 bias: bias, inputZeroPoint: zx, requantization: r)
    } catch {
        fatalError("bad test convolution")
    }
}

/// The conv1d twin of `v` (im2col + the dense kernel), or the direct
/// reference when nil, with guard bytes around the output.
func runConv(_ v: ARMVariant?, _ layer: Conv1DWeights, _ x: [Int8], rows: Int) -> (values: [Int8], guardsIntact: Bool) {
    guard let v else {
        var storage = [Int8](repeating: guardValue, count: rows * layer.outputs + 2 * guardCount)
        x.withUnsafeBufferPointer { xb in
            storage.withUnsafeMutableBufferPointer { sb in
                Conv1DScalarRef.run(layer, xb.baseAddress!, rows: rows, sb.baseAddress! + guardCount)
            }
        }
        var intact = true
        for i in 0..<guardCount where storage[i] != guardValue || storage[storage.count - 1 - i] != guardValue { intact = false }
        return (Array(storage[guardCount..<(guardCount + rows * layer.outputs)]), intact)
    }
    let dense: DenseWeights
    do { dense = try layer.asDense() } catch { fatalError("conv1d as dense") }
    var cols = [Int8](repeating: 0, count: max(1, rows * dense.inputs))
    x.withUnsafeBufferPointer { xb in
        cols.withUnsafeMutableBufferPointer { cb in conv1dIm2col(layer, xb.baseAddress!, rows: rows, cb.baseAddress!) }
    }
    return run(v, dense, cols, rows: rows)
}

/// Every conv1d twin of the compiled-in dense variants the CPU runs.
func checkConv1D(_ v: ARMVariant, _ tally: inout Tally) {
    let id = "conv1d_" + v.id.dropFirst("dense_".count)
    let before = tally.passed
    var rng = Rng(state: 31)
    // (T, C_in, C_out, width, taps)
    let shapes: [(Int, Int, Int, Int, [Bool]?)] = [
        (1, 1, 1, 1, nil), (1, 3, 5, 3, nil), (2, 4, 16, 2, nil), (3, 5, 17, 3, [true, false, true]),
        (4, 7, 31, 4, [true, false, false, true]), (5, 8, 33, 5, nil), (6, 16, 48, 3, nil), (9, 13, 65, 2, nil),
        (13, 32, 96, 3, [true, false, true]), (17, 64, 128, 4, [true, false, false, true]), (3, 96, 64, 5, nil),
        (31, 20, 24, 1, nil), (67, 9, 40, 3, nil), (2, 1, 3, 5, [false, true, false, false, true]),
        (5, 256, 80, 3, nil), (8, 130, 130, 2, nil),
    ]
    for (t, cin, cout, width, taps) in shapes {
        for padding in Conv1DPadding.allCases {
            let layer = randomConv(&rng, cin: cin, cout: cout, width: width, taps: taps, padding: padding)
            var x = [Int8](repeating: 0, count: t * cin)
            for i in 0..<x.count { x[i] = rng.int8() }
            let expected = runConv(nil, layer, x, rows: t)
            let actual = runConv(v, layer, x, rows: t)
            let what = id + " T \(t) C_in \(cin) C_out \(cout) width \(width) " + padding.rawValue
            tally.check(actual.values == expected.values, what + ": differs from the reference")
            tally.check(actual.guardsIntact, what + ": wrote outside its output")
        }
    }
    // The fused QRNN gates (z, f, o side by side), as pQRNN runs them.
    for padding in Conv1DPadding.allCases {
        let parts = (0..<3).map { _ in randomConv(&rng, cin: 24, cout: 20, width: 3, taps: nil, padding: padding, zeroPoint: -3) }
        let fused: Conv1DWeights
        do { fused = try Conv1DWeights.fusedGates(z: parts[0], f: parts[1], o: parts[2]) } catch { fatalError("fused gates") }
        var x = [Int8](repeating: 0, count: 11 * 24)
        for i in 0..<x.count { x[i] = rng.int8() }
        let expected = runConv(nil, fused, x, rows: 11)
        let actual = runConv(v, fused, x, rows: 11)
        tally.check(actual.values == expected.values && actual.guardsIntact, id + " fused gates " + padding.rawValue)
    }
    // Extremes: inputs, weights and zero points at both ends (the padded
    // steps read the zero point, so they must add exactly nothing).
    let extremes: [(Int8, Int8, Int32)] = [(-128, -128, 127), (127, 127, -128), (-128, 127, -128), (127, -128, 127), (0, 0, 0)]
    for (xv, wv, zx) in extremes {
        for padding in Conv1DPadding.allCases {
            let layer = randomConv(&rng, cin: 200, cout: 40, width: 5, taps: nil, padding: padding, zeroPoint: zx, weights: wv)
            let x = [Int8](repeating: xv, count: 6 * 200)
            let expected = runConv(nil, layer, x, rows: 6)
            let actual = runConv(v, layer, x, rows: 6)
            tally.check(actual.values == expected.values && actual.guardsIntact,
                        id + " extremes x \(Int(xv)) w \(Int(wv)) zx \(zx) " + padding.rawValue)
        }
    }
    print(id + ": \(tally.passed - before) checks passed")
}
