import Foundation
import TernKernels

// Bench suites: dense. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    static func denseCases(_ ctx: inout BenchContext, family: String, k: Int, n: Int, ternary: Bool) throws -> [BenchCase] {
        let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(k * 64), count: n),
                                   outputZeroPoints: [Int32](repeating: 0, count: n),
                                   lower: [Int32](repeating: -128, count: n), upper: [Int32](repeating: 127, count: n))
        let layer = try DenseWeights(inputs: k, outputs: n, weights: ctx.weights(k * n), bias: [Int32](repeating: 0, count: n),
                                     inputZeroPoint: ternary ? 0 : 3, requantization: r)
        var out: [BenchCase] = []
        let variants = DenseVariants.available.filter { ternary ? $0.accepts(layer) : !$0.ternaryOnly }
        let packed = variants.map { $0.pack(layer) }
        for t in ctx.seqLens {
            let x = ctx.bytes(t * k)
            if ternary { for i in 0..<(t * k) { x[i] = Int8(truncatingIfNeeded: Int(ctx.rng.next() % 4 == 0 ? 1 : 0) - Int(ctx.rng.next() % 4 == 0 ? 1 : 0)) } }
            let y = ctx.buffer(Int8.self, t * n)
            for (v, p) in zip(variants, packed) {
                for threads in ctx.threads where v.isReference ? threads == 1 : true {
                    let run = ctx.splitRows(t, threads: threads) { r0, rows in v.run(p, x + r0 * k, rows: rows, y + r0 * n) }
                    var c = BenchCase(family: family, variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                      shape: "K=\(k) N=\(n)", seqLen: t, threads: threads, macs: t * k * n,
                                      bytes: t * k + t * n + p.byteCount, bound: .compute, modelBytes: p.byteCount, run: run)
                    c.ternaryInput = v.ternaryOnly
                    out.append(c)
                }
            }
        }
        return out
    }

    static let dense = BenchSuite(name: "dense", summary: "dense layers K=512 N=128 and K=256 N=256, rows across threads") { ctx in
        try denseCases(&ctx, family: "dense", k: 512, n: 128, ternary: false)
            + denseCases(&ctx, family: "dense", k: 256, n: 256, ternary: false)
    }

    static let denseTernary = BenchSuite(name: "dense_ternary_input", summary: "the projection-fed bottleneck, K=512 N=128") { ctx in
        try denseCases(&ctx, family: "dense_ternary_input", k: 512, n: 128, ternary: true)
    }
}
