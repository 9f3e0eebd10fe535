// projection_arm_neon's row expansion (scripts/test-arm) against the
// expansion rule of `ProjectionRowExpander` (feature k = the 2-bit code at bit
// 2 (k % 32) of word k / 32, mapped by the reference's ternaryOfCode
// {0, +1, -1, 0}), bit for bit: every feature size 1-130 and longer ones up
// to 4096 (the 32-wide steps and the one-by-one tail), words all 0, all 1,
// each single code repeated, alternating and random, guard bytes around the
// row. The tokenizer and hash around it are the shared fast path, the same
// code on every architecture (ProjectionVariantTests run it on the host).

func checkProjection(_ tally: inout Tally) {
    let before = tally.passed
    var rng = Rng(state: 81)
    let ternaryOfCode: [Int8] = [0, 1, -1, 0]
    var sizes = Array(1...130)
    sizes += [255, 256, 257, 511, 512, 1000, 1023, 1024, 2047, 4095, 4096]
    let patterns: [UInt64] = [0, ~0, 0x5555_5555_5555_5555, 0xAAAA_AAAA_AAAA_AAAA, 0xFFFF_0000_5555_AAAA, 0x0123_4567_89AB_CDEF]
    for f in sizes {
        for trial in 0..<3 {
            let count = (f + 31) / 32
            var words = [UInt64](repeating: 0, count: count)
            for i in 0..<count { words[i] = trial == 0 ? patterns[rng.below(patterns.count)] : rng.next() }
            var expected = [Int8](repeating: guardValue, count: f + 2 * guardCount)
            for k in 0..<f { expected[guardCount + k] = ternaryOfCode[Int((words[k >> 5] >> UInt64(2 * (k & 31))) & 3)] }
            var actual = [Int8](repeating: guardValue, count: f + 2 * guardCount)
            words.withUnsafeBufferPointer { w in
                actual.withUnsafeMutableBufferPointer { projectionARMNEON(w.baseAddress!, f, $0.baseAddress! + guardCount) }
            }
            tally.check(actual == expected, "projection_arm_neon F \(f) trial \(trial): differs from the rule or wrote outside its row")
        }
    }
    print("projection_arm_neon: \(tally.passed - before) checks passed")
}
