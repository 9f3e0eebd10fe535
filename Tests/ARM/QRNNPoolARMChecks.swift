// qrnn_pool_arm_neon against qrnn_pool_scalar_ref (scripts/test-arm), bit for
// bit, with the package's own QRNNPooling (its tables: tanhf / expf from the
// target's libm) and reference: pre-activation and activated gates, both
// directions, padded steps, every channel count 1-20 and the 8- and 4-wide
// tile edges up to 130, gates at -128 / 127, output scales that reach the
// +-1000 clamp and the int8 clamp, exact rounding ties, guard bytes around
// the output. qrnn_pool_q14_arm_neon: equal bit for bit to a scalar model of
// qrnn_pool_q14_x86_avx512's arithmetic (pmulhrsw, saturating adds, the
// rounding shift), and within its written 1 LSB of the float reference on
// 512-step sequences with forget gates near 1 (the x86 test's sequences).

// QRNNPooling's tables (and its Q14 output multiplier) call libm; Glibc is
// not importable in Embedded Swift, so the driver module declares them.
@_extern(c, "tanhf") func tanhf(_ x: Float) -> Float
@_extern(c, "expf") func expf(_ x: Float) -> Float
@_extern(c, "pow") func pow(_ x: Double, _ y: Double) -> Double

enum PoolRunner { case reference, neon, q14, q14Model }

/// Runs one pooling; the output with `guardCount` guard bytes on each side.
func runPoolARM(_ which: PoolRunner, _ p: QRNNPooling, _ gates: [Int8], rows: Int, length: Int, backward: Bool) -> [Int8] {
    var storage = [Int8](repeating: guardValue, count: rows * p.channels + 2 * guardCount)
    let direction: QRNNDirection = backward ? .backward : .forward
    gates.withUnsafeBufferPointer { gb in
        storage.withUnsafeMutableBufferPointer { sb in
            let g = gb.baseAddress!, out = sb.baseAddress! + guardCount
            switch which {
            case .reference:
                qrnnPoolScalarRef(p, g, rows: rows, length: length, direction: direction, out)
            case .neon:
                let state = UnsafeMutablePointer<Float>.allocate(capacity: p.channels)
                defer { state.deallocate() }
                p.allTables.withUnsafeBufferPointer { t in
                    p.linearParameters.withUnsafeBufferPointer { l in
                        qrnnPoolARMNEON(t.baseAddress!, p.gateInput == .activated ? l.baseAddress! : nil, p.channels,
                                        p.inverseOutputScale, p.output.zeroPoint, g, rows, length, backward, state, out)
                    }
                }
            case .q14:
                let state = UnsafeMutablePointer<Int16>.allocate(capacity: p.channels)
                defer { state.deallocate() }
                p.int16Tables.withUnsafeBufferPointer { t in
                    qrnnPoolQ14ARMNEON(t.baseAddress!, p.int16OutputMultiplier!, p.int16OutputShift, p.output.zeroPoint,
                                       p.channels, g, rows, length, backward, state, out)
                }
            case .q14Model:
                q14Model(p, g, rows: rows, length: length, backward: backward, out)
            }
        }
    }
    return storage
}

/// qrnn_pool_q14_x86_avx512's arithmetic, one lane at a time.
func q14Model(_ p: QRNNPooling, _ g: UnsafePointer<Int8>, rows: Int, length: Int, backward: Bool,
              _ out: UnsafeMutablePointer<Int8>) {
    let s = p.channels
    func mulhrs(_ a: Int16, _ b: Int16) -> Int16 { Int16(truncatingIfNeeded: (Int32(a) * Int32(b) + 0x4000) >> 15) }
    func sat(_ v: Int32) -> Int16 { Int16(max(-32768, min(32767, v))) }
    let shift = p.int16OutputShift
    let rounding: Int16 = shift > 0 ? Int16(1) << Int16(shift - 1) : 0
    let k = p.int16OutputMultiplier!
    var c = [Int16](repeating: 0, count: s)
    for step in 0..<rows {
        let t = backward ? rows - 1 - step : step
        for j in 0..<s {
            if t >= length { out[t * s + j] = Int8(p.output.zeroPoint); continue }
            let z = p.int16Tables[Int(g[t * 3 * s + j]) + 128]
            let gate = p.int16Tables[256 + Int(g[t * 3 * s + s + j]) + 128]
            let o = p.int16Tables[512 + Int(g[t * 3 * s + 2 * s + j]) + 128]
            c[j] = c[j] &+ mulhrs(gate, sat(Int32(z) - Int32(c[j])))
            let h = mulhrs(o, c[j])
            var q = sat(Int32(mulhrs(h, k)) + Int32(rounding)) >> Int16(shift)
            q = sat(Int32(q) + p.output.zeroPoint)
            out[t * s + j] = Int8(max(-128, min(127, q)))
        }
    }
}

