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
                    let run: () -> Void
                    if threads > 1, let dense = DenseVariants.variant(id: "dense_" + v.id.dropFirst("conv1d_".count)), let dp = p.dense {
                        // Each thread builds its own im2col rows, then multiplies them.
                        let k = dp.inputs, n = dp.outputs
                        run = ctx.splitRows(t, threads: threads) { r0, rows in
                            conv1dIm2col(fused, x, rows: t, building: r0..<(r0 + rows), scratch + r0 * k)
                            dense.run(dp, scratch + r0 * k, rows: rows, y + r0 * n)
                        }
                    } else {
                        run = { v.run(p, x, rows: t, y, scratch: scratch) }
                    }
                    out.append(BenchCase(family: "conv1d_qrnn_gates", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                         shape: "k=\(width) Cin=\(cin) Cout=3x\(s)", seqLen: t, threads: threads,
                                         macs: t * width * cin * 3 * s, bytes: t * cin + t * 3 * s + width * cin * 3 * s,
                                         bound: .compute, modelBytes: p.dense?.byteCount, run: run))
                }
            }
        }
        return out
    }
}
