// The arm64 test driver of scripts/test-arm (Embedded Swift, run under
// qemu-aarch64). Compiled in one module with the package's own
// Dispatch/ISALevel.swift, Dispatch/ARMFeatures.swift, the quantization
// contract, DenseWeights, DensePacking, the dense scalar reference and
// dense_arm_neon.swift; the dot-product and i8mm variants come from their own
// modules, built with the flags Package.swift gives them and linked in
// (-D TERN_ARM_DOTPROD / -D TERN_ARM_I8MM say which ones this executable carries).
//
// Environment: TERN_ARM_CPU_LEVEL = the level the emulated CPU model has
// (from the script's table of qemu models), so the driver can check that its
// own HWCAP-based choice is right; TERN_ARM_FORCE = 1 runs every compiled-in
// variant whatever the CPU reports (the script expects SIGILL from that on a
// CPU without the extension, so the emulated model is known to lack it).
#if TERN_ARM_DOTPROD
// The ISA modules' kernels, through C symbols (Tests/ARM/*Export.swift says why).
@_extern(c, "tern_arm_dense_dotprod")
func denseARMDotProd(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                  _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                  _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                  _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>, _ scratch: UnsafeMutableRawPointer)
@_extern(c, "tern_arm_dense_dotprod_scratch_bytes") func denseARMDotProdScratchBytes(_ k: Int) -> Int
@_extern(c, "tern_arm_probe_sdot") func probeSDotPeak(_ iterations: Int, _ a: Int8, _ b: Int8) -> Int32
#endif
#if TERN_ARM_I8MM
@_extern(c, "tern_arm_dense_i8mm")
func denseARMI8MM(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
               _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
               _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
               _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>, _ scratch: UnsafeMutableRawPointer)
@_extern(c, "tern_arm_dense_i8mm_scratch_bytes") func denseARMI8MMScratchBytes(_ k: Int) -> Int
@_extern(c, "tern_arm_probe_smmla") func probeSMMLAPeak(_ iterations: Int, _ a: Int8, _ b: Int8) -> Int32
#endif

/// The package's own HWCAP reader (Sources/CTernCPU, built for aarch64 by scripts/test-arm).
@_extern(c, "tern_auxval") func tern_auxval(_ type: UInt) -> UInt64
@_extern(c, "getenv") func getenv(_ name: UnsafePointer<CChar>) -> UnsafePointer<CChar>?
@_extern(c, "exit") func exit(_ status: Int32)

func environment(_ name: StaticString) -> String? {
    guard let value = getenv(UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) else { return nil }
    var bytes: [UInt8] = []
    var p = UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)
    while p.pointee != 0 { bytes.append(p.pointee); p += 1 }
    return String(decoding: bytes, as: UTF8.self)
}

typealias RawDenseKernel = (UnsafeRawPointer, Int, Int, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                            UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                            UnsafePointer<Int8>, Int, UnsafeMutablePointer<Int8>, UnsafeMutableRawPointer) -> Void

/// One arm64 dense variant as the registry sees it: id, level, packing, kernel, scratch.
struct ARMVariant {
    let id: String
    let isa: ISALevel
    let group: Int
    let kernel: RawDenseKernel
    let scratch: (Int) -> Int
}

let compiledVariants: [ARMVariant] = {
    var list = [ARMVariant(id: "dense_arm_neon", isa: .neon, group: 4, kernel: denseARMNEON, scratch: denseARMNEONScratchBytes)]
    #if TERN_ARM_DOTPROD
    list.append(ARMVariant(id: "dense_arm_dotprod", isa: .neonDotProd, group: 4, kernel: denseARMDotProd,
                           scratch: denseARMDotProdScratchBytes))
    #endif
    #if TERN_ARM_I8MM
    list.append(ARMVariant(id: "dense_arm_i8mm", isa: .neonI8MM, group: 8, kernel: denseARMI8MM, scratch: denseARMI8MMScratchBytes))
    #endif
    return list
}()

struct Rng {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func int8() -> Int8 { Int8(truncatingIfNeeded: next()) }
}

