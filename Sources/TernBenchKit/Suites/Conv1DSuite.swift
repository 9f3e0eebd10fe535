import Foundation
import TernKernels

// Bench suites: conv1d. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    static let conv1d = BenchSuite(name: "conv1d", summary: "the fused QRNN gate convolution, k=3, 128 -> 3x128") { ctx in
        let (cin, s, width) = (128, 128, 3)
        func gate(_ ctx: inout BenchContext) throws -> Conv1DWeights {
            let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(width * cin * 64), count: s),
                                       outputZeroPoints: [Int32](repeating: 0, count: s),
                                       lower: [Int32](repeating: -128, count: s), upper: [Int32](repeating: 127, count: s))
            return try Conv1DWeights(inputs: cin, outputs: s, width: width, padding: .causal, weights: ctx.weights(width * cin * s),
                                     bias: [Int32](repeating: 0, count: s), inputZeroPoint: -2, requantization: r)
        }
        let fused = try Conv1DWeights.fusedGates(z: gate(&ctx), f: gate(&ctx), o: gate(&ctx))
        let packed = try Conv1DVariants.available.map { try $0.pack(fused) }
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let x = ctx.bytes(t * cin)
            let y = ctx.buffer(Int8.self, t * 3 * s)
            for (v, p) in zip(Conv1DVariants.available, packed) {
                let scratch = ctx.buffer(Int8.self, max(1, p.scratchBytes(rows: t)))
                for threads in ctx.threads where v.isReference || p.dense == nil ? threads == 1 : true {
                    let run = ctx.splitConvolution(v, p, x, rows: t, y, scratch: scratch, threads: threads)
                    out.append(BenchCase(family: "conv1d_qrnn_gates", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                         shape: "k=\(width) Cin=\(cin) Cout=3x\(s)", seqLen: t, threads: threads,
                                         macs: t * width * cin * 3 * s, bytes: t * cin + t * 3 * s + width * cin * 3 * s,
                                         bound: .compute, modelBytes: p.dense?.byteCount, run: run))
                }
            }
        }
        return out
    }

    /// PRADO's n-gram head convolutions (civil_comments: E 64 -> 64 channels,
    /// bigram and trigram, anticausal): small K (128, 192) and N, where the
    /// epilogue and the input panel weigh more than in the gate convolution.
    static let conv1dPRADOHeads = BenchSuite(name: "conv1d_prado_heads",
                                             summary: "PRADO's n-gram head convolutions, k=2 and 3, 64 -> 64") { ctx in
        let (cin, cout) = (64, 64)
        var out: [BenchCase] = []
        for width in [2, 3] {
            let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(width * cin * 64), count: cout),
                                       outputZeroPoints: [Int32](repeating: 0, count: cout),
                                       lower: [Int32](repeating: -128, count: cout), upper: [Int32](repeating: 127, count: cout))
            let layer = try Conv1DWeights(inputs: cin, outputs: cout, width: width, padding: .anticausal,
                                          weights: ctx.weights(width * cin * cout), bias: [Int32](repeating: 0, count: cout),
                                          inputZeroPoint: -128, requantization: r)
            let packed = try Conv1DVariants.available.map { try $0.pack(layer) }
            for t in ctx.seqLens {
                let x = ctx.bytes(t * cin)
                let y = ctx.buffer(Int8.self, t * cout)
                for (v, p) in zip(Conv1DVariants.available, packed) {
                    let scratch = ctx.buffer(Int8.self, max(1, p.scratchBytes(rows: t)))
                    // One head's convolution runs on one thread (the engine splits heads, not rows).
                    for threads in ctx.threads where threads == 1 {
                        out.append(BenchCase(family: "conv1d_prado_head", variant: v.id, isa: v.isa.description,
                                             isReference: v.isReference, shape: "k=\(width) Cin=\(cin) Cout=\(cout)", seqLen: t,
                                             threads: threads, macs: t * width * cin * cout,
                                             bytes: t * cin + t * cout + width * cin * cout, bound: .compute,
                                             modelBytes: p.dense?.byteCount, run: { v.run(p, x, rows: t, y, scratch: scratch) }))
                    }
                }
            }
        }
        return out
    }
}
