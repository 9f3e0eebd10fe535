// attention_arm_neon against attention_scalar_ref (scripts/test-arm), both
// forms (PRADO per channel, pQRNN scalar logit), with the package's own
// AttentionPooling (its exp table from the target's libm): the int8 outputs
// bit for bit (the registry's way: the NEON sums, then the shared
// rounding), and the float sums themselves bit for bit against the
// reference's loop. Channel counts 1-20 and the 16- and 4-wide tile edges up
// to 130, T up to 300 with random lengths, logits at -128 / 127 (index 255),
// logit scales whose exp table reaches subnormals and zero, values at both
// ends, guard floats around the sums.

enum AttentionForm { case perChannel, scalarLogit }

func checkAttention(_ tally: inout Tally) {
    let before = tally.passed
    var rng = Rng(state: 71)
    func q(_ scale: Double, _ zeroPoint: Int32) -> AffineQuantization {
        do { return try AffineQuantization(scale: Float(scale), zeroPoint: zeroPoint) } catch { fatalError("bad quantization") }
    }
    var channelCounts = Array(1...20)
    channelCounts += [31, 32, 33, 47, 48, 64, 130]
    for form in [AttentionForm.perChannel, .scalarLogit] {
        for c in channelCounts {
            for trial in 0..<3 {
                let t = trial == 0 ? 1 + rng.below(8) : 1 + rng.below(300)
                let length = 1 + rng.below(t)
                // Logit scales: ordinary, and large enough that exp(-s i) is subnormal or 0 at the far end.
                let logitScale = [0.02 + 0.1 * rng.unit(), 0.35, 0.6][trial]
                let p = AttentionPooling(logits: q(logitScale, Int32(rng.below(256)) - 128),
                                         values: q(0.01 + 0.05 * rng.unit(), Int32(rng.below(256)) - 128),
                                         output: q(0.01 + 0.05 * rng.unit(), Int32(rng.below(41)) - 20))
                let fill = rng.below(5)
                func byte() -> Int8 {
                    switch fill {
                    case 0: return -128
                    case 1: return 127
                    case 2: return rng.below(2) == 0 ? -128 : 127
                    default: return rng.int8()
                    }
                }
                let logits = (0..<(form == .perChannel ? t * c : t)).map { _ in byte() }
                let values = (0..<(t * c)).map { _ in byte() }
                var expected = [Int8](repeating: guardValue, count: c + 2 * guardCount)
                var actual = expected
                // Numerators at [G, G + C), denominators at [2G + C, 2G + 2C), guard floats around both.
                let g = guardCount, sentinel = Float(bitPattern: 0x7FC0_5A5A)
                var sums = [Float](repeating: sentinel, count: 2 * c + 3 * g)
                logits.withUnsafeBufferPointer { l in
                    values.withUnsafeBufferPointer { v in
                        expected.withUnsafeMutableBufferPointer { e in
                            let out = e.baseAddress! + guardCount
                            if form == .perChannel {
                                AttentionScalarRef.perChannel(p, logits: l.baseAddress!, values: v.baseAddress!, length: length, channels: c, out)
                            } else {
                                AttentionScalarRef.scalarLogit(p, logits: l.baseAddress!, values: v.baseAddress!, length: length, channels: c, out)
                            }
                        }
                        p.expTable.withUnsafeBufferPointer { table in
                            sums.withUnsafeMutableBufferPointer { s in
                                attentionARMNEON(table.baseAddress!, form == .perChannel, l.baseAddress!, v.baseAddress!,
                                                     length, c, p.values.zeroPoint, s.baseAddress! + g, s.baseAddress! + (2 * g + c))
                            }
                        }
                        actual.withUnsafeMutableBufferPointer { a in
                            for j in 0..<c { a[guardCount + j] = p.quantize(sums[g + j], sums[2 * g + c + j]) }
                        }
                    }
                }
                // The reference's sums, its loops verbatim.
                var sumsAgree = true
                for j in 0..<c {
                    var m = Int32.min
                    for tt in 0..<length { m = max(m, Int32(logits[form == .perChannel ? tt * c + j : tt])) }
                    var numerator: Float = 0, denominator: Float = 0
                    for tt in 0..<length {
                        let e = p.expTable[Int(m - Int32(logits[form == .perChannel ? tt * c + j : tt]))]
                        numerator += e * Float(Int32(values[tt * c + j]) - p.values.zeroPoint)
                        denominator += e
                    }
                    if numerator.bitPattern != sums[g + j].bitPattern || denominator.bitPattern != sums[2 * g + c + j].bitPattern {
                        sumsAgree = false
                    }
                }
                var guardsIntact = true
                for i in 0..<g where sums[i].bitPattern != sentinel.bitPattern || sums[g + c + i].bitPattern != sentinel.bitPattern
                    || sums[2 * g + 2 * c + i].bitPattern != sentinel.bitPattern { guardsIntact = false }
                let what = "attention_arm_neon \(form == .perChannel ? "per channel" : "scalar logit") T \(t) length \(length) C \(c) logit scale case \(trial)"
                tally.check(actual == expected, what + ": output differs from the reference")
                tally.check(sumsAgree, what + ": sums differ from the reference's")
                tally.check(guardsIntact, what + ": wrote outside its numerators or denominators")
            }
        }
    }
    // Zero points no quantization has, passed to the kernel directly: the
    // 16-channel loops need z_V in int16 (per channel) or in -2^21...2^21
    // (scalar logit) and leave others to the 4-channel loops. Sums bit for bit.
    for z: Int32 in [255, 383, 32767, -32768, 32768, -40000, 1 << 21, -(1 << 21), (1 << 21) + 1, -3_000_000, 1 << 28] {
        for form in [AttentionForm.perChannel, .scalarLogit] {
            let c = 37, t = 1 + rng.below(40)
            let table = (0..<256).map { Float(bitPattern: 0x3F80_0000 - UInt32($0) * 0x0002_0000) }
            let logits = (0..<(form == .perChannel ? t * c : t)).map { _ in rng.int8() }
            let values = (0..<(t * c)).map { _ in rng.int8() }
            var sums = [Float](repeating: 0, count: 2 * c)
            table.withUnsafeBufferPointer { tb in
                sums.withUnsafeMutableBufferPointer { s in
                    attentionARMNEON(tb.baseAddress!, form == .perChannel, logits, values, t, c, z, s.baseAddress!, s.baseAddress! + c)
                }
            }
            var agree = true
            for j in 0..<c {
                var m = Int32.min
                for tt in 0..<t { m = max(m, Int32(logits[form == .perChannel ? tt * c + j : tt])) }
                var numerator: Float = 0, denominator: Float = 0
                for tt in 0..<t {
                    let e = table[Int(m - Int32(logits[form == .perChannel ? tt * c + j : tt]))]
                    numerator += e * Float(Int32(values[tt * c + j]) - z)
                    denominator += e
                }
                if numerator.bitPattern != sums[j].bitPattern || denominator.bitPattern != sums[c + j].bitPattern { agree = false }
            }
            tally.check(agree, "attention_arm_neon \(form == .perChannel ? "per channel" : "scalar logit") z_V \(z): sums differ from the reference's")
        }
    }
    print("attention_arm_neon: \(tally.passed - before) checks passed")
}