/// A random layer in the contract; extremes (-128 and 127 weights) included.
/// With `everyShift`, each channel's real multiplier is drawn from the
/// contract's whole range (2^-31; 2^-30 to 2^-12; 2^-12 to 2^-9; just below
/// 1; 3.5; 2^0 to 2^-11, whose products fall on rounding ties; 2^0 to 2^29,
/// whose products pass int32), so the epilogue meets every shift from 1 to
/// 61, not only a trained layer's 40 or so.
func randomLayer(_ rng: inout Rng, k: Int, n: Int, zeroPoint: Int32? = nil, weights fill: Int8? = nil,
                 relu: Bool, everyShift: Bool = false) -> DenseWeights {
    var w = [Int8](repeating: 0, count: k * n)
    for i in 0..<w.count {
        if let fill { w[i] = fill; continue }
        switch rng.below(10) { case 0: w[i] = -128; case 1: w[i] = 127; default: w[i] = rng.int8() }
    }
    var bias = [Int32](repeating: 0, count: n)
    // With `everyShift`, small biases in half the layers, so that
    // accumulators stay small enough for unsaturated outputs and for ties (a
    // product p with p / 2^r exactly half way, which the contract rounds away
    // from zero); large ones in the other half, so that large multipliers
    // carry results far past int16 (the epilogues' saturating narrows).
    let biasRange: UInt64 = everyShift && rng.below(2) == 0 ? 200 : 100_000
    for i in 0..<n { bias[i] = Int32(truncatingIfNeeded: rng.next() % (2 * biasRange + 1)) - Int32(biasRange) }
    let zx = zeroPoint ?? Int32(rng.below(256)) - 128
    let m = 1.0 / (Double(k).squareRoot() * 64 * (1 + rng.unit()))
    var multipliers = [Double](repeating: 0, count: n)
    for i in 0..<n { multipliers[i] = m * (0.5 + rng.unit()) }
    if everyShift {
        for i in 0..<n {
            switch rng.below(7) {
            case 0: multipliers[i] = 0x1p-31
            case 1: multipliers[i] = Double(sign: .plus, exponent: -12 - rng.below(19), significand: 1 + rng.unit())
            case 2: multipliers[i] = 0.99999
            case 3: multipliers[i] = 3.5
            case 4: multipliers[i] = Double(sign: .plus, exponent: -rng.below(12), significand: 1)
            case 5: multipliers[i] = Double(sign: .plus, exponent: rng.below(30), significand: 1 + rng.unit() / 2)
            default: multipliers[i] = 0x1p-12 * (1 + 7 * rng.unit())
            }
        }
    }
    let z = Int32(rng.below(200)) - 100
    do {
        let r = try Requantization(realMultipliers: multipliers, outputZeroPoints: [Int32](repeating: z, count: n),
                                   lower: [Int32](repeating: relu ? z : -128, count: n),
                                   upper: [Int32](repeating: 127, count: n))
        return try DenseWeights(inputs: k, outputs: n, weights: w, bias: bias, inputZeroPoint: zx, requantization: r)
    } catch {
        fatalError("bad test layer")
    }
}

let guardCount = 64
let guardValue: Int8 = 0x5A

