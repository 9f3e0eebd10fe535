import Foundation
import TernKernels

// Bench suites: requantization and activations. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    static let requantize = BenchSuite(name: "requantize", summary: "int32 -> int8 with fused ReLU, N=256") { ctx in
        let n = 256
        let r = try Requantization(realMultipliers: (0..<n).map { _ in 1e-4 * (1 + Double(ctx.rng.next() % 100) / 100) },
                                   outputZeroPoints: [Int32](repeating: 3, count: n),
                                   lower: [Int32](repeating: 3, count: n), upper: [Int32](repeating: 127, count: n))
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let acc = ctx.buffer(Int32.self, t * n)
            for i in 0..<(t * n) { acc[i] = Int32(truncatingIfNeeded: ctx.rng.next()) >> 8 }
            let y = ctx.buffer(Int8.self, t * n)
            out += RequantizeVariants.available.map { v in
                BenchCase(family: "requantize_relu", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                          shape: "N=\(n)", seqLen: t, macs: 0, bytes: 5 * t * n, bound: .memory) {
                    r.withPointers { v.run(acc, t, n, $0, y) }
                }
            }
        }
        return out
    }

    static let activationLUT = BenchSuite(name: "activation_lut", summary: "256-entry table activation (tanh), N=384") { ctx in
        let n = 384
        let table = ActivationTable(input: try AffineQuantization(scale: 0.05, zeroPoint: 0),
                                    output: try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)) { tanhf($0) }
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let x = ctx.bytes(t * n)
            let y = ctx.buffer(Int8.self, t * n)
            out += ActivationLUTVariants.available.map { v in
                BenchCase(family: "activation_lut", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                          shape: "N=\(n)", seqLen: t, macs: 0, bytes: 2 * t * n, bound: .memory) {
                    v.run(table, x, count: t * n, y)
                }
            }
        }
        return out
    }
}
