// activation_lut_arm_neon against activation_lut_scalar_ref (scripts/test-arm),
// bit for bit: random, identity, reversed and constant tables (so every
// quarter of the 4-register tables and each of its bytes shows), every one of
// the 256 inputs, counts 0-100 and long ones (32-, 16- and 1-wide steps),
// unaligned input and output, guard bytes around the output.

func checkActivationLUT(_ tally: inout Tally) {
    let before = tally.passed
    var rng = Rng(state: 51)
    var tables: [[Int8]] = []
    tables.append((0..<256).map { Int8(truncatingIfNeeded: $0 - 128) })          // identity
    tables.append((0..<256).map { Int8(truncatingIfNeeded: 127 - $0) })          // reversed
    tables.append([Int8](repeating: -128, count: 256))
    tables.append([Int8](repeating: 127, count: 256))
    tables.append((0..<256).map { Int8(truncatingIfNeeded: $0 / 64 * 50 - 75) })  // one value per quarter
    for _ in 0..<6 { tables.append((0..<256).map { _ in rng.int8() }) }
    var counts = Array(0...100)
    counts += [127, 128, 129, 255, 256, 257, 1000, 4097]
    for (ti, table) in tables.enumerated() {
        for count in counts {
            let offset = rng.below(16)
            var x = [Int8](repeating: 0, count: count + 16)
            for i in 0..<x.count { x[i] = rng.int8() }
            if count >= 256 { for v in 0..<256 { x[offset + v] = Int8(truncatingIfNeeded: v) } }   // every input
            var expected = [Int8](repeating: guardValue, count: count + 2 * guardCount)
            var actual = expected
            let outOffset = guardCount - offset % 8   // unaligned output too
            table.withUnsafeBufferPointer { tb in
                x.withUnsafeBufferPointer { xb in
                    expected.withUnsafeMutableBufferPointer { activationLUTScalarRef(tb.baseAddress!, xb.baseAddress! + offset, count, $0.baseAddress! + outOffset) }
                    actual.withUnsafeMutableBufferPointer { activationLUTARMNEON(tb.baseAddress!, xb.baseAddress! + offset, count, $0.baseAddress! + outOffset) }
                }
            }
            tally.check(actual == expected, "activation_lut_arm_neon table \(ti) count \(count): differs from the reference or wrote outside its output")
        }
    }
    print("activation_lut_arm_neon: \(tally.passed - before) checks passed")
}
