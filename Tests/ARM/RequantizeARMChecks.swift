// requantize_arm_neon against requantize_scalar_ref (scripts/test-arm), bit
// for bit: accumulators at INT32_MIN / INT32_MAX / 0 / +-1 and at rounding
// ties, multipliers at both ends of the contract's [2^30, 2^31) and beyond it
// (0, +-1, INT32_MIN: the variant is exact for any int32), shifts 0, 1, 31,
// 32, 62 and random, zero points and clamps at both ends, every channel tail
// (16-wide steps, 4-wide steps, single channels), guard bytes around the output.

func checkRequantize(_ tally: inout Tally) {
    let before = tally.passed
    var rng = Rng(state: 41)
    let specialAcc: [Int32] = [Int32.min, Int32.max, 0, 1, -1, Int32.min + 1, Int32.max - 1, 1 << 30, -(1 << 30), 3, -3]
    let specialMult: [Int32] = [1 << 30, Int32.max, (1 << 30) + 1, Int32.max - 1, 0, 1, -1, Int32.min]
    let specialShift: [Int32] = [0, 1, 31, 32, 62, 2, 30, 61]
    let channelCounts = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 19, 20, 31, 32, 33, 47, 48, 64, 65, 70, 130]
    for trial in 0..<(channelCounts.count * 12) {
        let channels = channelCounts[trial % channelCounts.count]
        let rows = 1 + rng.below(5)
        var m = [Int32](repeating: 0, count: channels), s = m, z = m, lo = m, hi = m
        for c in 0..<channels {
            m[c] = rng.below(3) == 0 ? specialMult[rng.below(specialMult.count)]
                : Int32(1 << 30) + Int32(truncatingIfNeeded: rng.next() & 0x3FFF_FFFF)
            s[c] = rng.below(3) == 0 ? specialShift[rng.below(specialShift.count)] : Int32(1 + rng.below(62))
            z[c] = [Int32(-128), 127, 0][rng.below(3)]
            if rng.below(2) == 0 { z[c] = Int32(rng.below(256)) - 128 }
            let a = Int32(rng.below(256)) - 128, b = Int32(rng.below(256)) - 128
            (lo[c], hi[c]) = rng.below(3) == 0 ? (-128, 127) : (min(a, b), max(a, b))
            if rng.below(5) == 0 { lo[c] = z[c]; hi[c] = 127 }   // ReLU
        }
        var acc = [Int32](repeating: 0, count: rows * channels)
        for i in 0..<acc.count {
            switch rng.below(4) {
            case 0: acc[i] = specialAcc[rng.below(specialAcc.count)]
            case 1: acc[i] = Int32(truncatingIfNeeded: rng.next() % 200_001) - 100_000
            case 2:
                // A tie: acc * m / 2^r exactly half-way (m = 2^30, r = 31, odd acc).
                let c = i % channels
                m[c] = 1 << 30; s[c] = 31
                acc[i] = Int32(truncatingIfNeeded: rng.next()) | 1
            default: acc[i] = Int32(truncatingIfNeeded: rng.next())
            }
        }
        var expected = [Int8](repeating: guardValue, count: rows * channels + 2 * guardCount)
        var actual = expected
        acc.withUnsafeBufferPointer { ab in
            m.withUnsafeBufferPointer { mb in
                s.withUnsafeBufferPointer { sb in
                    z.withUnsafeBufferPointer { zb in
                        lo.withUnsafeBufferPointer { lb in
                            hi.withUnsafeBufferPointer { hb in
                                let p = RequantizationPointers(multipliers: mb.baseAddress!, shifts: sb.baseAddress!,
                                                               zeroPoints: zb.baseAddress!, lowerBounds: lb.baseAddress!,
                                                               upperBounds: hb.baseAddress!)
                                expected.withUnsafeMutableBufferPointer { eb in
                                    requantizeScalarRef(ab.baseAddress!, rows: rows, channels: channels, p, eb.baseAddress! + guardCount)
                                }
                                actual.withUnsafeMutableBufferPointer { xb in
                                    requantizeARMNEON(ab.baseAddress!, rows, channels, mb.baseAddress!, sb.baseAddress!,
                                                      zb.baseAddress!, lb.baseAddress!, hb.baseAddress!, xb.baseAddress! + guardCount)
                                }
                            }
                        }
                    }
                }
            }
        }
        tally.check(actual == expected, "requantize_arm_neon T \(rows) N \(channels) trial \(trial): differs from the reference or wrote outside its output")
    }
    // Every special accumulator with every special multiplier and shift, one channel per combination.
    var acc: [Int32] = [], m: [Int32] = [], s: [Int32] = []
    for a in specialAcc { for mm in specialMult { for ss in specialShift { acc.append(a); m.append(mm); s.append(ss) } } }
    let n = acc.count
    let z = [Int32](repeating: 0, count: n).enumerated().map { Int32($0.offset % 256) - 128 }
    let lo = [Int32](repeating: -128, count: n), hi = [Int32](repeating: 127, count: n)
    var expected = [Int8](repeating: guardValue, count: n + 2 * guardCount)
    var actual = expected
    acc.withUnsafeBufferPointer { ab in m.withUnsafeBufferPointer { mb in s.withUnsafeBufferPointer { sb in
        z.withUnsafeBufferPointer { zb in lo.withUnsafeBufferPointer { lb in hi.withUnsafeBufferPointer { hb in
            let p = RequantizationPointers(multipliers: mb.baseAddress!, shifts: sb.baseAddress!, zeroPoints: zb.baseAddress!,
                                           lowerBounds: lb.baseAddress!, upperBounds: hb.baseAddress!)
            expected.withUnsafeMutableBufferPointer { requantizeScalarRef(ab.baseAddress!, rows: 1, channels: n, p, $0.baseAddress! + guardCount) }
            actual.withUnsafeMutableBufferPointer {
                requantizeARMNEON(ab.baseAddress!, 1, n, mb.baseAddress!, sb.baseAddress!, zb.baseAddress!, lb.baseAddress!,
                                  hb.baseAddress!, $0.baseAddress! + guardCount)
            }
        } } }
    } } }
    tally.check(actual == expected, "requantize_arm_neon: every extreme accumulator x multiplier x shift (\(n) channels)")
    print("requantize_arm_neon: \(tally.passed - before) checks passed")
}