/// Runs `v` (or the reference when nil) with guard bytes around the output.
func run(_ v: ARMVariant?, _ layer: DenseWeights, _ x: [Int8], rows: Int) -> (values: [Int8], guardsIntact: Bool) {
    var storage = [Int8](repeating: guardValue, count: rows * layer.outputs + 2 * guardCount)
    x.withUnsafeBufferPointer { xb in
        storage.withUnsafeMutableBufferPointer { sb in
            let out = sb.baseAddress! + guardCount
            guard let v else {
                DenseScalarRef.run(DenseScalarRef.pack(layer), xb.baseAddress!, rows: rows, out)
                return
            }
            let (packed, r) = DensePacking.arm(group: v.group)(layer, v.id)
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: v.scratch(layer.inputs), alignment: 64)
            defer { scratch.deallocate() }
            packed.bias.withUnsafeBufferPointer { bias in
                r.multipliers.withUnsafeBufferPointer { m in
                    r.shifts.withUnsafeBufferPointer { s in
                        r.zeroPoints.withUnsafeBufferPointer { z in
                            r.lowerBounds.withUnsafeBufferPointer { lo in
                                r.upperBounds.withUnsafeBufferPointer { hi in
                                    v.kernel(UnsafeRawPointer(packed.weights.pointer), layer.inputs, layer.outputs,
                                             bias.baseAddress!, m.baseAddress!, s.baseAddress!, z.baseAddress!,
                                             lo.baseAddress!, hi.baseAddress!, xb.baseAddress!, rows, out, scratch)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    var intact = true
    for i in 0..<guardCount where storage[i] != guardValue || storage[storage.count - 1 - i] != guardValue { intact = false }
    return (Array(storage[guardCount..<(guardCount + rows * layer.outputs)]), intact)
}

// The shapes of DenseTests (tile edges: T 1-67, K 1-1024, N 1-256), plus K
// around the 4-, 8- and 16-byte steps of the arm64 kernels.
let shapes: [(t: Int, k: Int, n: Int)] = [
    (1, 1, 1), (2, 3, 5), (3, 4, 16), (4, 5, 17), (5, 7, 31), (1, 8, 64), (7, 31, 63), (8, 64, 65),
    (9, 127, 128), (13, 128, 129), (16, 129, 130), (17, 256, 15), (31, 33, 80), (67, 64, 48),
    (3, 512, 64), (5, 512, 128), (4, 512, 256), (2, 1024, 256), (4, 1024, 64), (3, 1024, 128), (6, 300, 200),
    (5, 9, 7), (6, 15, 9), (7, 17, 23), (3, 23, 33), (2, 2, 2), (1, 1000, 3),
]

/// Checks passed and failed; each failure printed as it happens.
struct Tally {
    var passed = 0, failed = 0
    mutating func check(_ ok: Bool, _ what: String) {
        if ok { passed += 1 } else { failed += 1; print("FAIL " + what) }
    }
}

@main struct DenseARMDriver {
    static func main() {
        var tally = Tally()
        func check(_ ok: Bool, _ what: String) { tally.check(ok, what) }

        let features = ARMFeatures(hwcap: tern_auxval(ARMFeatures.atHWCAP), hwcap2: tern_auxval(ARMFeatures.atHWCAP2))
        let compiled = compiledVariants.map { $0.isa }
        let chosen = features.highestLevel { $0 == .portable || compiled.contains($0) }
        var line = "cpu features:"
        for name in features.names { line += " " + name }
        print(line + "; compiled in: " + compiledVariants.map { $0.id }.joined(separator: " ") + "; chosen: " + chosen.description)

        // The choice: never a level the CPU lacks, and exactly the expected one.
        check(features.supports(chosen), "chosen level \(chosen.description) is not supported by this CPU")
        if let name = environment("TERN_ARM_CPU_LEVEL") {
            if let cpuLevel = ISALevel(name: name) {
                let expected = compiled.last { cpuLevel.runs($0) } ?? .portable
                check(chosen == expected && features.highestLevel() == cpuLevel,
                      "chose \(chosen.description), expected \(expected.description) (CPU model has \(cpuLevel.description), HWCAP says \(features.highestLevel().description))")
            } else {
                check(false, "TERN_ARM_CPU_LEVEL=\(name) is not a level")
            }
        }

        // The families with a neon variant only (ARMv8.0: every model runs them).
        checkRequantize(&tally)
        checkActivationLUT(&tally)
        checkQRNNPool(&tally)
        checkAttention(&tally)
        checkProjection(&tally)

        let force = environment("TERN_ARM_FORCE") == "1"
        checkProbes(&tally, chosen: chosen, force: force)
        for v in compiledVariants {
            guard force || chosen.runs(v.isa) else {
                print("skip " + v.id + " (needs " + v.isa.description + ")")
                continue
            }
            let before = tally.passed
            var rng = Rng(state: 21)
            // The fixed shapes, then 24 random ones (T 1-20, K 1-300, N 1-80).
            var cases = shapes
            var shapeRng = Rng(state: 17)
            for _ in 0..<24 { cases.append((1 + shapeRng.below(20), 1 + shapeRng.below(300), 1 + shapeRng.below(80))) }
            for s in cases {
                let layer = randomLayer(&rng, k: s.k, n: s.n, relu: rng.below(2) == 0)
                var x = [Int8](repeating: 0, count: s.t * s.k)
                for i in 0..<x.count { x[i] = rng.int8() }
                let expected = run(nil, layer, x, rows: s.t)
                let actual = run(v, layer, x, rows: s.t)
                check(actual.values == expected.values, v.id + " T \(s.t) K \(s.k) N \(s.n): differs from the reference")
                check(actual.guardsIntact, v.id + " T \(s.t) K \(s.k) N \(s.n): wrote outside its output")
            }
            // Every shift in the epilogue (K 1-8, x in -1...1, zero point 0;
            // biases small in half the layers, large in the other half).
            for trial in 0..<40 {
                let t = 1 + rng.below(9), k = 1 + rng.below(8), n = 1 + rng.below(70)
                let layer = randomLayer(&rng, k: k, n: n, zeroPoint: 0, relu: rng.below(2) == 0, everyShift: true)
                var x = [Int8](repeating: 0, count: t * k)
                for i in 0..<x.count { x[i] = Int8(truncatingIfNeeded: rng.below(3)) - 1 }
                let expected = run(nil, layer, x, rows: t)
                let actual = run(v, layer, x, rows: t)
                check(actual.values == expected.values && actual.guardsIntact,
                      v.id + " every shift, trial \(trial): T \(t) K \(k) N \(n) differs from the reference or wrote outside")
            }
            let extremes: [(Int8, Int8, Int32)] = [(-128, -128, 127), (-128, -127, 127), (127, 127, -128), (-128, 127, -128),
                                                   (127, -128, 127), (0, 0, 0)]
            for (xv, wv, zx) in extremes {
                for k in [1000, 1003] {
                    let layer = randomLayer(&rng, k: k, n: 70, zeroPoint: zx, weights: wv, relu: false)
                    let x = [Int8](repeating: xv, count: 6 * k)
                    let expected = run(nil, layer, x, rows: 6)
                    let actual = run(v, layer, x, rows: 6)
                    check(actual.values == expected.values && actual.guardsIntact,
                          v.id + " extremes x \(Int(xv)) w \(Int(wv)) zx \(zx) K \(k)")
                }
            }
            print(v.id + ": \(tally.passed - before) checks passed")
            checkConv1D(v, &tally)
        }
        print("arm: \(tally.passed) passed, \(tally.failed) failed")
        if tally.failed > 0 { exit(1) }
    }
}