func checkQRNNPool(_ tally: inout Tally) {
    let before = tally.passed
    var rng = Rng(state: 61)
    func quantization(_ scale: Double, _ zeroPoint: Int32? = nil) -> AffineQuantization {
        do {
            return try AffineQuantization(scale: Float(scale * (0.5 + rng.unit())), zeroPoint: zeroPoint ?? Int32(rng.below(256)) - 128)
        } catch { fatalError("bad quantization") }
    }
    func pooling(_ s: Int, _ mode: QRNNGateInput, output: AffineQuantization? = nil) -> QRNNPooling {
        let out = output ?? quantization(1.0 / 127, Int32(rng.below(41)) - 20)
        do {
            return try QRNNPooling(channels: s, z: quantization(0.05), f: quantization(0.05), o: quantization(0.05),
                                   gateInput: mode, output: out)
        } catch { fatalError("bad pooling") }
    }
    var channelCounts = Array(1...20)
    channelCounts += [23, 24, 31, 32, 33, 63, 64, 67, 128, 130]
    var q14Worst = 0, q14Differing = 0, q14Total = 0
    for mode in [QRNNGateInput.preActivation, .activated] {
        for s in channelCounts {
            for backward in [false, true] {
                let rows = 1 + rng.below(67)
                let length = rng.below(3) == 0 ? rows : 1 + rng.below(rows)
                // Output scales: ordinary, tiny (v reaches the +-1000 clamp), large.
                let outputs = [quantization(1.0 / 127, Int32(rng.below(256)) - 128), quantization(1e-5), quantization(3)]
                let p = pooling(s, mode, output: outputs[rng.below(3)])
                var gates = [Int8](repeating: 0, count: rows * 3 * s)
                let fill = rng.below(6)
                for i in 0..<gates.count {
                    switch fill { case 0: gates[i] = -128; case 1: gates[i] = 127; default: gates[i] = rng.int8() }
                }
                let what = "T \(rows) length \(length) S \(s) \(mode.rawValue) \(backward ? "backward" : "forward")"
                let expected = runPoolARM(.reference, p, gates, rows: rows, length: length, backward: backward)
                let actual = runPoolARM(.neon, p, gates, rows: rows, length: length, backward: backward)
                tally.check(actual == expected, "qrnn_pool_arm_neon " + what + ": differs from the reference or wrote outside its output")
                if p.int16OutputMultiplier != nil {
                    let q14 = runPoolARM(.q14, p, gates, rows: rows, length: length, backward: backward)
                    let model = runPoolARM(.q14Model, p, gates, rows: rows, length: length, backward: backward)
                    tally.check(q14 == model, "qrnn_pool_q14_arm_neon " + what + ": differs from the Q14 model or wrote outside its output")
                }
            }
        }
    }
    // Rounding ties: activated, f = 0 (c = z), o = 1, z = q / 64, output scale 1/32: v = q / 2.
    do {
        let zq = try AffineQuantization(scale: 1.0 / 64, zeroPoint: 0)
        let one = try AffineQuantization(scale: 1, zeroPoint: -128)
        let out = try AffineQuantization(scale: 1.0 / 32, zeroPoint: 3)
        let p = try QRNNPooling(channels: 256, z: zq, f: one, o: one, gateInput: .activated, output: out)
        var gates = [Int8](repeating: 0, count: 3 * 256)
        for j in 0..<256 { gates[j] = Int8(truncatingIfNeeded: j); gates[256 + j] = -128; gates[512 + j] = 127 }
        let expected = runPoolARM(.reference, p, gates, rows: 1, length: 1, backward: false)
        tally.check(runPoolARM(.neon, p, gates, rows: 1, length: 1, backward: false) == expected,
                    "qrnn_pool_arm_neon: rounding ties differ from the reference")
        tally.check(expected[guardCount + 1] == 4 && expected[guardCount + 255] == 2, "qrnn_pool tie case is not a tie")
    } catch { fatalError("bad tie case") }
    // Q14: long sequences, forget gates near 1 in the later trials (as QRNNQ15ErrorTests).
    for trial in 0..<4 {
        let p = pooling(128, .preActivation)
        guard p.int16OutputMultiplier != nil else { continue }
        var gates = [Int8](repeating: 0, count: 512 * 384)
        for i in 0..<gates.count {
            let gate = (i % 384) / 128
            gates[i] = gate == 1 && trial >= 2 ? Int8(100 + rng.below(28)) : rng.int8()
        }
        let expected = runPoolARM(.reference, p, gates, rows: 512, length: 512, backward: false)
        let q14 = runPoolARM(.q14, p, gates, rows: 512, length: 512, backward: false)
        let model = runPoolARM(.q14Model, p, gates, rows: 512, length: 512, backward: false)
        tally.check(q14 == model, "qrnn_pool_q14_arm_neon trial \(trial): differs from the Q14 model")
        for i in guardCount..<(expected.count - guardCount) {
            let d = abs(Int(q14[i]) - Int(expected[i]))
            q14Worst = max(q14Worst, d)
            if d != 0 { q14Differing += 1 }
            q14Total += 1
        }
    }
    tally.check(q14Worst <= 1, "qrnn_pool_q14_arm_neon: \(q14Worst) int8 steps from the float reference (tolerance 1)")
    print("qrnn_pool_arm_neon / qrnn_pool_q14_arm_neon: \(tally.passed - before) checks passed; "
          + "q14 vs float: worst \(q14Worst) int8 steps, \(q14Differing) of \(q14Total) outputs differ")
}
