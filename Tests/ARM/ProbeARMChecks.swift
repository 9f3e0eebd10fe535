// The bench's arm64 peak probes (Kernels/Probes/probe_arm_*.swift), run under
// qemu by scripts/test-arm: each must execute the instruction it measures
// (a CPU model without it traps, as the script's forced runs show for the
// dense variants) and return its closed form, 16 chains x 4 lanes x
// (products per lane per round) x a x b x iterations, so the work the bench
// divides by the time is the work done. Operands at the int8 extremes too.

func checkProbes(_ tally: inout Tally, chosen: ISALevel, force: Bool) {
    let operands: [(Int8, Int8)] = [(1, 1), (3, -5), (-128, -128), (127, -128), (0, 9)]
    let rounds = [0, 1, 7, 1000]
    func expected(_ perLane: Int, _ a: Int8, _ b: Int8, _ n: Int) -> Int32 {
        Int32(truncatingIfNeeded: 16 &* 4 &* perLane &* Int(a) &* Int(b) &* n)
    }
    var ran: [String] = []
    func check(_ name: String, _ instruction: String, perLane: Int, _ probe: (Int, Int8, Int8) -> Int32) {
        for (a, b) in operands {
            for n in rounds {
                tally.check(probe(n, a, b) == expected(perLane, a, b, n), name + "(\(n), \(Int(a)), \(Int(b)))")
            }
        }
        ran.append(instruction)
    }
    check("probeMullPeakNEON", "neon", perLane: 2) { probeMullPeakNEON($0, $1, $2) }
    #if TERN_ARM_DOTPROD
    if force || chosen.runs(.neonDotProd) { check("probeSDotPeak", "sdot", perLane: 4, probeSDotPeak) }
    #endif
    #if TERN_ARM_I8MM
    if force || chosen.runs(.neonI8MM) { check("probeSMMLAPeak", "smmla", perLane: 8, probeSMMLAPeak) }
    #endif
    print("peak probes (" + ran.joined(separator: ", ") + "): closed forms hold")
}
